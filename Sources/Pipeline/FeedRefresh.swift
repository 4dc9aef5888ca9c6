import BriefingCore
import FeedParsing
import Fetching
import Foundation
import History
import Logging

/// The feed-refresh stage: fetch every feed of the lists concurrently, parse it, and say what
/// became of it. `briefing run` and `briefing feeds check` both use it, so they cannot disagree
/// about a feed.
struct FeedRefresh: Sendable {
    /// What became of one feed.
    enum Outcome: Sendable {
        /// Fetched and parsed.
        case fetched(Feed)
        /// The server answered 304 Not Modified to the conditional request.
        case notModified
        /// Fetching or parsing failed, or the feed was not tried: it failed too many runs in a
        /// row and is backing off (``FeedFailure/Cause/backedOff(failures:lastError:until:)``).
        case failed(FeedFailure.Cause)
    }

    /// One feed after the refresh.
    struct Refreshed: Sendable {
        var source: FeedSource
        var outcome: Outcome
        /// The response, when one came (for status, size and time).
        var response: FetchResponse?

        /// The HTTP status of a failed fetch, when there was one.
        var failedStatus: Int? {
            guard case .failed(.fetch(let error as FetchError)) = outcome else { return nil }
            return error.httpStatus
        }

        /// What the state records about the feed for this outcome.
        var record: FeedRecord {
            switch outcome {
            case .fetched:
                FeedRecord(
                    url: source.location, outcome: .fetched(etag: response?.etag, lastModified: response?.lastModified))
            case .notModified: FeedRecord(url: source.location, outcome: .notModified)
            case .failed(let cause) where cause.isBackingOff: FeedRecord(url: source.location, outcome: .skipped)
            // The state keeps the words: the next back-off names them.
            case .failed(let cause): FeedRecord(url: source.location, outcome: .failed(cause.description))
            }
        }
    }

    let fetcher: Fetcher
    let logger: Logger
    /// `[feeds."URL"]` options, by feed location: User-Agent, headers and credentials.
    var options: [String: FeedOptions] = [:]
    /// Where `password_env` passwords are read.
    var environment: [String: String] = ProcessInfo.processInfo.environment

    /// What earlier runs learned of each of `sources` (validators, error counts), by location.
    static func states(of sources: [FeedSource], in state: StateStore) throws(PipelineError) -> [String: FeedState] {
        var states: [String: FeedState] = [:]
        for source in sources {
            states[source.location] = try storeCall(state.directory) { () throws(StateError) in
                try state.feed(source.location)
            }
        }
        return states
    }

    /// Refreshes every feed of `lists`, in list order.
    ///
    /// - Parameters:
    ///   - states: what earlier runs learned of each feed (validators, error counts); empty
    ///     without a state.
    ///   - conditional: send the stored validators (If-None-Match, If-Modified-Since). Off for
    ///     runs that must see every item a fresh state would see (`--force`, `--since`), since a
    ///     304 tells nothing about the items.
    ///   - now: the run's start, for backing off.
    ///   - backOff: leave out the feeds that failed too many runs in a row (`feeds check` tries
    ///     every feed).
    func refresh(
        _ lists: FeedLists.Loaded, states: [String: FeedState], conditional: Bool, now: Date, backOff: Bool = true
    ) async -> [Refreshed] {
        var results: [Refreshed?] = Array(repeating: nil, count: lists.sources.count)
        var requests: [FetchRequest] = []
        var requested: [Int] = []
        for (index, source) in lists.sources.enumerated() {
            let known = states[source.location]
            if backOff, let known, let until = Backoff.nextAttempt(after: known), until > now {
                let cause = FeedFailure.Cause.backedOff(
                    failures: known.errorCount, lastError: known.lastError, until: until)
                results[index] = Refreshed(source: source, outcome: .failed(cause))
                continue
            }
            var request = lists.request(
                for: source, etag: conditional ? known?.etag : nil,
                lastModified: conditional ? known?.lastModified : nil)
            if let feedOptions = options[source.location] {
                do {
                    request = try feedOptions.apply(to: request, environment: environment)
                } catch {
                    logger.info("feed failed", metadata: ["feed": "\(source.location)", "error": "\(error)"])
                    results[index] = Refreshed(source: source, outcome: .failed(.fetch(error)))
                    continue
                }
            }
            requested.append(index)
            requests.append(request)
        }
        let locations = Set(lists.sources.map(\.location))
        for location in options.keys.sorted() where !locations.contains(location) {
            // Most likely a typo in the URL: say so rather than silently ignore the options.
            logger.warning(
                "[feeds.\"\(location)\"] names no feed of the feed lists (the URL must be written as the list writes it); its options apply to nothing"
            )
        }
        logger.info("fetching feeds", metadata: ["feeds": "\(requests.count)"])
        let responses = await fetcher.fetchAll(requests)
        for (index, response) in zip(requested, responses) {
            results[index] = refreshed(lists.sources[index], response)
        }
        return results.compactMap { $0 }
    }

    /// The outcome of one fetch: the rules every command applies to a feed.
    private func refreshed(_ source: FeedSource, _ response: Result<FetchResponse, FetchError>) -> Refreshed {
        switch response {
        case .failure(let error):
            logger.info("feed failed", metadata: ["feed": "\(source.location)", "error": "\(error)"])
            return Refreshed(source: source, outcome: .failed(.fetch(error)))
        case .success(let response) where response.isNotModified:
            logger.debug("feed unchanged", metadata: ["feed": "\(source.location)"])
            return Refreshed(source: source, outcome: .notModified, response: response)
        case .success(let response):
            let feed: Feed
            do {
                feed = try FeedParser().parse(
                    response.body, baseURL: response.baseURL, contentType: response.contentType)
            } catch {
                logger.info("feed failed", metadata: ["feed": "\(source.location)", "error": "\(error)"])
                return Refreshed(source: source, outcome: .failed(.parse(error)), response: response)
            }
            if feed.recovered && feed.items.isEmpty {
                let cause = FeedFailure.Cause.noItemRecovered
                logger.info("feed failed", metadata: ["feed": "\(source.location)", "error": "\(cause)"])
                return Refreshed(source: source, outcome: .failed(cause), response: response)
            }
            logger.debug("feed read", metadata: ["feed": "\(source.location)", "items": "\(feed.items.count)"])
            return Refreshed(source: source, outcome: .fetched(feed), response: response)
        }
    }
}
