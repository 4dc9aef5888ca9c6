import BriefingCore
import Extraction
import FeedParsing
import Fetching
import Foundation

/// Finds the feeds behind an address: the address itself when it is a feed, else the feeds its
/// page advertises, else the feeds at the usual paths of its host; every candidate is fetched and
/// parsed before it counts.
///
/// Steps:
/// 1. Fetch the address as the user wrote it (it may point anywhere, loopback included). A feed
///    there is the answer.
/// 2. Otherwise collect the page's `<link rel="alternate">` feeds (``FeedLinks``).
/// 3. When the page advertises none, or none of them is a feed, try ``usualPaths`` on the same
///    scheme, host and port.
/// 4. Fetch and parse every candidate concurrently. A candidate on the page's own host (same
///    scheme-independent host name and port) is fetched as the user's own address; one on
///    another host came from the network, and may reach public addresses only (unless
///    `[fetch] allow_private_networks` is on).
public struct FeedDiscovery: Sendable {
    /// A candidate that is a feed.
    public struct Found: Sendable, Hashable {
        /// The URL to subscribe to.
        public var url: String
        /// The feed's own title, if it has one.
        public var title: String?
        /// The detected format (``FeedFormat/name`` names it).
        public var format: FeedFormat
        public var items: Int
    }

    /// A candidate that is not a feed, and why.
    public struct Rejected: Sendable, Hashable {
        public var url: String
        public var reason: String
    }

    /// What discovery found.
    public struct Outcome: Sendable, Hashable {
        /// The valid feeds, in the order the page gave them.
        public var feeds: [Found]
        /// Candidates fetched that are not feeds (advertised ones only: a usual path that is
        /// missing is no news).
        public var rejected: [Rejected]
        /// True when the address itself is a feed.
        public var isFeed: Bool
    }

    /// Paths tried on the page's host when it advertises no feed.
    public static let usualPaths = ["/feed", "/rss.xml", "/atom.xml", "/index.xml", "/feed.json", "/feed.xml", "/rss"]

    private let fetcher: Fetcher

    public init(fetcher: Fetcher) {
        self.fetcher = fetcher
    }

    /// The feeds behind `address`, an http or https URL.
    public func discover(_ address: String) async throws(PipelineError) -> Outcome {
        guard let page = LinkPolicy.webURL(address) else {
            throw PipelineError(input: address, message: "not an http or https URL")
        }
        let response: FetchResponse
        switch await fetcher.fetch(FetchRequest(url: page, scope: .userWritten)) {
        case .failure(let error): throw PipelineError(input: address, cause: .fetch(error))
        case .success(let fetched): response = fetched
        }
        if let feed = try? FeedParser().parse(
            response.body, baseURL: response.baseURL, contentType: response.contentType)
        {
            let found = Found(url: page, title: feed.title, format: feed.format, items: feed.items.count)
            return Outcome(feeds: [found], rejected: [], isFeed: true)
        }
        let advertised = FeedLinks.find(in: response.body, contentType: response.contentType, pageURL: response.baseURL)
            .map(\.url)
        var outcome = await validate(advertised, page: page, reportFailures: true)
        if outcome.feeds.isEmpty {
            let guessed = Self.usualURLs(for: page).filter { !advertised.contains($0) }
            outcome.feeds = await validate(guessed, page: page, reportFailures: false).feeds
        }
        return outcome
    }

    /// The usual feed URLs on the scheme, host and port of `page`.
    static func usualURLs(for page: String) -> [String] {
        guard var components = URLComponents(string: page) else { return [] }
        components.query = nil
        components.fragment = nil
        return usualPaths.compactMap { path in
            components.path = path
            return components.url?.absoluteString
        }
    }

    /// Fetches and parses every candidate concurrently.
    private func validate(_ candidates: [String], page: String, reportFailures: Bool) async -> Outcome {
        let requests = candidates.map { url in
            FetchRequest(url: url, scope: Self.sameHost(url, page) ? .userWritten : .network)
        }
        var outcome = Outcome(feeds: [], rejected: [], isFeed: false)
        for (url, result) in zip(candidates, await fetcher.fetchAll(requests)) {
            switch result {
            case .failure(let error):
                outcome.rejected.append(Rejected(url: url, reason: error.description))
            case .success(let response):
                do {
                    let feed = try FeedParser().parse(
                        response.body, baseURL: response.baseURL, contentType: response.contentType)
                    outcome.feeds.append(
                        Found(url: url, title: feed.title, format: feed.format, items: feed.items.count))
                } catch {
                    outcome.rejected.append(Rejected(url: url, reason: "not a feed (\(error.message))"))
                }
            }
        }
        if !reportFailures { outcome.rejected = [] }
        return outcome
    }

    /// True when `candidate` names the host and port of `page` (an http page and its https feed
    /// on the default ports count as the same host).
    static func sameHost(_ candidate: String, _ page: String) -> Bool {
        guard let one = URLComponents(string: candidate), let other = URLComponents(string: page),
            let host = one.host?.lowercased(), host == other.host?.lowercased()
        else { return false }
        return one.port == other.port
    }

    /// Why a document that does not parse as a feed is not one, for `briefing feed inspect`:
    /// for a page that advertises feeds, those feeds and the command that adds one; else the
    /// parser's own reason.
    public static func notAFeed(
        _ data: Data, contentType: String?, baseURL: String?, error: FeedParsingError
    ) -> String {
        let links = FeedLinks.find(in: data, contentType: contentType, pageURL: baseURL)
        guard !links.isEmpty else { return error.description }
        let named = links.map { "\($0.url) (\($0.kind))" }.joined(separator: ", ")
        return "not a feed: an HTML page; it advertises: \(named); briefing feeds add URL adds it"
    }
}
