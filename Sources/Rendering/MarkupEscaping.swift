/// Text escaped for HTML and XML, in element content and in quoted attribute values alike.
///
/// `&`, `<`, `>`, `"` and `'` become references. The escaping goes by Unicode scalar, never by
/// `Character`: a `<` or `"` followed by a combining mark is one Character, which a Character
/// comparison would not see as `<` or `"`, and would leave raw. Scalars XML 1.0 does not allow
/// (C0 controls other than tab, newline and carriage return; U+FFFE, U+FFFF) become U+FFFD, so
/// the result is also well-formed XML text (the archive's Atom feed).
public enum MarkupEscaping {
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsWork) else { return text }
        // On UTF-8 bytes: every scalar that changes is ASCII, or U+FFFE / U+FFFF (EF BF BE /
        // EF BF BF), and a UTF-8 byte below 0x80 is always a whole scalar, so the rest is copied
        // as it is. (Appending to a String.UnicodeScalarView copied the whole result each time:
        // quadratic, 25 s for the archive of one 5,000-item briefing.)
        let bytes = Array(text.utf8)
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 8 + 16)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\""): result.append(contentsOf: "&quot;".utf8)
            case UInt8(ascii: "'"): result.append(contentsOf: "&#39;".utf8)
            case 0x09, 0x0A, 0x0D: result.append(byte)
            case 0..<0x20: result.append(contentsOf: replacement)
            case 0xEF
            where index + 2 < bytes.count && bytes[index + 1] == 0xBF
                && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF):
                result.append(contentsOf: replacement)
                index += 2
            default: result.append(byte)
            }
            index += 1
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// U+FFFD in UTF-8.
    private static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    private static func needsWork(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "&", "<", ">", "\"", "'": true
        default: !isAllowedInXML(scalar)
        }
    }

    private static func isAllowedInXML(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: true
        case 0..<0x20, 0xFFFE, 0xFFFF: false
        default: true
        }
    }
}
