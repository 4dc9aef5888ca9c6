import Foundation

/// A parsed feed, normalized: no code past the parser sees RSS versus Atom versus JSON Feed.
public struct Feed: Sendable, Hashable {
    /// The detected format, e.g. `rss20`, `rss10`, `rss092`, `atom10`, `atom03`, `json11`.
    public var format: String
    public var title: String?
    /// The site's home page (absolute).
    public var link: String?
    public var items: [FeedItem]
    /// True when the document was ill-formed and was read as far as possible.
    public var recovered: Bool

    public init(
        format: String, title: String? = nil, link: String? = nil, items: [FeedItem] = [],
        recovered: Bool = false
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.items = items
        self.recovered = recovered
    }
}

/// One entry of a feed, normalized.
public struct FeedItem: Sendable, Hashable {
    /// A stable identifier: guid / id / link, else a hash of title, link and date.
    public var id: String
    public var title: String?
    /// The article's address (absolute).
    public var link: String?
    public var published: Date?
    public var updated: Date?
    public var author: String?
    /// The summary (teaser) as plain text, paragraphs separated by blank lines.
    public var summaryText: String?
    /// The full content as plain text, paragraphs separated by blank lines.
    public var contentText: String?
    /// The summary as HTML, when the feed carried HTML.
    public var summaryHTML: String?
    /// The content as HTML, when the feed carried HTML.
    public var contentHTML: String?
    public var enclosures: [Enclosure]

    public init(
        id: String, title: String? = nil, link: String? = nil, published: Date? = nil,
        updated: Date? = nil, author: String? = nil, summaryText: String? = nil,
        contentText: String? = nil, summaryHTML: String? = nil, contentHTML: String? = nil,
        enclosures: [Enclosure] = []
    ) {
        self.id = id
        self.title = title
        self.link = link
        self.published = published
        self.updated = updated
        self.author = author
        self.summaryText = summaryText
        self.contentText = contentText
        self.summaryHTML = summaryHTML
        self.contentHTML = contentHTML
        self.enclosures = enclosures
    }

    /// The longest text the feed gives for the item: its content, else its summary.
    public var bodyText: String? {
        switch (contentText, summaryText) {
        case let (content?, summary?): return content.count >= summary.count ? content : summary
        case let (content?, nil): return content
        case let (nil, summary?): return summary
        case (nil, nil): return nil
        }
    }

    /// The date to show: published, else updated.
    public var date: Date? { published ?? updated }
}

/// A media file attached to an item.
public struct Enclosure: Sendable, Hashable {
    public var url: String
    public var type: String?
    public var length: Int?

    public init(url: String, type: String? = nil, length: Int? = nil) {
        self.url = url
        self.type = type
        self.length = length
    }
}
