import BriefingCore
import Foundation

/// Reads and writes OPML feed lists; outline groups become briefing sections.
///
/// Grouping: an `outline` with child outlines is a group. Nested groups are flattened into
/// one section named "Parent / Child", so that no feed loses its place. Feeds (outlines with
/// `xmlUrl`) outside any group go into a group named after the document's `head/title`, else
/// "Feeds". A feed's title is its `title` attribute, else its `text`. Group order and feed order
/// follow the file; a group that appears twice is merged.
public enum OPML {
    /// Reads an OPML document. Relative `xmlUrl` values are resolved against `baseURL`
    /// (for a file, its `file://` URL).
    public static func read(_ data: Data, baseURL: String?) throws(FeedParsingError) -> FeedList {
        guard !data.isEmpty else { throw FeedParsingError("OPML: the document is empty") }
        let decoded = EncodingDetection.decode(data, contentType: nil)
        let result = decoded.withUnsafeBufferPointer { buffer -> Result<FeedList, FeedParsingError> in
            Result { () throws(FeedParsingError) in
                let document: MarkupDocument
                do throws(FeedParsingError) {
                    document = try XMLTreeBuilder.parse(buffer, base: baseURL)
                } catch {
                    throw FeedParsingError("OPML: \(error.message)")
                }
                return try list(from: document, baseURL: baseURL)
            }
        }
        return try result.get()
    }

    /// Maps a parsed OPML document to a feed list.
    private static func list(from document: MarkupDocument, baseURL: String?) throws(FeedParsingError)
        -> FeedList
    {
        guard document.root.localName.lowercased() == "opml" else {
            throw FeedParsingError(
                "OPML: the root element is <\(document.root.qualifiedName)>, not <opml>")
        }
        guard let body = document.root.elements.first(where: { $0.localName.lowercased() == "body" })
        else {
            throw FeedParsingError("OPML: no <body> element")
        }
        let head = document.root.elements.first(where: { $0.localName.lowercased() == "head" })
        let title = head?.elements.first(where: { $0.localName.lowercased() == "title" }).flatMap {
            ItemAssembly.nonEmpty(ContentText.singleLine($0.deepText))
        }
        let defaultGroup = title ?? "Feeds"
        var order: [String] = []
        var feedsByGroup: [String: [FeedSource]] = [:]

        func add(_ source: FeedSource) {
            if feedsByGroup[source.group] == nil {
                order.append(source.group)
                feedsByGroup[source.group] = []
            }
            feedsByGroup[source.group]?.append(source)
        }

        func visit(_ outline: MarkupElement, path: [String]) {
            let children = outline.elements.filter { $0.localName.lowercased() == "outline" }
            // White space runs fold to one space, so that a name reads back the same after `write`.
            let label =
                ItemAssembly.nonEmpty(outline.attribute("title").map(ContentText.singleLine))
                ?? ItemAssembly.nonEmpty(outline.attribute("text").map(ContentText.singleLine))
            if let xmlURL = ItemAssembly.nonEmpty(
                outline.attribute("xmlUrl")?.trimmingCharacters(in: .whitespaces))
            {
                let group = path.isEmpty ? defaultGroup : path.joined(separator: " / ")
                let homePage = ItemAssembly.nonEmpty(
                    outline.attribute("htmlUrl")?.trimmingCharacters(in: .whitespaces))
                add(
                    FeedSource(
                        location: URLResolution.resolve(xmlURL, against: baseURL), title: label, group: group,
                        homePage: homePage.map { URLResolution.resolve($0, against: baseURL) }))
            }
            if !children.isEmpty {
                let childPath = outline.attribute("xmlUrl") == nil ? path + [label ?? "Untitled"] : path
                for child in children { visit(child, path: childPath) }
            }
        }

        for outline in body.elements where outline.localName.lowercased() == "outline" {
            visit(outline, path: [])
        }
        return FeedList(
            title: title, groups: order.map { FeedGroup(name: $0, feeds: feedsByGroup[$0] ?? []) })
    }

    /// Writes `list` as an OPML 2.0 document.
    ///
    /// Each group is one outline; its feeds are `type="rss"` outlines inside it. A group name
    /// "A / B" is written as nested outlines A and B, which `read` flattens back to "A / B".
    public static func write(_ list: FeedList) -> String {
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<opml version=\"2.0\">", "  <head>",
        ]
        if let title = list.title { lines.append("    <title>\(escape(title))</title>") }
        lines.append("  </head>")
        lines.append("  <body>")
        for group in list.groups {
            let names = group.name.components(separatedBy: " / ")
            var indent = "    "
            for name in names {
                lines.append("\(indent)<outline text=\"\(escape(name))\" title=\"\(escape(name))\">")
                indent += "  "
            }
            for feed in group.feeds {
                var attributes = "type=\"rss\""
                if let title = feed.title {
                    attributes += " text=\"\(escape(title))\" title=\"\(escape(title))\""
                }
                attributes += " xmlUrl=\"\(escape(feed.location))\""
                if let homePage = feed.homePage { attributes += " htmlUrl=\"\(escape(homePage))\"" }
                lines.append("\(indent)<outline \(attributes) />")
            }
            for _ in names {
                indent.removeLast(2)
                lines.append("\(indent)</outline>")
            }
        }
        lines.append("  </body>")
        lines.append("</opml>")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func escape(_ text: String) -> String {
        MarkupElement.escape(text, attribute: true)
    }
}
