import Foundation

/// A parsed feed, normalized: no code past the parser sees RSS versus Atom versus JSON Feed.
public struct Feed: Sendable, Hashable {
    /// The detected format.
    public var format: FeedFormat
    public var title: String?
    /// The site's home page (absolute).
    public var link: String?
    public var items: [FeedItem]
    /// True when the document was ill-formed and was read as far as possible.
    public var recovered: Bool

    public init(
        format: FeedFormat, title: String? = nil, link: String? = nil, items: [FeedItem] = [],
        recovered: Bool = false
    ) {
        self.format = format
        self.title = title
        self.link = link
        self.items = items
        self.recovered = recovered
    }
}

/// A feed's format and version, as detected from the document; the raw value (`rss20`,
/// `atom10`, `json11`) is what `feed inspect --json` prints.
public enum FeedFormat: String, Sendable, Hashable, CaseIterable {
    case rss090, rss091n, rss091u, rss092, rss093, rss094, rss10, rss20
    /// RSS without a version.
    case rss
    case atom03, atom10
    /// Atom of an unknown version.
    case atom
    case json10, json11
    /// JSON Feed without a version.
    case json

    /// A readable name: `rss20` is "RSS 2.0", `atom10` "Atom 1.0".
    public var name: String {
        switch self {
        case .rss090: "RSS 0.90"
        case .rss091n, .rss091u: "RSS 0.91"
        case .rss092: "RSS 0.92"
        case .rss093: "RSS 0.93"
        case .rss094: "RSS 0.94"
        case .rss10: "RSS 1.0"
        case .rss20: "RSS 2.0"
        case .rss: "RSS"
        case .atom03: "Atom 0.3"
        case .atom10: "Atom 1.0"
        case .atom: "Atom"
        case .json10: "JSON Feed 1.0"
        case .json11: "JSON Feed 1.1"
        case .json: rawValue
        }
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
    /// The item's categories or tags (RSS `category` and `dc:subject`, Atom `category`, JSON
    /// Feed `tags`), as single lines, in document order.
    public var categories: [String]

    public init(
        id: String, title: String? = nil, link: String? = nil, published: Date? = nil,
        updated: Date? = nil, author: String? = nil, summaryText: String? = nil,
        contentText: String? = nil, summaryHTML: String? = nil, contentHTML: String? = nil,
        enclosures: [Enclosure] = [], categories: [String] = []
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
        self.categories = categories
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
