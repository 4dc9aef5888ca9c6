import BriefingCore
import Foundation

/// Maps Atom 1.0 and Atom 0.3 documents to `Feed`.
///
/// Elements are matched in the Atom namespaces and in the root element's own namespace (old
/// feeds used pre-release URIs, or none). Text constructs follow both versions: 1.0 `type` =
/// `text` / `html` / `xhtml` or a MIME type (other than text and XML types: base64); 0.3 `type`
/// is a MIME type and `mode` = `xml` / `escaped` / `base64`. Dates: 1.0 `published` / `updated`;
/// 0.3 `issued` (published) and `modified` (updated). When an element repeats, the last one
/// counts (as in feedparser). Links: the first `rel="alternate"` (or rel-less) link, else an
/// `id` that is an http(s) URL; `rel="enclosure"` links are enclosures. Relative ids are
/// resolved against the base, like links.
struct AtomParser {
    /// The namespaces whose elements count as Atom in this document.
    let ns: Set<String>
    /// The feed's author, which applies to entries without one (RFC 4287 section 4.2.1).
    var feedAuthor: String?
    /// Whether items keep their sanitized HTML beside the plain text.
    var keepHTML = true

    static func parse(
        _ root: MarkupElement, format: FeedFormat, keepHTML: Bool = true, items: ItemChunks = ItemChunks(threads: 1),
        pipeline: ItemPipeline? = nil
    ) -> Feed {
        var parser = AtomParser(ns: Namespace.atom.union([root.namespace]))
        parser.keepHTML = keepHTML
        parser.feedAuthor = parser.last("author", in: root).flatMap(parser.personName)
        var feed = Feed(format: format)
        if let title = root.first("title", in: parser.ns) {
            feed.title = ContentText.singleLine(parser.text(title).plain)
        }
        feed.link = parser.alternateLink(root) ?? parser.idLink(root)
        let entries = root.elements.filter {
            ($0.localName == "entry" || $0.localName == "item") && parser.ns.contains($0.namespace)
        }
        if let pipeline {
            // The pipeline mapped entries before the feed's author was known: entries are mapped
            // without it here too, and it is applied afterwards, as `entry` applies it last.
            var withoutAuthor = parser
            withoutAuthor.feedAuthor = nil
            let mapper = withoutAuthor
            feed.items = pipeline.items(for: entries, chunks: items) { mapper.entry($0) }
            if let feedAuthor = parser.feedAuthor {
                for index in feed.items.indices where feed.items[index].author == nil {
                    feed.items[index].author = feedAuthor
                }
            }
        } else {
            let mapper = parser
            feed.items = items.mapItems(entries) { mapper.entry($0) }
        }
        return feed
    }

    func entry(_ element: MarkupElement) -> FeedItem {
        let title = element.first("title", in: ns).map { ContentText.singleLine(text($0).plain) }
        let link = alternateLink(element) ?? idLink(element)
        let id = element.first("id", in: ns).flatMap { idElement in
            ItemAssembly.nonEmpty(ItemAssembly.trimmed(idElement)).map {
                URLResolution.resolve($0, against: idElement.base)
            }
        }
        let published = (last("published", in: element) ?? last("issued", in: element)).flatMap {
            DateParser.parse($0.deepText)
        }
        let updated = (last("updated", in: element) ?? last("modified", in: element)).flatMap {
            DateParser.parse($0.deepText)
        }
        var author = last("author", in: element).flatMap(personName)
        if author == nil, let creator = element.first("creator", in: Namespace.dublinCore) {
            author = ItemAssembly.personName(creator.deepText)
        }
        // The feed's author applies to entries without one (RFC 4287 4.2.1). An atom:source's
        // author is not applied: feedparser does not either, and the corpus follows it.
        if author == nil { author = feedAuthor }
        let summary = element.first("summary", in: ns).map(text)
        let content = element.first("content", in: ns).map(text)
        var enclosures: [Enclosure] = []
        for link in element.all("link", in: ns) where link.attribute("rel") == "enclosure" {
            if let enclosure = AtomParser.enclosure(link) { enclosures.append(enclosure) }
        }
        // RFC 4287 4.2.2: the term is the category; the label is for people, when the term is absent.
        let categories = element.all("category", in: ns).compactMap { category in
            ItemAssembly.nonEmpty(
                (category.attribute("term") ?? category.attribute("label")).map(ContentText.singleLine))
        }
        return FeedItem(
            id: ItemAssembly.stableID(id: id, title: title, link: link, date: published ?? updated),
            title: title, link: link, published: published, updated: updated, author: author,
            summaryText: summary?.plain, contentText: content?.plain, summaryHTML: summary?.html,
            contentHTML: content?.html, enclosures: enclosures, categories: categories)
    }

