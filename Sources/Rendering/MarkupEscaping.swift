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
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result.append(contentsOf: "&amp;".unicodeScalars)
            case "<": result.append(contentsOf: "&lt;".unicodeScalars)
            case ">": result.append(contentsOf: "&gt;".unicodeScalars)
            case "\"": result.append(contentsOf: "&quot;".unicodeScalars)
            case "'": result.append(contentsOf: "&#39;".unicodeScalars)
            default: result.append(isAllowedInXML(scalar) ? scalar : "\u{FFFD}")
            }
        }
        return String(result)
    }

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
