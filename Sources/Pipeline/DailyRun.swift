import BriefingCore
import Extraction
import FeedParsing
import Fetching
import Foundation
import History
import Logging
import Summarization

/// Choices of one run that are not configuration.
public struct RunOptions: Sendable, Hashable {
    /// Take the items published within this many seconds, whether or not an earlier briefing
    /// had them, instead of the items new since the last briefing.
    public var since: TimeInterval?
    /// With `--force`: the stored briefings being made again (their items count as new); an
    /// empty list when there is none yet. Nil without `--force`.
    public var remaking: [Int64]?

    public init(since: TimeInterval? = nil, remaking: [Int64]? = nil) {
        self.since = since
        self.remaking = remaking
    }
}

/// What a run produced: the briefing, and what to store about it once it is delivered.
public struct RunResult: Sendable {
    public var briefing: Briefing
    public var feeds: [FeedRecord]
    public var items: [ItemRecord]
    /// The item ids each fully read feed lists now, by feed URL, for retention.
    public var listed: [String: [String]] = [:]
}

/// The daily run: feed lists → fetch → parse → select new items → group stories → summarize →
/// a `Briefing` value, plus the state records for it.
///
/// One bad feed never spoils the run: its failure becomes a line in the briefing. Only a run
/// with nothing usable (no feed list readable) throws.
public struct DailyRun: Sendable {
    public var configuration: BriefingConfiguration
    private let fetcher: Fetcher
    private let now: @Sendable () -> Date
    private let logger: Logger

