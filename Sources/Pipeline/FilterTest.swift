import BriefingCore
import FeedParsing
import Fetching
import Foundation
import History
import Logging

/// `briefing feeds test RULE`: which items of the configured feeds a filter keeps and which it
/// drops, without a briefing and without touching the state.
public struct FilterTest: Sendable {
    /// One item and what the filter decided about it.
    public struct Report: Sendable, Hashable {
        /// The feed's location, as its list names it.
        public var feed: String
        public var feedName: String
        public var title: String?
        public var link: String?
        public var decision: ItemFilter.Decision
    }

    /// Every item's report, in feed-list order, and the feeds that could not be read.
    public struct Outcome: Sendable {
        public var reports: [Report]
        public var failures: [FeedFailure]
        public var feedsRead: Int
        /// Whether the items are the state's stored ones (else the feeds were fetched now).
        public var stored = false
    }

    /// Where the items rules are tested on come from.
    public enum ItemSource: Sendable, Hashable {
        /// The items the state stores for the configured feeds (what earlier runs fetched);
        /// the feeds fetched now when the state stores none of theirs yet.
        case stored
        /// The feeds fetched now.
        case fetched
    }

    public var configuration: BriefingConfiguration
    public var source: ItemSource
    private let fetcher: Fetcher

    public init(configuration: BriefingConfiguration, source: ItemSource = .stored, fetcher: Fetcher? = nil) {
        self.configuration = configuration
        self.source = source
        self.fetcher = fetcher ?? Fetcher(configuration: configuration.fetch)
    }

    /// Decides every item of the configured feeds by `filter` alone (the configured filters
    /// are not applied).
    public func run(_ filter: ItemFilter) async throws(PipelineError) -> Outcome {
        let (feeds, failures, stored) = try await items()
        let matcher = ItemFilter.Matcher(filter)
        var reports: [Report] = []
        for (source, feedTitle, items) in feeds {
            for item in items {
                reports.append(
                    Report(
                        feed: source.location, feedName: source.title ?? feedTitle ?? source.location,
                        title: item.title, link: item.link, decision: matcher.decide(item)))
            }
        }
        return Outcome(reports: reports, failures: failures, feedsRead: feeds.count, stored: stored)
    }

    /// The items rules are tested on: with `.stored`, the items the state stores for the
    /// configured feeds (read-only; what `briefing run` composes from); else, or when the state
    /// stores none of them yet, every configured feed's, fetched and parsed now by the stage
    /// `briefing run` uses (with each feed's `[feeds."URL"]` access options), without conditional
    /// requests (a 304 would show nothing) and without writing the state. The one place that
    /// decides where the items come from.
    func items() async throws(PipelineError) -> (
        feeds: [(source: FeedSource, title: String?, items: [FeedItem])], failures: [FeedFailure], stored: Bool
    ) {
        let lists = try await FeedLists(fetcher: fetcher).load(configuration.feedLists)
        if source == .stored, let stored = try storedItems(of: lists.sources) {
            return (stored, lists.refused, true)
        }
        let refreshed = await FeedRefresh(
            fetcher: fetcher, logger: Logger(label: "briefing", factory: { _ in SwiftLogNoOpLogHandler() }),
            options: configuration.feeds
        )
        .refresh(lists, states: [:], conditional: false, now: Date(), backOff: false)
        var feeds: [(source: FeedSource, title: String?, items: [FeedItem])] = []
        var failures = lists.refused
        for result in refreshed {
            switch result.outcome {
            case .fetched(let feed): feeds.append((result.source, feed.title, feed.items))
            case .notModified: feeds.append((result.source, nil, []))
            case .failed(let cause): failures.append(FeedFailure(source: result.source, cause: cause))
            }
        }
        return (feeds, failures, false)
    }

    /// The state's stored items of `sources`, or nil when it stores none of them (or there is no
    /// state yet).
    private func storedItems(of sources: [FeedSource]) throws(PipelineError) -> [(
        source: FeedSource, title: String?, items: [FeedItem]
    )]? {
        let directory = configuration.stateDirectory
        guard
            configuration.stateURL != nil
                || FileManager.default.fileExists(
                    atPath: (directory as NSString).appendingPathComponent(StateStore.fileName))
        else { return nil }
        return try storeCall(configuration.stateName) { () throws(StateError) in
            let state = try StateStore(location: configuration.stateLocation(), readOnly: true)
            var feeds: [(source: FeedSource, title: String?, items: [FeedItem])] = []
            var any = false
            for source in sources {
                let stored = try state.storedItems(feed: source.location)
                any = any || !stored.isEmpty
                feeds.append((source, stored.lazy.compactMap(\.feedTitle).first, stored.map(\.item)))
            }
            return any ? feeds : nil
        }
    }

    /// One line for people: `keep` or `drop`, the title, the feed, and the rule and field that
    /// decided. Text from the feeds is shown without control characters.
    public static func line(_ report: Report) -> String {
        var line = (report.decision.kept ? "keep  " : "drop  ") + terminalSafe(report.title ?? "(untitled)")
        line += "  (" + terminalSafe(report.feedName) + ")"
        if let rule = report.decision.rule {
            line += "  " + (report.decision.field.map { "\($0.rawValue) matches " } ?? "") + rule.text
        }
        return line
    }

    /// The closing line: `3 kept, 17 dropped, of 20 items from 4 feeds`.
    public static func summary(_ outcome: Outcome) -> String {
        let kept = outcome.reports.count { $0.decision.kept }
        let items = outcome.reports.count
        return
            "\(kept) kept, \(items - kept) dropped, of \(items) item\(items == 1 ? "" : "s") from \(outcome.feedsRead) feed\(outcome.feedsRead == 1 ? "" : "s")"
            + (outcome.stored ? " (stored items; --fetch reads the feeds now)" : " (fetched now)")
    }

    /// One JSON object per item, keys in this order: feed, title, link, action (`keep` or
    /// `drop`), rule, field (absent values `null`).
    public static func json(_ report: Report) -> String {
        JSONValue.object([
            ("feed", .string(report.feed)), ("title", JSONValue(report.title)), ("link", JSONValue(report.link)),
            ("action", .string(report.decision.kept ? "keep" : "drop")),
            ("rule", JSONValue(report.decision.rule?.text)),
            ("field", JSONValue(report.decision.field?.rawValue)),
        ]).text
    }

    /// `text` on one line, without control characters or bidirectional overrides, so that a
    /// feed's title cannot move the cursor or recolour the terminal.
    static func terminalSafe(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: scalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars)
    }
}
