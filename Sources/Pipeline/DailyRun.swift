import BriefingCore
import FeedParsing
import Fetching
import Foundation
import Summarization

/// The daily run: feed lists → fetch → parse → summarize → a `Briefing` value.
///
/// One bad feed never spoils the run: its failure becomes a line in the briefing. Only a run
/// with nothing usable (no feed list readable) throws.
public struct DailyRun: Sendable {
    public var configuration: BriefingConfiguration
    private let fetcher: Fetcher
    private let now: @Sendable () -> Date

    /// - Parameter now: the clock, injected so that tests can fix the day.
    public init(
        configuration: BriefingConfiguration, fetcher: Fetcher? = nil, now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.fetcher = fetcher ?? Fetcher(configuration: configuration.fetch)
        self.now = now
    }

    /// Builds the day's briefing.
    public func run() async throws(PipelineError) -> Briefing {
        let lists = try await loadFeedLists()
        // Groups of the same name in several lists become one section.
        var sectionOrder: [String] = []
        var sources: [FeedSource] = []
        for list in lists {
            for group in list.groups {
                if !sectionOrder.contains(group.name) { sectionOrder.append(group.name) }
                sources.append(contentsOf: group.feeds)
            }
        }
        let requests = sources.map { FetchRequest(url: $0.location) }
        let responses = await fetcher.fetchAll(requests)

        var entriesBySection: [String: [BriefingEntry]] = [:]
        var failures: [FeedFailure] = []
        let summarizer = Summarizer(configuration: configuration.summarizer)
        for (source, response) in zip(sources, responses) {
            switch readFeed(source: source, response: response) {
            case .failure(let failure):
                failures.append(failure)
            case .success(let feed):
                let name = source.title ?? feed.title ?? source.location
                let entries = feed.items.map { entry(for: $0, source: name, summarizer: summarizer) }
                entriesBySection[source.group, default: []].append(contentsOf: entries)
            }
        }
        let sections = sectionOrder.map { name in
            var entries = (entriesBySection[name] ?? []).sorted(by: DailyRun.newestFirst)
            if configuration.maxItemsPerSection > 0, entries.count > configuration.maxItemsPerSection {
                entries = Array(entries.prefix(configuration.maxItemsPerSection))
            }
            return BriefingSection(name: name, entries: entries)
        }
        return Briefing(
            title: configuration.title, date: now(), sections: sections, failures: failures, feedCount: sources.count)
    }

    /// Newest first; undated items after dated ones; ties by title for a stable order.
    static func newestFirst(_ a: BriefingEntry, _ b: BriefingEntry) -> Bool {
        switch (a.date, b.date) {
        case let (x?, y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return a.title < b.title
        }
    }

    private func loadFeedLists() async throws(PipelineError) -> [FeedList] {
        var lists: [FeedList] = []
        for location in configuration.feedLists {
            let url = location.contains("://") ? location : URL(fileURLWithPath: location).absoluteString
            let response: FetchResponse
            switch await fetcher.fetch(FetchRequest(url: url)) {
            case .success(let value): response = value
            case .failure(let error): throw PipelineError(input: location, message: error.description)
            }
            do {
                lists.append(try OPML.read(response.body, baseURL: response.finalURL))
            } catch {
                throw PipelineError(input: location, message: error.description)
            }
        }
        return lists
    }

    private func readFeed(source: FeedSource, response: Result<FetchResponse, FetchError>) -> Result<
        Feed, FeedFailure
    > {
        switch response {
        case .failure(let error):
            return .failure(FeedFailure(source: source, reason: error.description))
        case .success(let response):
            do {
                let feed = try FeedParser().parse(
                    response.body, baseURL: response.finalURL, contentType: response.contentType)
                return .success(feed)
            } catch {
                return .failure(FeedFailure(source: source, reason: error.description))
            }
        }
    }

    private func entry(for item: FeedItem, source: String, summarizer: Summarizer) -> BriefingEntry {
        let title = item.title ?? item.summaryText.map { String($0.prefix(80)) } ?? "(untitled)"
        var summary: [String] = []
        if let body = item.bodyText, !body.isEmpty {
            let result = summarizer.summarize(
                Document(title: item.title, text: body), length: .sentences(configuration.sentences))
            summary = result.sentences.map(\.text)
        }
        return BriefingEntry(title: title, link: item.link, source: source, date: item.date, summary: summary)
    }
}

/// A run that could not produce anything: names the input and what went wrong.
public struct PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var input: String
    public var message: String

    public init(input: String, message: String) {
        self.input = input
        self.message = message
    }

    public var description: String {
        message.contains(input) ? message : "\(input): \(message)"
    }
}
