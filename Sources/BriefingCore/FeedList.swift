/// A list of feeds in named groups, as read from an OPML file.
///
/// Groups keep the order of the file; a feed outside any group belongs to the group named after
/// the list itself (or "Feeds").
public struct FeedList: Sendable, Hashable {
    public var title: String?
    public var groups: [FeedGroup]

    public init(title: String? = nil, groups: [FeedGroup]) {
        self.title = title
        self.groups = groups
    }

    /// Every feed of every group, in order.
    public var sources: [FeedSource] { groups.flatMap(\.feeds) }
}

/// One named group of feeds: a section of the briefing.
public struct FeedGroup: Sendable, Hashable {
    public var name: String
    public var feeds: [FeedSource]

    public init(name: String, feeds: [FeedSource]) {
        self.name = name
        self.feeds = feeds
    }
}
