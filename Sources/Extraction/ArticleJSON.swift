import Foundation

extension Article {
    /// The article as one JSON object with the keys `title`, `byline`, `published`, `site_name`,
    /// `language`, `canonical_url`, `description` and `text`, in that order; absent fields are `null`.
    public var json: String {
        let fields: [(String, String?)] = [
            ("title", title), ("byline", byline), ("published", published), ("site_name", siteName),
            ("language", language), ("canonical_url", canonicalURL), ("description", description), ("text", text),
        ]
        let members = fields.map { key, value in
            "\(Self.jsonString(key)):\(value.map(Self.jsonString) ?? "null")"
        }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// The article as text: the title, one `Label: value` line per metadata field present, a blank
    /// line, then the text.
    public var plainText: String {
        var lines: [String] = []
        if let title { lines.append(title) }
        let fields: [(String, String?)] = [
            ("By", byline), ("Published", published), ("Site", siteName), ("Language", language),
            ("URL", canonicalURL), ("Description", description),
        ]
        for (label, value) in fields {
            if let value { lines.append("\(label): \(value)") }
        }
        return lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n\n") + text
    }

    /// `value` as a JSON string literal (control characters escaped, non-ASCII kept as is).
    static func jsonString(_ value: String) -> String {
        var result = "\""
        result.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{2028}": result += "\\u2028"
            case "\u{2029}": result += "\\u2029"
            default:
                if scalar.value < 0x20 {
                    result += String(format: "\\u%04x", scalar.value)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
