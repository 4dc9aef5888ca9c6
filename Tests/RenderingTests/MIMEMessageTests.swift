import BriefingCore
import Foundation
import Testing

@testable import Rendering

@Suite struct MIMEMessageTests {
    /// Undoes quoted-printable (soft line breaks and =XX escapes), for checking.
    static func decodeQuotedPrintable(_ text: String) -> String {
        let joined = Array(text.replacingOccurrences(of: "=\r\n", with: "").utf8)
        var bytes: [UInt8] = []
        var index = 0
        while index < joined.count {
            if joined[index] == UInt8(ascii: "="), index + 2 < joined.count,
                let value = UInt8(String(decoding: joined[(index + 1)...(index + 2)], as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(joined[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func messageIsWellFormedMultipartAlternative() throws {
        let renderer = BriefingRenderer(format: .text)
        let message = renderer.message(
            BriefingRendererTests.briefing, from: "briefing <b@example.com>", to: ["r@example.com"])
        let raw = message.rendered()
        let (head, body) = try #require(raw.split(separator: "\r\n\r\n", maxSplits: 1).map(String.init).pairs)
        // Every line ends in CRLF and stays within 998 characters; the headers we promise exist.
        #expect(!raw.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })
        for header in [
            "From: ", "To: ", "Subject: =?UTF-8?B?", "Date: Sat, 28 Nov 2026 09:46:40 +0000", "Message-ID: <briefing.",
            "MIME-Version: 1.0",
        ] {
            #expect(head.contains(header), "missing \(header)")
        }
        let boundary = try #require(
            head.components(separatedBy: "boundary=\"").last?.components(separatedBy: "\"").first)
        let parts = body.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4)  // preamble, text, html, closing "--"
        #expect(parts[3].hasPrefix("--"))
        #expect(parts[1].contains("Content-Type: text/plain; charset=utf-8"))
        #expect(parts[2].contains("Content-Type: text/html; charset=utf-8"))
        let textBody = try #require(parts[1].range(of: "\r\n\r\n").map { String(parts[1][$0.upperBound...]) })
        let decoded = Self.decodeQuotedPrintable(textBody)
        let expected = BriefingRenderer(format: .text).render(BriefingRendererTests.briefing)
        #expect(
            decoded.replacingOccurrences(of: "\r\n", with: "\n").hasPrefix(expected.trimmingCharacters(in: .newlines)))
        // The subject decodes to the title and date.
        let encoded = try #require(
            head.components(separatedBy: "Subject: ").last?.components(separatedBy: "\r\nDate").first)
        #expect(Self.decodeEncodedWords(encoded) == "Morning briefing — Saturday, 28 November 2026")
    }

    /// Undoes RFC 2047 "B" encoded words separated by folding white space, for checking.
    static func decodeEncodedWords(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\r\n" })
        var bytes = Data()
        for word in words where word.hasPrefix("=?UTF-8?B?") && word.hasSuffix("?=") {
            bytes += Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) ?? Data()
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The header block of `message` rendered, as its lines.
    static func headerLines(_ message: MIMEMessage) -> [String] {
        let raw = message.rendered()
        let head = raw.components(separatedBy: "\r\n\r\n").first ?? ""
        return head.components(separatedBy: "\r\n")
    }

    /// A header field unfolded (RFC 5322 2.2.3: CRLF before white space removed).
    static func field(_ name: String, in lines: [String]) -> String? {
        guard let start = lines.firstIndex(where: { $0.hasPrefix("\(name): ") }) else { return nil }
        var value = String(lines[start].dropFirst(name.count + 2))
        for line in lines[(start + 1)...] {
            guard line.hasPrefix(" ") || line.hasPrefix("\t") else { break }
            value += line
        }
        return value
    }

    static func message(from: String, to: [String], subject: String) -> MIMEMessage {
        MIMEMessage(
            from: from, to: to, subject: subject, date: Date(timeIntervalSince1970: 1_795_852_800), text: "Hello.",
            html: "<p>Hello.</p>", identity: "test")
    }

    @Test func longSubjectsFoldWithinSeventyEightCharactersAndUnfoldToTheSubject() throws {
        let nonASCII = "Ünïcødé Brïefing — 日本語のニュース — " + String(repeating: "Zoë Ångström ", count: 8)
        let ascii = "Daily briefing: " + String(repeating: "markets, weather and the  news of the day ", count: 4)
        for subject in [nonASCII, ascii] {
            let lines = Self.headerLines(Self.message(from: "b@example.com", to: ["r@example.com"], subject: subject))
            #expect(lines.allSatisfy { $0.utf8.count <= 78 }, "\(lines.map(\.utf8.count))")
            let subjectLines = lines.drop { !$0.hasPrefix("Subject: ") }.prefix { !$0.hasPrefix("Date: ") }
            #expect(subjectLines.count > 2)
            #expect(
                subjectLines.dropFirst().allSatisfy {
                    $0.hasPrefix(" ") && !$0.trimmingCharacters(in: .whitespaces).isEmpty
                })
            let field = try #require(Self.field("Subject", in: lines))
            if subject == ascii {
                // Folded at its own spaces: unfolding gives the subject back, double space and all.
                #expect(field == subject)
            } else {
                #expect(field.hasPrefix("=?UTF-8?B?"))
                #expect(Self.decodeEncodedWords(field) == subject)
            }
        }
    }

    @Test func displayNamesAreEncodedOrQuotedAndAddressesKept() throws {
        let message = Self.message(
            from: "Zoë Ångström <zoe@example.com>",
            to: [
                "\"Doe, Jane\" <jane@example.com>", "Plain Name <plain@example.com>", "bare@example.com",
                "Ünïcødé Brïefing — 日本語 <u@example.com>", "Say \"hi\" <hi@example.com>",
            ],
            subject: "Hello")
        let lines = Self.headerLines(message)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 && $0.utf8.allSatisfy { $0 < 0x80 } })
        let from = try #require(Self.field("From", in: lines))
        #expect(from.hasPrefix("=?UTF-8?B?"))
        #expect(from.hasSuffix(" <zoe@example.com>"))
        #expect(Self.decodeEncodedWords(String(from.dropLast(" <zoe@example.com>".count))) == "Zoë Ångström")
        let to = try #require(Self.field("To", in: lines))
        #expect(
            to.hasPrefix(
                "\"Doe, Jane\" <jane@example.com>, Plain Name <plain@example.com>, bare@example.com, =?UTF-8?B?"))
        #expect(to.hasSuffix(" <u@example.com>, \"Say \\\"hi\\\"\" <hi@example.com>"))
        #expect(lines.first { $0.hasPrefix("Message-ID: ") }?.hasSuffix("@example.com>") == true)
    }

    @Test func controlCharactersInAnyFieldCannotAddAHeader() {
        let message = Self.message(
            from: "a@b\r\nBcc: evil@example.com", to: ["Name\r\nBcc: x@example.com <r@example.com>", "c@d\nX: y"],
            subject: "Hi\r\nBcc: evil@example.com\u{0}")
        let lines = Self.headerLines(message)
        let names = lines.filter { !$0.hasPrefix(" ") }.map { $0.components(separatedBy: ":").first ?? "" }
        #expect(names == ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type"])
        #expect(!message.rendered().utf8.contains(0))
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func quotedPrintableKeepsLinesShortAndEncodesWhatItMust() {
        let long = String(repeating: "é", count: 60) + " end "
        let encoded = MIMEEncoding.quotedPrintable(long + "\n.dot\na=b")
        for line in encoded.split(separator: "\n") { #expect(line.count <= 76) }
        #expect(encoded.contains("=C3=A9"))
        #expect(encoded.contains("end=20"))
        #expect(encoded.contains("\n=2Edot\n"))
        #expect(encoded.hasSuffix("a=3Db"))
    }

    @Test func htmlIsEscapedAndSelfContained() {
        var briefing = BriefingRendererTests.briefing
        briefing.sections[0].entries[0].title = "<script>alert(1)</script> & co"
        let html = BriefingRenderer(format: .html).render(briefing)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co"))
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<link"))
        #expect(html.contains("style=\""))
    }
}

extension Array where Element == String {
    fileprivate var pairs: (String, String)? { count == 2 ? (self[0], self[1]) : nil }
}
