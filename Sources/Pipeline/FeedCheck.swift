import BriefingCore
import FeedParsing
import Fetching
import Foundation
import History
import Logging

/// `briefing feeds check`: fetch and parse every feed, concurrently, and report each.
public struct FeedCheck: Sendable {
    /// How one feed fared.
    public struct Report: Sendable, Hashable {
        public var url: String
        public var name: String
        public var status: Status
        public var httpStatus: Int?
        public var items: Int?
        public var bytes: Int?
        public var milliseconds: Int
        public var error: String?

        public var succeeded: Bool { status != .error }

        /// How a feed fared; the raw value is the JSON `status`.
        public enum Status: String, Sendable, Hashable {
            /// Fetched and parsed.
            case ok
            /// The server answered 304 Not Modified to the validators of the last run.
            case unchanged
            /// Not read: ``Report/error`` says why.
            case error
        }
    }

    public var configuration: BriefingConfiguration
    private let fetcher: Fetcher

    public init(configuration: BriefingConfiguration, fetcher: Fetcher? = nil) {
        self.configuration = configuration
        self.fetcher = fetcher ?? Fetcher(configuration: configuration.fetch)
    }

    /// Checks every feed of the configured lists, in list order, by the rules `briefing run`
    /// applies (the same refresh stage), without backing off: each request carries the
    /// validators the state keeps from the last run (read only; none without a state), so a
    /// feed whose server answers 304 Not Modified is ``Report/Status/unchanged``.
    public func run() async throws(PipelineError) -> [Report] {
        let lists = try await FeedLists(fetcher: fetcher).load(configuration.allFeedLists)
        let state = try storeCall(configuration.stateName) { () throws(StateError) in
            try StateStore(location: configuration.stateLocation(), readOnly: true)
        }
        let states = try FeedRefresh.states(of: lists.sources, in: state)
        let refused = lists.refused.map { failure in
            Report(
                url: failure.source.location, name: failure.source.displayName, status: .error, httpStatus: nil,
                items: nil, bytes: nil, milliseconds: 0, error: failure.reason)
        }
        let refreshed = await FeedRefresh(
            fetcher: fetcher, logger: Logger(label: "briefing", factory: { _ in SwiftLogNoOpLogHandler() }),
            options: configuration.feeds
        )
        .refresh(lists, states: states, conditional: true, now: Date(), backOff: false)
        return refused
            + refreshed.map { result in
                let response = result.response
                let milliseconds = response.map { Int(($0.seconds * 1000).rounded()) } ?? 0
                let status = response.map(\.status).flatMap { $0 == 0 ? nil : $0 } ?? result.failedStatus
                var report = Report(
                    url: result.source.location, name: result.source.displayName, status: .ok, httpStatus: status,
                    items: nil, bytes: response?.body.count, milliseconds: milliseconds, error: nil)
                switch result.outcome {
                case .fetched(let feed): report.items = feed.items.count
                case .notModified: report.status = .unchanged
                case .failed(let cause):
                    report.status = .error
                    report.error = cause.description
                }
                return report
            }
    }

    /// One line per feed for people.
    public static func line(_ report: Report) -> String {
        var parts = [report.succeeded ? "ok   " : "FAIL "]
        parts.append(report.httpStatus.map { "\($0)" } ?? "---")
        parts.append(report.items.map { "\($0) items" } ?? "- items")
        parts.append(report.bytes.map { "\($0) bytes" } ?? "- bytes")
        parts.append("\(report.milliseconds) ms")
        parts.append(report.url)
        var line = parts.joined(separator: "  ")
        if let error = report.error { line += "  \(error)" }
        return line
    }

    /// One JSON object per feed, keys in this order: url, status, http_status, items, bytes, ms,
    /// error (absent values `null`).
    public static func json(_ report: Report) -> String {
        JSONValue.object([
            ("url", .string(report.url)), ("status", .string(report.status.rawValue)),
            ("http_status", JSONValue(report.httpStatus)), ("items", JSONValue(report.items)),
            ("bytes", JSONValue(report.bytes)), ("ms", .int(report.milliseconds)), ("error", JSONValue(report.error)),
        ]).text
    }
}

/// Reads the configured OPML feed lists, from files or URLs.
struct FeedLists: Sendable {
    let fetcher: Fetcher

    /// The feeds of every list, each once, with what decides how each may be fetched.
    struct Loaded: Sendable {
        /// Section names in the order the lists give them.
        var sectionOrder: [String] = []
        /// Every feed once, in the first group that names it.
        var sources: [FeedSource] = []
        /// Feeds named by a list read from the network: fetched under the network's address
        /// policy, since a stranger wrote them.
        var fromNetwork: Set<String> = []
        /// Feeds a list from the network names that are never read (anything but http and https:
        /// a remote list must not make us read a local file).
        var refused: [FeedFailure] = []

        /// The request for `source`, with the validators of its last fetch.
        func request(for source: FeedSource, etag: String? = nil, lastModified: String? = nil) -> FetchRequest {
            FetchRequest(
                url: source.location, etag: etag, lastModified: lastModified,
                scope: fromNetwork.contains(source.location) ? .network : .userWritten)
        }
    }

    func load(_ locations: [String]) async throws(PipelineError) -> Loaded {
        var loaded = Loaded()
        var seen = Set<String>()
        for location in locations {
            // The configured lists are the user's own words: they may be anywhere.
            let input = try await SourceReader.read(location, fetcher: fetcher, fetch: fetcher.configuration)
            let list: FeedList
            do {
                list = try OPML.read(input.data, baseURL: input.url)
            } catch {
                throw PipelineError(input: location, cause: .parse(error))
            }
            let remote = input.fromNetwork
            for group in list.groups {
                if !loaded.sectionOrder.contains(group.name) { loaded.sectionOrder.append(group.name) }
                for feed in group.feeds where seen.insert(feed.location).inserted {
                    guard remote else {
                        loaded.sources.append(feed)
                        continue
                    }
                    guard LinkPolicy.isWebURL(feed.location) else {
                        loaded.refused.append(FeedFailure(source: feed, cause: .refusedByList(list: location)))
                        continue
                    }
                    loaded.fromNetwork.insert(feed.location)
                    loaded.sources.append(feed)
                }
            }
        }
        guard !loaded.sources.isEmpty || !loaded.refused.isEmpty else {
            // An empty list is a mistake to report, not an empty briefing to send.
            throw PipelineError(
                input: locations.joined(separator: ", "),
                message: "no feeds: \(locations.count == 1 ? "the feed list names" : "the feed lists name") none")
        }
        return loaded
    }
}
