import BriefingCore
import Foundation

/// A complete RFC 5322 message: multipart/alternative with a plain-text and an HTML part, both
/// UTF-8 and quoted-printable (RFC 2045), with Date, Message-ID, and From, To and Subject
/// written by `HeaderField`: encoded words (RFC 2047) for text that is not ASCII, lines folded to
/// 78 characters, and control characters in any value turned into spaces, so that whatever the
/// fields hold, they cannot add a header.
public struct MIMEMessage: Sendable, Hashable {
    public var from: String
    public var to: [String]
    public var subject: String
    public var date: Date
    public var text: String
    public var html: String
    /// Seeds the Message-ID and boundary, so that the same briefing gives the same message.
    public var identity: String
    /// A `mailto:` or web URL written as the `List-Unsubscribe` header (RFC 2369), when set.
    /// It must be one ``Subscription/unsubscribeURL(_:)`` accepts (checked again here: a URL it
    /// refuses writes no header).
    public var listUnsubscribe: String?

    public init(from: String, to: [String], subject: String, date: Date, text: String, html: String, identity: String) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
        self.identity = identity
    }

    /// The message with CRLF line endings, ready for SMTP's DATA.
    public func rendered() -> String {
        let token = MIMEEncoding.token(identity)
        let boundary = "=_briefing_\(token)"
        let domain = MailAddress(HeaderField.inert(from)).domain ?? "localhost"
        var lines: [String] = [
            HeaderField.addresses("From", [from]),
            HeaderField.addresses("To", to),
            HeaderField.unstructured("Subject", subject),
            "Date: \(MIMEEncoding.rfc5322Date(date))",
            "Message-ID: <briefing.\(token)@\(domain)>",
        ]
        if let url = listUnsubscribe.flatMap(Subscription.unsubscribeURL) {
            lines.append(HeaderField.fold("List-Unsubscribe", ["<\(url)>"]))
        }
        lines += [
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "",
            "This is a multi-part message in MIME format.",
            "",
            "--\(boundary)",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            MIMEEncoding.quotedPrintable(text),
            "--\(boundary)",
            "Content-Type: text/html; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
            "",
            MIMEEncoding.quotedPrintable(html),
            "--\(boundary)--",
            "",
        ]
        // Every line break becomes CRLF (the parts' own lines included).
        var output: [UInt8] = []
        for byte in lines.joined(separator: "\n").utf8 where byte != 0x0D {
            if byte == 0x0A { output.append(0x0D) }
            output.append(byte)
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// The encodings a mail message needs.
enum MIMEEncoding {
    /// Quoted-printable: lines of at most 76 characters, soft breaks with "=", every byte outside
    /// printable ASCII (and "=") as =XX; trailing spaces encoded.
    static func quotedPrintable(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        var column = 0
        let bytes = Array(text.utf8)
        var index = 0
        while index < bytes.count {
            var byte = bytes[index]
            if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                index += 1
                byte = 0x0A
            }
            if byte == 0x0A {
                output.append(0x0A)
                column = 0
                index += 1
                continue
            }
            let lineEnds = index + 1 == bytes.count || bytes[index + 1] == 0x0A || bytes[index + 1] == 0x0D
            // Encoded: everything outside printable ASCII, "=", white space ending a line, and a
            // dot opening a line (so no line can read as SMTP's end of data).
            var encode = !((byte >= 33 && byte <= 126 && byte != 61) || ((byte == 32 || byte == 9) && !lineEnds))
            // A line may hold 75 characters plus the soft-break "=".
            if column + (encode ? 3 : 1) > 75 {
                output.append(contentsOf: [61, 0x0A])
                column = 0
            }
            if column == 0 && byte == 46 { encode = true }
            if encode {
                output.append(contentsOf: [61, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                column += 3
            } else {
                output.append(byte)
                column += 1
            }
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// A short hex token derived from `seed` (``StableHash``, not zero-padded).
    static func token(_ seed: String) -> String {
        String(StableHash.fnv1a64(seed), radix: 16)
    }
}
