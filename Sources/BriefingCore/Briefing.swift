import Foundation

/// The day's briefing as a value: sections of summarized entries, and the feeds that failed.
///
/// Renderers turn it into text; they add nothing that is not here.
public struct Briefing: Sendable, Hashable, Codable {
    public var title: String
    public var date: Date
    public var sections: [BriefingSection]
    public var failures: [FeedFailure]
    /// How many feeds the run tried to read.
    public var feedCount: Int
    /// How many feeds were fetched and parsed, whether or not they had anything new. Briefings
    /// stored by versions that did not record it count the feeds their entries come from.
    public var feedsRead: Int
    /// How many feeds answered 304 Not Modified: nothing changed since the last run.
    public var unchangedFeeds: Int
    /// What the briefing was made from (its feed lists and options), so that a later run shows
    /// it again only when it would be made from the same. Empty in briefings stored by versions
    /// that did not record it.
    public var madeFrom: String = ""
    /// Article pages the run wanted for their full text but could not fetch or read (the feed's
    /// own text was used), with the reason: an HTTP error, the address policy, an extraction error.
    public var unreadPages: [UnreadPage]

    public init(
        title: String, date: Date, sections: [BriefingSection], failures: [FeedFailure], feedCount: Int,
        unreadPages: [UnreadPage] = [], feedsRead: Int? = nil, unchangedFeeds: Int = 0
    ) {
        self.title = title
        self.date = date
        self.sections = sections
        self.failures = failures
        self.feedCount = feedCount
        self.unreadPages = unreadPages
        self.feedsRead = feedsRead ?? Self.sourceCount(sections)
        self.unchangedFeeds = unchangedFeeds
    }

    private enum CodingKeys: String, CodingKey {
        case title, date, sections, failures, feedCount, unreadPages, madeFrom, feedsRead, unchangedFeeds
    }

    /// Reads briefings stored by earlier versions too (they may have no `unreadPages`,
    /// `madeFrom`, `feedsRead` or `unchangedFeeds`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(String.self, forKey: .title)
        date = try container.decode(Date.self, forKey: .date)
        sections = try container.decode([BriefingSection].self, forKey: .sections)
        failures = try container.decode([FeedFailure].self, forKey: .failures)
        feedCount = try container.decode(Int.self, forKey: .feedCount)
        unreadPages = try container.decodeIfPresent([UnreadPage].self, forKey: .unreadPages) ?? []
        madeFrom = try container.decodeIfPresent(String.self, forKey: .madeFrom) ?? ""
        feedsRead = try container.decodeIfPresent(Int.self, forKey: .feedsRead) ?? Self.sourceCount(sections)
        unchangedFeeds = try container.decodeIfPresent(Int.self, forKey: .unchangedFeeds) ?? 0
    }

    /// The number of feeds `sections`' entries come from.
    private static func sourceCount(_ sections: [BriefingSection]) -> Int {
        Set(sections.flatMap { $0.entries.map(\.source) }).count
    }

    /// True when every feed the run tried failed: nothing usable came out.
    public var allFeedsFailed: Bool { feedCount > 0 && failures.count >= feedCount }

    /// The number of entries across all sections.
    public var entryCount: Int { sections.reduce(0) { $0 + $1.entries.count } }
}

/// One section of the briefing, named after a feed-list group.
public struct BriefingSection: Sendable, Hashable, Codable {
    public var name: String
    public var entries: [BriefingEntry]

    public init(name: String, entries: [BriefingEntry]) {
        self.name = name
        self.entries = entries
    }
}

/// One story in the briefing: where it comes from and its extractive summary.
public struct BriefingEntry: Sendable, Hashable, Codable {
    public var title: String
    public var link: String?
    /// The feed's name.
    public var source: String
    public var date: Date?
    /// The summary's sentences, in document order.
    public var summary: [String]
    /// True when the item appeared in an earlier briefing and its content has changed since.
    public var isUpdate: Bool
    /// Other feeds that carried the same story.
    public var alsoReportedBy: [SourceLink]

    public init(
        title: String, link: String?, source: String, date: Date?, summary: [String], isUpdate: Bool = false,
        alsoReportedBy: [SourceLink] = []
    ) {
        self.title = title
        self.link = link
        self.source = source
        self.date = date
        self.summary = summary
        self.isUpdate = isUpdate
        self.alsoReportedBy = alsoReportedBy
    }
}

/// A feed's name and its link to a story.
public struct SourceLink: Sendable, Hashable, Codable {
    public var source: String
    public var link: String?

