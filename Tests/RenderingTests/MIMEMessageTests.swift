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
        let words = encoded.components(separatedBy: "\r\n ").map {
            String(decoding: Data(base64Encoded: String($0.dropFirst(10).dropLast(2))) ?? Data(), as: UTF8.self)
        }
        #expect(words.joined() == "Morning briefing — Saturday, 28 November 2026")
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