    /// - Parameters:
    ///   - logger: the caller's logger for progress and per-feed outcomes.
    ///   - now: the clock, injected so that tests can fix the day.
    public init(
        configuration: BriefingConfiguration, fetcher: Fetcher? = nil,
        logger: Logger = Logger(label: "briefing", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.fetcher = fetcher ?? Fetcher(configuration: configuration.fetch)
        self.logger = logger
        self.now = now
    }

    /// Builds the day's briefing without any state: every item is new.
    public func run() async throws(PipelineError) -> Briefing {
        try await build(state: nil, options: RunOptions()).briefing
    }

    /// Builds the day's briefing, reading (never writing) `state` to tell new items from seen ones.
    public func build(state: StateStore?, options: RunOptions) async throws(PipelineError) -> RunResult {
        let started = now()
        // A feed listed twice is read once, in the first group that names it.
        let lists = try await FeedLists(fetcher: fetcher).load(configuration.feedLists)
        let sectionOrder = lists.sectionOrder
        let sources = lists.sources

        // Earlier runs: validators for a conditional GET, error counts for backing off.
        var feedStates: [String: FeedState] = [:]
        if let state { feedStates = try FeedRefresh.states(of: sources, in: state) }
        var failures: [FeedFailure] = lists.refused
        var feedRecords: [FeedRecord] = []
        // `--force` and `--since` must see what a fresh state would: no conditional requests.
        let conditional = options.since == nil && options.remaking == nil
        let refreshed = await FeedRefresh(fetcher: fetcher, logger: logger, options: configuration.feeds)
            .refresh(lists, states: feedStates, conditional: conditional, now: started)

        var candidates: [Candidate] = []
        var itemRecords: [ItemRecord] = []
        var listed: [String: [String]] = [:]
        let oldest = oldestAcceptedDate(options: options, now: started)
        var filters = RunFilters(configuration)
        for result in refreshed {
            let source = result.source
            feedRecords.append(result.record)
            let feed: Feed
            switch result.outcome {
            case .fetched(let parsed): feed = parsed
            case .notModified: continue
            case .failed(let cause):
                failures.append(FeedFailure(source: source, cause: cause))
                continue
            }
            let ids = feed.items.map(\.id)
            // A partly readable document may not list all the feed's items: keep them all.
            if !feed.recovered { listed[source.location] = ids }
            let seen: [String: String]
            if let state {
                seen = try storeCall(state.directory) { () throws(StateError) in
                    try state.seenItems(feed: source.location, ids: ids, excludingBriefings: options.remaking ?? [])
                }
            } else {
                seen = [:]
            }
            let name = source.title ?? feed.title ?? source.location
            for item in feed.items {
                let text = item.bodyText ?? ""
                let hash = StableHash.hex((item.title ?? "") + "\u{1F}" + text)
                let previous = seen[item.id]
                let isNew = previous == nil
                let isUpdate = previous != nil && previous != hash
                let tooOld = oldest.flatMap { oldest in item.date.map { $0 < oldest } } ?? false
                let wanted = isNew || isUpdate || options.since != nil
                if tooOld || (wanted && !filters.keeps(item, from: source.location)) {
                    // Too old to show, now or later, or filtered out: remember it so it never
                    // comes back (a filtered item counts as seen).
                    if isNew || isUpdate {
                        itemRecords.append(
                            ItemRecord(feed: source.location, id: item.id, contentHash: hash, shown: false))
                    }
                    continue
                }
                guard wanted else { continue }
                candidates.append(
                    Candidate(
                        source: source, sourceName: name, item: item, text: text, hash: hash,
                        isUpdate: isUpdate && options.since == nil))
            }
        }

        let unreadPages = await fetchFullText(&candidates)
        let (sections, shown) = arrange(candidates, sectionOrder: sectionOrder, now: started)
        for index in shown {
            let candidate = candidates[index]
            itemRecords.append(
                ItemRecord(
                    feed: candidate.source.location, id: candidate.item.id, contentHash: candidate.hash, shown: true))
        }
        let briefing = Briefing(
            title: configuration.title, date: started,
            sections: TopStories.apply(sections, count: configuration.topStories),  // issue 20: top stories
            failures: failures,
            feedCount: sources.count + lists.refused.count, unreadPages: unreadPages,
            feedsRead: refreshed.count { if case .fetched = $0.outcome { true } else { false } },
            unchangedFeeds: refreshed.count { if case .notModified = $0.outcome { true } else { false } })
        return RunResult(briefing: briefing, feeds: feedRecords, items: itemRecords, listed: listed)
    }

    /// One item that may go into the briefing.
    struct Candidate {
        var source: FeedSource
        var sourceName: String
        var item: FeedItem
        var text: String
        var hash: String
        var isUpdate: Bool
    }

    /// Replaces teasers by the article text of the item's page, where the configuration asks
    /// for it. A page that cannot be fetched or read leaves the feed's text as it was, and is
    /// returned with the reason, for the briefing to tell.
    private func fetchFullText(_ candidates: inout [Candidate]) async -> [UnreadPage] {
        let settings = configuration.fullText
        var wanted: [Int] = []
        for (index, candidate) in candidates.enumerated() {
            guard let link = candidate.item.link, LinkPolicy.isWebURL(link) else { continue }
            switch settings.mode(for: candidate.source.location) {
            case .never: continue
            case .always: wanted.append(index)
            case .auto:
                let words = candidate.text.split(whereSeparator: \.isWhitespace).count
                if words < settings.minimumWords { wanted.append(index) }
            }
        }
        wanted = Array(wanted.prefix(settings.maxPages))
        guard !wanted.isEmpty else { return [] }
        // Item links come from the network: public addresses only (the fetch stage checks each
        // connection), and what it refuses is told in the briefing.
        let responses = await fetcher.fetchAll(
            wanted.map { FetchRequest(url: LinkPolicy.webURL(candidates[$0].item.link ?? "") ?? "", scope: .network) })
        let extractor = ArticleExtractor()
        var unread: [UnreadPage] = []
        for (index, response) in zip(wanted, responses) {
            let page: FetchResponse
            let article: Article
            switch response {
            case .failure(let error):
                logger.info("article page not fetched", metadata: ["url": "\(error.url)", "error": "\(error)"])
                // The message without curl's detail (ports, timings), so that like failures group.
                unread.append(
                    UnreadPage(source: candidates[index].sourceName, url: error.url, reason: "fetch: \(error.message)"))
                continue
            case .success(let response):
                page = response
            }
            do {
                article = try extractor.extract(data: page.body, contentType: page.contentType, url: page.finalURL)
            } catch {
                logger.info("article page not read", metadata: ["url": "\(page.url)", "error": "\(error)"])
                unread.append(UnreadPage(source: candidates[index].sourceName, url: page.url, reason: "\(error)"))
                continue
            }
            let pageWords = article.text.split(whereSeparator: \.isWhitespace).count
            let feedWords = candidates[index].text.split(whereSeparator: \.isWhitespace).count
            if pageWords > feedWords { candidates[index].text = article.text }
        }
        return unread
    }

    private func oldestAcceptedDate(options: RunOptions, now: Date) -> Date? {
        let age = [options.since, configuration.maxItemAge > 0 ? configuration.maxItemAge : nil].compactMap { $0 }.min()
        return age.map { now.addingTimeInterval(-$0) }
    }

    /// Groups stories, summarizes, ranks within sections and applies the caps.
    /// Returns the sections and the candidates shown (items left out by a cap are not recorded,
    /// so the next briefing still has them).
    private func arrange(_ candidates: [Candidate], sectionOrder: [String], now: Date) -> ([BriefingSection], [Int]) {
        let profiles = TextProfile.profiles(candidates.map { (title: $0.item.title, text: $0.text) })
        let groups = StoryGrouping().groups(
            zip(candidates, profiles).map {
                StoryGrouping.Item(profile: $1, date: $0.item.date, feed: $0.source.location)
            })
        let summarizer = Summarizer(configuration: configuration.summarizer)
        var ranked: [String: [(entry: BriefingEntry, rank: Double, members: [Int])]] = [:]
        for group in groups {
            let lead = leadMember(of: group, candidates: candidates)
            let members = [lead] + group.filter { $0 != lead }
            let entry = makeEntry(members.map { candidates[$0] }, summarizer: summarizer)
            let section = candidates[lead].source.group
            ranked[section, default: []].append(
                (entry, rank(entry, profile: profiles[lead], sources: members.count, now: now), members))
        }
        var sections: [BriefingSection] = []
        var shown: [Int] = []
        var total = 0
        for name in sectionOrder {
            var entries = (ranked[name] ?? []).sorted { a, b in
                a.rank != b.rank ? a.rank > b.rank : DailyRun.newestFirst(a.entry, b.entry)
            }
            if configuration.maxItemsPerSection > 0, entries.count > configuration.maxItemsPerSection {
                entries = Array(entries.prefix(configuration.maxItemsPerSection))
            }
            if configuration.maxItems > 0 {
                entries = Array(entries.prefix(max(0, configuration.maxItems - total)))
            }
            total += entries.count
            shown.append(contentsOf: entries.flatMap(\.members))
            sections.append(BriefingSection(name: name, entries: entries.map(\.entry)))
        }
        return (sections, shown)
    }

    /// The member whose text is most complete leads the story: its title and link head the entry.
    private func leadMember(of group: [Int], candidates: [Candidate]) -> Int {
        group.max { a, b in
            let x = candidates[a]
            let y = candidates[b]
            if x.text.count != y.text.count { return x.text.count < y.text.count }
            return a > b
        } ?? group[0]
    }

    private func makeEntry(_ members: [Candidate], summarizer: Summarizer) -> BriefingEntry {
        let lead = members[0]
        let title = lead.item.title ?? lead.item.summaryText.map { String($0.prefix(80)) } ?? "(untitled)"
        let documents = members.compactMap { member -> Document? in
            member.text.isEmpty ? nil : Document(title: member.item.title, text: member.text)
        }
        var summary: [String] = []
        if !documents.isEmpty {
            let length: SummaryLength =
                configuration.words > 0
                ? .sentencesAndWords(sentences: configuration.sentences, words: configuration.words)
                : .sentences(configuration.sentences)
            let result =
                documents.count == 1
                ? summarizer.summarize(documents[0], length: length)
                : summarizer.summarize(documents, length: length)
            summary = result.sentences.map(\.text)
        }
        return BriefingEntry(
            title: title, link: lead.item.link, source: lead.sourceName, date: lead.item.date, summary: summary,
            isUpdate: members.contains { $0.isUpdate },
            alsoReportedBy: members.dropFirst().map { SourceLink(source: $0.sourceName, link: $0.item.link) })
    }

    /// Importance within a section: sources carrying the story, then the names and figures of
    /// its lead item (as the grouping read them), then recency.
    private func rank(_ entry: BriefingEntry, profile: TextProfile, sources: Int, now: Date) -> Double {
        let salience = min(
            1, Double(profile.names.count + profile.figures.count) / Double(max(1, profile.wordCount)) * 3)
        let age = entry.date.map { max(0, now.timeIntervalSince($0)) / 3600 } ?? 48
        let recency = exp(-age / 24)
        return Double(sources - 1) + 0.5 * salience + 0.5 * recency
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
}

/// Runs a state call, turning its error into a `PipelineError` naming the state directory.
func storeCall<T>(_ directory: String, _ body: () throws(StateError) -> T) throws(PipelineError) -> T {
    do {
        return try body()
    } catch {
        throw PipelineError(input: directory, cause: .state(error))
    }
}

/// When a feed that keeps failing is tried again: after 3 failures in a row, wait 2^(n-3)
/// hours (1, 2, 4, ...), at most a day.
enum Backoff {
    static func nextAttempt(after state: FeedState) -> Date? {
        guard state.errorCount >= 3, let last = state.lastAttempt else { return nil }
        let hours = min(24, pow(2, Double(state.errorCount - 3)))
        return last.addingTimeInterval(hours * 3600)
    }
}

/// A run that could not produce anything: names the input and what went wrong.
///
/// The cause keeps the stage's own error (``Cause``); the message is built from it, and the
/// input is written before it unless the cause names it already (a state error names its path,
/// a file's fetch error its file, a mail error its server, ``Cause/selfContained(_:)`` words
/// their input).
public struct PipelineError: Error, Sendable, Hashable, CustomStringConvertible {
    public var input: String
    public var cause: Cause

    /// What went wrong, with the error of the stage that failed.
    public enum Cause: Sendable, Hashable, CustomStringConvertible {
        case fetch(FetchError)
        case parse(FeedParsingError)
        case extraction(ExtractionError)
        case state(StateError)
        case mail(MailError)
        /// Words about the input, written after it.
        case message(String)
        /// Words that name the input themselves, written alone.
        case selfContained(String)

        public var description: String {
            switch self {
            case .fetch(let error): error.description
            case .parse(let error): error.description
            case .extraction(let error): error.description
            case .state(let error): error.description
            case .mail(let error): error.description
            case .message(let text), .selfContained(let text): text
            }
        }

        /// True when the words name the input already.
        var namesInput: Bool {
            switch self {
            case .state, .mail, .selfContained: true
            case .fetch(let error): error.kind == .file
            case .parse, .extraction, .message: false
            }
        }
    }

    public init(input: String, cause: Cause) {
        self.input = input
        self.cause = cause
    }

    /// An error in words about `input`.
    public init(input: String, message: String) {
        self.init(input: input, cause: .message(message))
    }

    /// What went wrong, without the input.
    public var message: String { cause.description }

    public var description: String {
        cause.namesInput ? message : "\(input): \(message)"
    }
}