    public init(source: String, link: String?) {
        self.source = source
        self.link = link
    }
}

/// A feed that could not be read, and why, in words an operator can act on.
///
/// The cause is a value (the stage's own error, the back-off's dates); `reason` is built from
/// it. A stored briefing keeps only the words (`source` and `reason`, as earlier versions
/// stored them), so a failure read back has the cause ``Cause/stored(_:)``. Two failures are
/// equal when they name the same feed and read the same.
public struct FeedFailure: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    public var source: FeedSource
    /// Why the feed was not read.
    public var cause: Cause

    /// Why a feed was not read, by stage.
    ///
    /// The stages' errors (`Fetching`'s `FetchError`, `FeedParsing`'s `FeedParsingError`)
    /// travel as they are, so that a caller can ask them (`FetchError.httpStatus`) without
    /// reading the words; BriefingCore does not import the stages, so they are typed here by
    /// what every error has, and printed by their own `description`, which names the stage.
    public enum Cause: Sendable, Hashable, CustomStringConvertible {
        /// Fetching failed: the fetch stage's error (`fetch: HTTP 404 Not Found`).
        case fetch(any Error & Sendable & CustomStringConvertible)
        /// The document is not a feed: the parser's error (`parse: not a feed: ...`).
        case parse(any Error & Sendable & CustomStringConvertible)
        /// The document is not well-formed and no item could be read from it.
        case noItemRecovered
        /// Not tried: it failed `failures` runs in a row, the last time with `lastError`, and
        /// waits until `until` before the next try.
        case backedOff(failures: Int, lastError: String?, until: Date)
        /// A feed list read from the network (at `list`) names a feed that is not http or https.
        case refusedByList(list: String)
        /// The words of a failure read back from a stored briefing.
        case stored(String)

        /// The stage that failed and what happened, e.g. `fetch: HTTP 404 Not Found`.
        public var description: String {
            switch self {
            case .fetch(let error), .parse(let error): error.description
            case .noItemRecovered:
                "parse: the document is not a well-formed feed and no item could be read from it"
            case .backedOff(let failures, let lastError, let until):
                "skipped: failed \(failures) runs in a row (last: \(lastError ?? "unknown")); next try after \(ISO8601DateFormatter().string(from: until))"
            case .refusedByList(let list):
                "list: \(list) is read from the network and may name http and https feeds only"
            case .stored(let reason): reason
            }
        }

        /// The stage's error, for `.fetch` and `.parse`.
        public var error: (any Error & Sendable & CustomStringConvertible)? {
            switch self {
            case .fetch(let error), .parse(let error): error
            default: nil
            }
        }

        /// True when the feed was not tried (it is backing off).
        public var isBackingOff: Bool {
            if case .backedOff = self { true } else { false }
        }

        public static func == (a: Cause, b: Cause) -> Bool { a.description == b.description }
        public func hash(into hasher: inout Hasher) { hasher.combine(description) }
    }

    public init(source: FeedSource, cause: Cause) {
        self.source = source
        self.cause = cause
    }

    /// A failure told in words only.
    public init(source: FeedSource, reason: String) {
        self.init(source: source, cause: .stored(reason))
    }

    /// The stage that failed and what happened, e.g. `fetch: HTTP 404 Not Found`.
    public var reason: String { cause.description }

    public var description: String { "\(source.displayName) (\(source.location)): \(reason)" }

    private enum CodingKeys: String, CodingKey {
        case source, reason
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            source: try container.decode(FeedSource.self, forKey: .source),
            reason: try container.decode(String.self, forKey: .reason))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encode(reason, forKey: .reason)
    }
}

/// An article page that could not be fetched or read: which feed's item linked to it, the URL,
/// and why (prefixed by the stage, e.g. `fetch: HTTP 404 Not Found`; a page the address policy
/// refused names the option that allows it).
public struct UnreadPage: Sendable, Hashable, Codable {
    /// The feed's name.
    public var source: String
    public var url: String
    public var reason: String

    public init(source: String, url: String, reason: String) {
        self.source = source
        self.url = url
        self.reason = reason
    }
}

extension Briefing {
    /// The unread pages grouped by reason, in the order the reasons first appear.
    public var unreadPagesByReason: [(reason: String, pages: [UnreadPage])] {
        var order: [String] = []
        var groups: [String: [UnreadPage]] = [:]
        for page in unreadPages {
            if groups[page.reason] == nil { order.append(page.reason) }
            groups[page.reason, default: []].append(page)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }
}
