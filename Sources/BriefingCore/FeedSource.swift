/// Where a feed comes from: an http(s) URL or a local file, and the briefing section it belongs to.
///
/// Feed lists (OPML) produce these; the fetch stage reads them; every failure names one.
public struct FeedSource: Sendable, Hashable, Codable {
    /// An absolute `http`, `https` or `file` URL string.
    public var location: String
    /// The name the feed list gives the feed, if any.
    public var title: String?
    /// The briefing section (the OPML outline group) the feed's items go into.
    public var group: String
    /// The site's home page, if the feed list names one.
    public var homePage: String?

    public init(location: String, title: String? = nil, group: String, homePage: String? = nil) {
        self.location = location
        self.title = title
        self.group = group
        self.homePage = homePage
    }

    /// The feed's name for display: its title, else its location.
    public var displayName: String { title ?? location }
}
