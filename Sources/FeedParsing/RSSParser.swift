import BriefingCore
import Foundation

/// Maps RSS 0.90-0.94, 2.0 and 1.0 (RDF) documents to `Feed`.
///
/// Channel and item elements are matched by local name in the RSS namespaces (none, RSS 1.0,
/// RSS 0.90, the old Userland URIs); extension elements by namespace (Dublin Core, content,
/// Atom, XHTML). Element precedence for items: published = `pubDate`, else `dcterms:issued`;
/// updated = `dc:date` (as feedparser reads it), else `dcterms:modified`; author = `author`, else `dc:creator`,
/// else `atom:author`; content = `content:encoded`, else `xhtml:body`.
enum RSSParser {
    static func parse(
        _ root: MarkupElement, format: FeedFormat, keepHTML: Bool = true, items: ItemChunks = ItemChunks(threads: 1),
        pipeline: ItemPipeline? = nil
    ) -> Feed {
        let channel =
            root.first("channel", in: Namespace.rss) ?? (root.localName == "channel" ? root : nil)
        var feed = Feed(format: format)
        if let channel {
            if let title = channel.first("title", in: Namespace.rss)
                ?? channel.first("title", in: Namespace.dublinCore)
            {
                feed.title = ContentText.singleLine(ContentText.guess(title.deepText).plain)
            }
            if let link = channel.first("link", in: Namespace.rss),
                let text = ItemAssembly.nonEmpty(ItemAssembly.trimmed(link))
            {
                feed.link = URLResolution.resolve(text, against: link.base)
            } else if let link = atomAlternate(channel) {
                feed.link = link
            }
        }
        var itemElements: [MarkupElement] = []
        if let channel { itemElements += channel.all("item", in: Namespace.rss) }
        if root !== channel { itemElements += root.all("item", in: Namespace.rss) }
        if let pipeline {
            feed.items = pipeline.items(for: itemElements, chunks: items) { item($0, keepHTML: keepHTML) }
        } else {
            feed.items = items.mapItems(itemElements) { item($0, keepHTML: keepHTML) }
        }
        return feed
    }

    private static func atomAlternate(_ element: MarkupElement) -> String? {
        for link in element.all("link", in: Namespace.atom) {
            let rel = link.attribute("rel") ?? "alternate"
            if rel == "alternate", let href = link.attribute("href") {
                return URLResolution.resolve(href, against: link.base)
            }
        }
        return nil
    }

    static func item(_ element: MarkupElement, keepHTML: Bool = true) -> FeedItem {
        var title: String?
        if let titleElement = element.first("title", in: Namespace.rss)
            ?? element.first("title", in: Namespace.dublinCore)
            ?? element.first("title", in: Namespace.mediaOnly)
        {
            title = ContentText.singleLine(ContentText.guess(titleElement.deepText).plain)
        }
        var link: String?
        if let linkElement = element.first("link", in: Namespace.rss),
            let text = ItemAssembly.nonEmpty(ItemAssembly.trimmed(linkElement))
        {
            link = URLResolution.resolve(text, against: linkElement.base)
        } else if let alternate = atomAlternate(element) {
            link = alternate
        }
        var id: String?
        if let guid = element.first("guid", in: Namespace.rss),
            let text = ItemAssembly.nonEmpty(ItemAssembly.trimmed(guid))
        {
            id = text
            let permaLink = (guid.attribute("isPermaLink") ?? "true").lowercased() != "false"
            if link == nil, permaLink, URLResolution.hasScheme(text) || text.hasPrefix("/") {
                link = URLResolution.resolve(text, against: guid.base)
            }
        } else if let about = element.attribute(qualified: "rdf:about"), !about.isEmpty {
            id = about
        }

        var published: Date?
        var updated: Date?
        if let pubDate = element.first("pubDate", in: Namespace.rss)
            ?? element.first("issued", in: Namespace.dctermsOnly)
            ?? element.first("published", in: Namespace.atom)
        {
            published = DateParser.parse(pubDate.deepText)
        }
        if let date = element.first("date", in: Namespace.dublinCore) ?? element.first(
            "modified", in: Namespace.dctermsOnly)
            ?? element.first("updated", in: Namespace.atom)
        {
            updated = DateParser.parse(date.deepText)
        }

        var author: String?
        if let authorElement = element.first("author", in: Namespace.rss) {
            author = ItemAssembly.personName(authorElement.deepText)
        }
        if author == nil, let creator = element.first("creator", in: Namespace.dublinCore) {
            author = ItemAssembly.personName(creator.deepText)
        }
        if author == nil, let dcAuthor = element.first("author", in: Namespace.dublinCore) {
            author = ItemAssembly.personName(dcAuthor.deepText)
        }
        if author == nil, let itunesAuthor = element.first("author", in: Namespace.itunesOnly) {
            author = ItemAssembly.personName(itunesAuthor.deepText)
        }
        if author == nil, let atomAuthor = element.first("author", in: Namespace.atom) {
            author = AtomParser.personName(atomAuthor)
        }

        var summary: ContentText?
        if let description = element.first("description", in: Namespace.rss)
            ?? element.first("description", in: Namespace.dublinCore)
        {
            summary = ContentText.fromHTML(ItemAssembly.htmlContent(description), keepHTML: keepHTML)
        } else if let itunesSummary = element.first("summary", in: Namespace.itunesOnly) {
            summary = ContentText.fromPlain(itunesSummary.deepText)
        }
        var content: ContentText?
        if let encoded = element.first("encoded", in: Namespace.contentOnly) {
            content = ContentText.fromHTML(ItemAssembly.htmlContent(encoded), keepHTML: keepHTML)
        } else if let body = element.first("body", in: Namespace.xhtmlOnly)
            ?? element.first("body", in: Namespace.rss)
        {
            content = ContentText.fromHTML(ItemAssembly.htmlContent(body), keepHTML: keepHTML)
        } else if let fullItem = element.first("fullitem", in: Namespace.rss) {
            content = ContentText.fromHTML(ItemAssembly.htmlContent(fullItem), keepHTML: keepHTML)
        }

        var enclosures: [Enclosure] = []
        for enclosure in element.all("enclosure", in: Namespace.rss) {
            guard
                let url = ItemAssembly.nonEmpty(
                    enclosure.attribute("url")?.trimmed)
            else { continue }
            enclosures.append(
                Enclosure(
                    url: URLResolution.resolve(url, against: enclosure.base),
                    type: ItemAssembly.nonEmpty(enclosure.attribute("type")),
                    length: ItemAssembly.length(enclosure.attribute("length"))))
        }
        for atomLink in element.all("link", in: Namespace.atom)
        where atomLink.attribute("rel") == "enclosure" {
            if let enclosure = AtomParser.enclosure(atomLink) { enclosures.append(enclosure) }
        }

        let categories = (element.all("category", in: Namespace.rss) + element.all("subject", in: Namespace.dublinCore))
            .compactMap { ItemAssembly.nonEmpty(ContentText.singleLine($0.deepText)) }
        return FeedItem(
            id: ItemAssembly.stableID(id: id, title: title, link: link, date: published ?? updated),
            title: title, link: link, published: published, updated: updated, author: author,
            summaryText: summary?.plain, contentText: content?.plain, summaryHTML: summary?.html,
            contentHTML: content?.html, enclosures: enclosures, categories: categories)
    }
}
