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
    ///
    /// The refresh and the compose halves in one: `DailyJob` calls them apart, to store the
    /// refresh in between and compose one briefing per profile.
    public func build(state: StateStore?, options: RunOptions) async throws(PipelineError) -> RunResult {
        var refresh = try await refresh([configuration], state: state, options: options)
        return try await compose(configuration, from: &refresh, state: state, options: options)
    }

    /// What one refresh fetched: every feed of the briefings' lists once, for each briefing to
    /// compose from.
    public struct Refresh: Sendable {
        /// The run's start.
        var started: Date
        /// Each briefing's feed lists as loaded, by the lists' locations.
        var lists: [[String]: FeedLists.Loaded]
        /// Each feed once, by location.
        var results: [String: FeedRefresh.Refreshed]
        /// What the state records: each feed's outcome, the items of the feeds fetched, and the
        /// ids each fully read feed lists now (for retention). `keep` is the caller's to set.
        public var record: RefreshRecord
        /// The article pages fetched for full text so far, by item link: each once for all
        /// profiles.
        var pages: [String: PageText] = [:]
        /// True when nothing was fetched: the feeds' outcomes are what the state holds
        /// (`storedRefresh`), so a feed read by an earlier refresh counts as read.
        var fromState = false
    }

    /// The refresh a compose-only run (`briefing run --no-refresh`) starts from: loads the feed
    /// lists of `briefings` and reads, never fetches, what the state holds of their feeds.
    ///
    /// A feed that some refresh read (its last attempt succeeded) gives the items stored for it
    /// that a profile was not shown, as after a 304; a feed whose last refresh failed is a
    /// failure line with the stored words, and one no refresh has stored yet says so.
    public func storedRefresh(_ briefings: [BriefingConfiguration], state: StateStore) async throws(PipelineError)
        -> Refresh
    {
        let started = now()
        let (lists, union) = try await loadLists(of: briefings)
        let states = try FeedRefresh.states(of: union.sources, in: state)
        var results: [String: FeedRefresh.Refreshed] = [:]
        for source in union.sources {
            let outcome: FeedRefresh.Outcome
            if let known = states[source.location] {
                outcome =
                    known.errorCount > 0
                    ? .failed(.stored(known.lastError ?? "the last refresh failed")) : .notModified
            } else {
                outcome = .failed(.stored("not refreshed yet: no refresh has stored this feed"))
            }
            results[source.location] = FeedRefresh.Refreshed(source: source, outcome: outcome, response: nil)
        }
        return Refresh(
            started: started, lists: lists, results: results,
            record: RefreshRecord(createdAt: started, feeds: [], items: []), fromState: true)
    }

    /// The refresh half of a run: loads the feed lists of `briefings` and fetches each of their
    /// feeds once (conditionally, with the validators `state` holds, unless `--force` or
    /// `--since`), reading the state but never writing it.
    public func refresh(
        _ briefings: [BriefingConfiguration], state: StateStore?, options: RunOptions
    ) async throws(PipelineError) -> Refresh {
        let started = now()
        let (lists, union) = try await loadLists(of: briefings)
        // Earlier runs: validators for a conditional GET, error counts for backing off.
        var feedStates: [String: FeedState] = [:]
        if let state { feedStates = try FeedRefresh.states(of: union.sources, in: state) }
        // `--force` and `--since` must see what a fresh state would: no conditional requests.
        let conditional = options.since == nil && options.remaking == nil
        let refreshed = await FeedRefresh(fetcher: fetcher, logger: logger, options: configuration.feeds)
            .refresh(union, states: feedStates, conditional: conditional, now: started)
        var results: [String: FeedRefresh.Refreshed] = [:]
        for result in refreshed { results[result.source.location] = result }
        return Refresh(started: started, lists: lists, results: results, record: Self.record(refreshed, at: started))
    }

    /// What the state records of refreshed feeds: each feed's outcome, the items of the feeds
    /// fetched, and the ids each fully read feed lists now (for retention). `briefing run` and
    /// the refresh workers store the same.
    static func record(_ refreshed: [FeedRefresh.Refreshed], at started: Date) -> RefreshRecord {
        var record = RefreshRecord(createdAt: started, feeds: [], items: [])
        for result in refreshed {
            let location = result.source.location
            record.feeds.append(result.record)
            guard case .fetched(let feed) = result.outcome else { continue }
            // A partly readable document may not list all the feed's items: keep them all.
            if !feed.recovered { record.listed[location] = feed.items.map(\.id) }
            for item in feed.items {
                record.items.append(
                    StoredItem(feed: location, item: item, contentHash: Self.contentHash(item), feedTitle: feed.title))
            }
        }
        return record
    }

    /// The feed lists of `briefings`, by the lists' locations, and every feed they name once,
    /// under the scope of the first list naming it from the network.
    func loadLists(of briefings: [BriefingConfiguration]) async throws(PipelineError) -> (
        lists: [[String]: FeedLists.Loaded], union: FeedLists.Loaded
    ) {
        var lists: [[String]: FeedLists.Loaded] = [:]
        var union = FeedLists.Loaded()
        var inUnion = Set<String>()
        for briefing in briefings where lists[briefing.feedLists] == nil {
            // A feed listed twice is read once, in the first group that names it.
            let loaded = try await FeedLists(fetcher: fetcher).load(briefing.feedLists)
            lists[briefing.feedLists] = loaded
            for source in loaded.sources where inUnion.insert(source.location).inserted {
                union.sources.append(source)
            }
            union.fromNetwork.formUnion(loaded.fromNetwork)
        }
        return (lists, union)
    }

    /// What tells one version of an item from another.
    static func contentHash(_ item: FeedItem) -> String {
        StableHash.hex((item.title ?? "") + "\u{1F}" + (item.bodyText ?? ""))
    }

    /// The compose half of a run: the briefing `briefing` (a profile, or the configuration
    /// itself) makes from `refresh`, with the items its profile has not been shown.
    ///
    /// The candidates are the items its feeds list now (as fetched) and, unless `--since`, the
    /// items stored by earlier refreshes that the profile was never shown: so a feed that
    /// answered 304, or failed today, still gives the profile what another profile's run (or a
    /// killed run) fetched. Reads the state, never writes it; adds the article pages it fetched
    /// to `refresh`, for the next profile.
    public func compose(
        _ briefing: BriefingConfiguration, from refresh: inout Refresh, state: StateStore?, options: RunOptions
    ) async throws(PipelineError) -> RunResult {
        var run = self
        run.configuration = briefing
        return try await run.compose(&refresh, state: state, options: options)
    }

    private func compose(_ refresh: inout Refresh, state: StateStore?, options: RunOptions)
        async throws(PipelineError) -> RunResult
    {
        let started = refresh.started
        guard let lists = refresh.lists[configuration.feedLists] else {
            throw PipelineError(input: configuration.feedLists.joined(separator: ", "), message: "not refreshed")
        }
        let profile = configuration.profile
        var failures: [FeedFailure] = lists.refused
        var candidates: [Candidate] = []
        var itemRecords: [ItemRecord] = []
        var listed: [String: [String]] = [:]
        var results: [FeedRefresh.Refreshed] = []
        let oldest = oldestAcceptedDate(options: options, now: started)
        var filters = RunFilters(configuration)
        for source in lists.sources {
            guard let result = refresh.results[source.location] else { continue }
            results.append(result)
            var items: [(item: FeedItem, hash: String, shown: String?)] = []
            var feedTitle: String?
            var fetchedIDs = Set<String>()
            switch result.outcome {
            case .fetched(let feed):
                feedTitle = feed.title
                let ids = feed.items.map(\.id)
                fetchedIDs = Set(ids)
                if !feed.recovered { listed[source.location] = ids }
                var seen: [String: String] = [:]
                if let state {
                    seen = try storeCall(state.directory) { () throws(StateError) in
                        try state.seenItems(
                            feed: source.location, ids: ids, profile: profile,
                            excludingBriefings: options.remaking ?? [])
                    }
                }
                items = feed.items.map { ($0, Self.contentHash($0), seen[$0.id]) }
            case .notModified: break
            case .failed(let cause): failures.append(FeedFailure(source: source, cause: cause))
            }
            // What earlier refreshes stored and this profile was never shown, when the feed was
            // read or answered 304 (a feed that failed gives nothing, as always: its items come
            // when it is read again). A `--since` look back takes what the feeds list now.
            if let state, options.since == nil, !result.outcome.isFailure {
                let stored = try storeCall(state.directory) { () throws(StateError) in
                    try state.unseenStoredItems(
                        feed: source.location, profile: profile, since: oldest,
                        excludingBriefings: options.remaking ?? [])
                }
                for item in stored where !fetchedIDs.contains(item.id) {
                    feedTitle = feedTitle ?? item.feedTitle
                    items.append((item.item, item.contentHash, item.shownHash))
                }
            }
            let name = source.title ?? feedTitle ?? source.location
            for (item, hash, previous) in items {
                let text = item.bodyText ?? ""
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

        let unreadPages = await fetchFullText(&candidates, pages: &refresh.pages)
        let (sections, shown) = arrange(candidates, sectionOrder: lists.sectionOrder, now: started)
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
            feedCount: lists.sources.count + lists.refused.count, unreadPages: unreadPages,
            feedsRead: results.count { result in
                switch result.outcome {
                case .fetched: true
                case .notModified: refresh.fromState
                case .failed: false
                }
            },
            unchangedFeeds: refresh.fromState
                ? 0 : results.count { if case .notModified = $0.outcome { true } else { false } })
        let feeds = results.map(\.record)
        return RunResult(briefing: briefing, feeds: feeds, items: itemRecords, listed: listed)
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
    ///
    /// `pages` keeps what each page gave, by the item's link, for the run's other profiles: a
    /// page two profiles' items link to is fetched once.
    private func fetchFullText(_ candidates: inout [Candidate], pages: inout [String: PageText]) async -> [UnreadPage] {
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
        var unread: [UnreadPage] = []
        func use(_ text: PageText, for index: Int) {
            switch text {
            case .unread(let url, let reason):
                unread.append(UnreadPage(source: candidates[index].sourceName, url: url, reason: reason))
            case .article(let article):
                let pageWords = article.split(whereSeparator: \.isWhitespace).count
                let feedWords = candidates[index].text.split(whereSeparator: \.isWhitespace).count
                if pageWords > feedWords { candidates[index].text = article }
            }
        }
        let known = wanted.filter { pages[candidates[$0].item.link ?? ""] != nil }
        for index in known {
            if let text = pages[candidates[index].item.link ?? ""] { use(text, for: index) }
        }
        wanted = wanted.filter { pages[candidates[$0].item.link ?? ""] == nil }
        guard !wanted.isEmpty else { return unread }
        // Item links come from the network: public addresses only (the fetch stage checks each
        // connection), and what it refuses is told in the briefing.
        let responses = await fetcher.fetchAll(
            wanted.map { FetchRequest(url: LinkPolicy.webURL(candidates[$0].item.link ?? "") ?? "", scope: .network) })
        let extractor = ArticleExtractor()
        for (index, response) in zip(wanted, responses) {
            let text = pageText(response, extractor: extractor)
            pages[candidates[index].item.link ?? ""] = text
            use(text, for: index)
        }
        return unread
    }

    /// What a page gave: its article text, or why it could not be read.
    enum PageText: Sendable {
        case article(String)
        case unread(url: String, reason: String)
    }

    private func pageText(_ response: Result<FetchResponse, FetchError>, extractor: ArticleExtractor) -> PageText {
        let page: FetchResponse
        switch response {
        case .failure(let error):
            logger.info("article page not fetched", metadata: ["url": "\(error.url)", "error": "\(error)"])
            // The message without curl's detail (ports, timings), so that like failures group.
            return .unread(url: error.url, reason: "fetch: \(error.message)")
        case .success(let response):
            page = response
        }
        do {
            return .article(
                try extractor.extract(data: page.body, contentType: page.contentType, url: page.finalURL).text)
        } catch {
            logger.info("article page not read", metadata: ["url": "\(page.url)", "error": "\(error)"])
            return .unread(url: page.url, reason: "\(error)")
        }
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

extension FeedRefresh.Outcome {
    var isFailure: Bool {
        if case .failed = self { true } else { false }
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
