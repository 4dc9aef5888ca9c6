import BriefingCore
import Foundation

/// Maps JSON Feed 1.0 and 1.1 documents to `Feed`.
///
/// `version` `https://jsonfeed.org/version/1` is `json10`, `.../1.1` is `json11`; the bare
/// strings `"1.0"` / `"1.1"` some producers write are accepted as the same versions. Item text:
/// `content_html` (else `content_text`) is the content, `summary` the summary. Author: item
/// `authors[0]`, item `author`, feed `authors[0]`, feed `author`. Attachments are enclosures.
/// Item URLs are resolved against the feed URL.
enum JSONFeedParser {
    static func parse(_ data: Data, baseURL: String?, keepHTML: Bool = true) throws(FeedParsingError) -> Feed {
        // JSONSerialization recurses per nesting level: refuse absurd nesting before it does.
        guard maxNesting(data, limit: 256) != nil else {
            throw FeedParsingError("JSON nested deeper than 256 levels")
        }
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw FeedParsingError("invalid JSON: \(error.localizedDescription)")
        }
        guard let root = object as? [String: Any] else {
            throw FeedParsingError("JSON Feed is not an object")
        }
        let version = (root["version"] as? String) ?? ""
        let format: FeedFormat
        if version.hasPrefix("https://jsonfeed.org/version/1.1") || version == "1.1" {
            format = .json11
        } else if version.hasPrefix("https://jsonfeed.org/version/1") || version == "1.0"
            || version == "1"
        {
            format = .json10
        } else if root["items"] is [Any] {
            format = .json
        } else {
            throw FeedParsingError("not a JSON Feed: no version and no items")
        }
        let base =
            string(root["feed_url"]).flatMap { URLResolution.hasScheme($0) ? $0 : nil } ?? baseURL
        var feed = Feed(format: format)
        feed.title = string(root["title"]).map(ContentText.singleLine)
        feed.link = string(root["home_page_url"]).map { URLResolution.resolve($0, against: baseURL) }
        let feedAuthor = author(root)
        let items = root["items"] as? [Any] ?? []
        feed.items = items.compactMap {
            ($0 as? [String: Any]).map { item($0, feedAuthor: feedAuthor, base: base, keepHTML: keepHTML) }
        }
        return feed
    }

    private static func item(_ object: [String: Any], feedAuthor: String?, base: String?, keepHTML: Bool)
        -> FeedItem
    {
        var id: String?
        if let text = object["id"] as? String {
            id = text
        } else if let number = object["id"] as? NSNumber {
            id = number.stringValue
        }
        let title = string(object["title"]).map(ContentText.singleLine)
        let link = string(object["url"]).map { URLResolution.resolve($0, against: base) }
        let published = string(object["date_published"]).flatMap(DateParser.parse)
        let updated = string(object["date_modified"]).flatMap(DateParser.parse)
        var content: ContentText?
        if let html = string(object["content_html"]) {
            content = ContentText.fromHTML(html, keepHTML: keepHTML)
        } else if let text = string(object["content_text"]) {
            content = ContentText.fromPlain(text)
        }
        let summary = string(object["summary"]).map(ContentText.fromPlain)
        var enclosures: [Enclosure] = []
        for attachment in object["attachments"] as? [Any] ?? [] {
            guard let attachment = attachment as? [String: Any], let url = string(attachment["url"])
            else { continue }
            let size = (attachment["size_in_bytes"] as? NSNumber)?.intValue
            enclosures.append(
                Enclosure(
                    url: URLResolution.resolve(url, against: base), type: string(attachment["mime_type"]),
                    length: size))
        }
        return FeedItem(
            id: ItemAssembly.stableID(id: id, title: title, link: link, date: published ?? updated),
            title: title, link: link, published: published, updated: updated,
            author: author(object) ?? feedAuthor, summaryText: summary?.plain,
            contentText: content?.plain,
            summaryHTML: nil, contentHTML: content?.html, enclosures: enclosures,
            categories: (object["tags"] as? [Any] ?? []).compactMap {
                string($0).flatMap { ItemAssembly.nonEmpty(ContentText.singleLine($0)) }
            })
    }

    private static func author(_ object: [String: Any]) -> String? {
        if let authors = object["authors"] as? [Any], let first = authors.first as? [String: Any],
            let name = string(first["name"])
        {
            return name
        }
        if let author = object["author"] as? [String: Any], let name = string(author["name"]) {
            return name
        }
        return nil
    }

    /// The deepest nesting of arrays and objects (strings skipped), or nil past `limit`.
    static func maxNesting(_ data: Data, limit: Int) -> Int? {
        data.withUnsafeBytes { raw -> Int? in
            var depth = 0
            var deepest = 0
            var inString = false
            var escaped = false
            for byte in raw {
                if inString {
                    if escaped {
                        escaped = false
                    } else if byte == UInt8(ascii: "\\") {
                        escaped = true
                    } else if byte == UInt8(ascii: "\"") {
                        inString = false
                    }
                    continue
                }
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    depth += 1
                    if depth > limit { return nil }
                    deepest = max(deepest, depth)
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                default: break
                }
            }
            return deepest
        }
    }

    private static func string(_ value: Any?) -> String? {
        guard let text = value as? String else { return nil }
        return text
    }
}
