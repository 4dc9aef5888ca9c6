import BriefingCore
import Foundation

extension Article {
    /// The article as one JSON object with the keys `title`, `byline`, `published`, `site_name`,
    /// `language`, `canonical_url`, `description` and `text`, in that order; absent fields are `null`.
    public var json: String { JSONValue.object(jsonMembers).text }

    /// The members of ``json``, in its order, for outputs that add their own (`extract --batch`).
    public var jsonMembers: [(String, JSONValue)] {
        [
            ("title", JSONValue(title)), ("byline", JSONValue(byline)), ("published", JSONValue(published)),
            ("site_name", JSONValue(siteName)), ("language", JSONValue(language)),
            ("canonical_url", JSONValue(canonicalURL)), ("description", JSONValue(description)),
            ("text", .string(text)),
        ]
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
}