    func last(_ name: String, in element: MarkupElement) -> MarkupElement? {
        element.last(name, in: ns)
    }

    /// The first alternate link's href, resolved against the link's base.
    func alternateLink(_ element: MarkupElement) -> String? {
        for link in element.all("link", in: ns) {
            let rel = (link.attribute("rel") ?? "alternate").trimmed
            if rel == "alternate" || rel == Namespace.atom10 + "alternate",
                let href = link.attribute("href")
            {
                return URLResolution.resolve(href, against: link.base)
            }
        }
        return nil
    }

    /// The element's `id` when it is an http(s) URL (after resolution against the base).
    func idLink(_ element: MarkupElement) -> String? {
        guard let idElement = element.first("id", in: ns),
            let text = ItemAssembly.nonEmpty(ItemAssembly.trimmed(idElement))
        else { return nil }
        let resolved = URLResolution.resolve(text, against: idElement.base)
        let lower = resolved.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://") ? resolved : nil
    }

    static func enclosure(_ link: MarkupElement) -> Enclosure? {
        guard
            let href = ItemAssembly.nonEmpty(link.attribute("href")?.trimmed)
        else {
            return nil
        }
        return Enclosure(
            url: URLResolution.resolve(href, against: link.base),
            type: ItemAssembly.nonEmpty(link.attribute("type")),
            length: ItemAssembly.length(link.attribute("length")))
    }

    /// A person construct's name, else its email.
    func personName(_ element: MarkupElement) -> String? {
        if let name = ItemAssembly.nonEmpty(ItemAssembly.trimmed(element.first("name", in: ns))) {
            return ContentText.singleLine(name)
        }
        if let email = ItemAssembly.nonEmpty(ItemAssembly.trimmed(element.first("email", in: ns))) {
            return email
        }
        if !element.hasElementChildren, let text = ItemAssembly.nonEmpty(ItemAssembly.trimmed(element)) {
            return ItemAssembly.personName(text)
        }
        return nil
    }

    /// A person construct from any Atom namespace (for Atom elements inside RSS).
    static func personName(_ element: MarkupElement) -> String? {
        AtomParser(ns: Namespace.atom.union([element.namespace]), feedAuthor: nil).personName(element)
    }

    /// A text construct as plain text and (for HTML and XHTML) sanitized HTML.
    func text(_ element: MarkupElement) -> ContentText {
        let type = (element.attribute("type") ?? "text").trimmed
            .lowercased()
        let mode = (element.attribute("mode") ?? "").lowercased()
        let isTextual =
            ["text", "html", "xhtml", ""].contains(type) || type.hasPrefix("text/")
            || type.hasSuffix("+xml")
            || type.hasSuffix("/xml")
        let hasMarkupChildren = element.hasElementChildren
        var raw: String
        if mode == "base64" || (!isTextual && mode.isEmpty && !hasMarkupChildren) {
            let encoded = element.text.filter { !$0.isWhitespace }
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                return ContentText.fromPlain(element.text)
            }
            raw = String(decoding: data, as: UTF8.self)
        } else if type == "html" && hasMarkupChildren {
            // Atom 1.0 html content is text; stray elements inside it only contribute their text.
            raw = element.deepText
        } else {
            raw = ItemAssembly.htmlContent(element)
        }
        switch type {
        case "xhtml", "application/xhtml+xml":
            return ContentText.fromHTML(
                hasMarkupChildren ? raw : MarkupElement.escape(raw, attribute: false), keepHTML: keepHTML)
        case "html", "text/html":
            return ContentText.fromHTML(raw, keepHTML: keepHTML)
        default:
            if hasMarkupChildren { return ContentText.fromHTML(raw, keepHTML: keepHTML) }
            return ContentText.fromPlain(raw)
        }
    }
}
