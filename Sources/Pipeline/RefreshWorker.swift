import BriefingCore
import Fetching
import Foundation
import History
import Logging
import Synchronization

/// `[refresh]`: how the refresh workers (`briefing refresh`) share the feeds. Every field
/// documents its default.
public struct RefreshConfiguration: Sendable, Hashable {
    /// How long after a refresh a feed is due again, in seconds (a feed that keeps failing
    /// waits longer: the back-off of `briefing run`). Default 1 hour.
    public var interval: TimeInterval = 3600
    /// How long a claimed feed stays a worker's, in seconds: a worker that dies loses its feeds
    /// this long after it claimed them. Default 10 minutes.
    public var lease: TimeInterval = 600
    /// Feeds a worker claims at once. Default 50.
    public var batch = 50

    public init() {}
}

/// Tells a running worker to stop: it starts no new fetch, stores the fetches in flight,
/// gives its leases back and returns. Safe to call from a signal handler's queue.
public final class RefreshStop: Sendable {
    private struct State {
        var requested = false
        var sleeper: Task<Void, Never>?
    }
    private let state = Mutex(State())

    public init() {}

    /// Asks the worker to stop, and wakes it if it is sleeping until the next due feed.
    public func request() {
        let sleeper = state.withLock { state in
            state.requested = true
            return state.sleeper
        }
        sleeper?.cancel()
    }

    public var isRequested: Bool { state.withLock { $0.requested } }

    /// Sleeps `seconds`, or until `request()`.
    func sleep(seconds: TimeInterval) async {
        guard seconds > 0 else { return }
        let task = Task { _ = try? await Task.sleep(nanoseconds: UInt64(seconds * 1e9)) }
        let started = state.withLock { state in
            guard !state.requested else { return false }
            state.sleeper = task
            return true
        }
        if !started { task.cancel() }
        await task.value
        state.withLock { $0.sleeper = nil }
    }
}

/// What a worker did, for its last words and exit code.
public struct RefreshSummary: Sendable, Hashable {
    /// Feeds fetched and parsed.
    public var fetched = 0
    /// Feeds that answered 304.
    public var notModified = 0
    /// Feeds whose fetch or parse failed.
    public var failed = 0
    /// Feeds left alone because they are backing off after failures.
    public var skipped = 0
    /// Feeds not stored because their lease went to another worker meanwhile.
    public var lost = 0

    public var refreshed: Int { fetched + notModified + failed }
}

/// One refresh worker: claims due feeds from the shared state, fetches them and stores each
/// feed's items and validators, until nothing is due (`once`) or until stopped.
///
/// Fetching is `FeedRefresh`'s, as in `briefing run` (conditional GET with the stored
/// validators, back-off, per-feed options); the state's leases make sure no two workers fetch
/// one feed at once, and its host slots that at most `fetch.per_host` fetches to one host run
/// at once across all workers (see `StateStore`'s FeedLeases). A feed's lease is renewed just
/// before its fetch, so a feed whose lease ran out while it waited for a host slot is not
/// fetched twice. What the state holds is composed by `briefing run`.
public final class RefreshWorker {
    public let worker: String
    private let configuration: BriefingConfiguration
    private let state: StateStore
    private let fetcher: Fetcher
    private let logger: Logger
    private let now: @Sendable () -> Date
    private var settings: RefreshConfiguration
    /// The feeds of the configured lists, by location.
    private var sources: [String: FeedSource] = [:]
    private var fromNetwork: Set<String> = []

    /// - Parameters:
    ///   - worker: this worker's name in the state (unique among the workers: `hostname:pid`).
    ///   - settings: interval, lease and batch; default the configuration's `[refresh]`.
    public init(
        configuration: BriefingConfiguration, state: StateStore, worker: String, settings: RefreshConfiguration? = nil,
        fetcher: Fetcher? = nil, logger: Logger = Logger(label: "briefing", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.state = state
        self.worker = worker
        self.settings = settings ?? configuration.refresh
        self.fetcher = fetcher ?? Fetcher(configuration: configuration.fetch)
        self.logger = logger
        self.now = now
    }

    /// A worker on the configuration's state (`[state] url` or directory; `stateDirectory`,
    /// from `--state-dir`, overrides both), opened, created and migrated if need be.
    public convenience init(
        configuration: BriefingConfiguration, stateDirectory: String? = nil, worker: String,
        settings: RefreshConfiguration? = nil,
        logger: Logger = Logger(label: "briefing", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(PipelineError) {
        let name = stateDirectory ?? configuration.stateName
        let state = try storeCall(name) { () throws(StateError) in
            try StateStore(location: configuration.stateLocation(directory: stateDirectory))
        }
        self.init(configuration: configuration, state: state, worker: worker, settings: settings, logger: logger)
    }

    /// Loads the feed lists and registers their feeds in the state (feeds no longer listed
    /// become inactive). `run` does it first; separate for tests.
    public func register() async throws(PipelineError) {
        let run = DailyRun(configuration: configuration, fetcher: fetcher, logger: logger, now: now)
        let union = try await run.loadLists(of: configuration.briefings).union
        sources = Dictionary(union.sources.map { ($0.location, $0) }, uniquingKeysWith: { first, _ in first })
        fromNetwork = union.fromNetwork
        let locations = union.sources.map(\.location)
        let time = now()
        try storeCall(state.directory) { () throws(StateError) in try state.register(feeds: locations, now: time) }
        logger.info("feeds registered", metadata: ["feeds": "\(locations.count)", "worker": "\(worker)"])
    }

    /// Registers the feeds, then claims and refreshes due feeds batch by batch: with `once`
    /// until none is due, else until `stop`, sleeping until the next one is due in between.
    /// Gives back its leases and host slots before it returns, also after an error.
    public func run(once: Bool, stop: RefreshStop = RefreshStop()) async throws(PipelineError) -> RefreshSummary {
        try await register()
        var summary = RefreshSummary()
        do {
            while !stop.isRequested {
                let time = now()
                let leases = try storeCall(state.directory) { () throws(StateError) in
                    try state.claim(worker: worker, limit: settings.batch, lease: settings.lease, now: time)
                }
                if leases.isEmpty {
                    if once { break }
                    let next = try storeCall(state.directory) { () throws(StateError) in try state.nextDue() }
                    // Woken at the next due feed, or after an interval at most (feeds another
                    // worker registers meanwhile); never busy: at least a second.
                    let wait = min(settings.interval, max(1, (next ?? time.addingTimeInterval(settings.interval))
                        .timeIntervalSince(time)))
                    logger.debug("nothing due", metadata: ["sleep": "\(wait)"])
                    await stop.sleep(seconds: wait)
                    continue
                }
                logger.info("claimed feeds", metadata: ["feeds": "\(leases.count)", "worker": "\(worker)"])
                try await refresh(leases, stop: stop, summary: &summary)
            }
        } catch {
            try? state.release(worker: worker)
            throw error
        }
        try storeCall(state.directory) { () throws(StateError) in try state.release(worker: worker) }
        return summary
    }

    /// How long a host slot is held at most: one fetch with all its attempts and waits.
    private var slotHold: TimeInterval {
        let fetch = configuration.fetch
        let attempts = Double(fetch.maxAttempts)
        return fetch.totalTimeout * attempts + fetch.maxRetryAfter * (attempts - 1) + 10
    }

    /// Fetches the claimed feeds, each under a host slot, at most `fetch.concurrency` at once,
    /// and stores each as it completes. After `stop`, starts no more: the feeds not started
    /// are given back with the leases.
    private func refresh(_ leases: [FeedLease], stop: RefreshStop, summary: inout RefreshSummary)
        async throws(PipelineError)
    {
        let lists = try feedStates(leases)
        var waiting: [String: [FeedLease]] = [:]
        var hosts: [String] = []
        for lease in leases {
            if waiting[lease.host] == nil { hosts.append(lease.host) }
            waiting[lease.host, default: []].append(lease)
        }
        let limit = max(1, configuration.fetch.maxConcurrent)
        let perHost = max(1, configuration.fetch.maxPerHost)
        var failure: PipelineError?
        await withTaskGroup(of: (FeedRefresh.Refreshed, HostSlot?).self) { group in
            var running = 0
            while failure == nil {
                do throws(PipelineError) {
                    // Start what may start: a slot free on the host, and room under the limit.
                    var index = 0
                    while index < hosts.count, running < limit, !stop.isRequested {
                        let host = hosts[index]
                        index += 1
                        while running < limit, let lease = waiting[host]?.first {
                            var slot: HostSlot?
                            if !host.isEmpty {
                                let time = now()
                                slot = try storeCall(state.directory) { () throws(StateError) in
                                    try state.takeHostSlot(
                                        host: host, limit: perHost, worker: worker, hold: slotHold, now: time)
                                }
                                guard slot != nil else { break }
                            }
                            waiting[host]?.removeFirst()
                            let time = now()
                            let held = try storeCall(state.directory) { () throws(StateError) in
                                try state.renewLease(url: lease.url, worker: worker, lease: settings.lease, now: time)
                            }
                            guard held else {
                                summary.lost += 1
                                if let slot { try releaseSlot(slot) }
                                continue
                            }
                            let (refresher, loaded, known) = lists.single(lease.url)
                            group.addTask {
                                let result = await refresher.refresh(loaded, states: known, conditional: true, now: time)
                                return (result[0], slot)
                            }
                            running += 1
                        }
                    }
                    hosts.removeAll { waiting[$0]?.isEmpty ?? true }
                    if running == 0 {
                        // Nothing in flight: done, or every waiting host's slots are another
                        // worker's for now; look again shortly.
                        if hosts.isEmpty || stop.isRequested { break }
                        await stop.sleep(seconds: 0.05)
                        continue
                    }
                    guard let (result, slot) = await group.next() else { break }
                    running -= 1
                    if let slot { try releaseSlot(slot) }
                    try store(result, previous: lists.states[result.source.location], summary: &summary)
                } catch {
                    failure = error
                }
            }
            // After a state error: let the fetches in flight end, storing nothing more.
            while failure != nil, await group.next() != nil {}
        }
        if let failure { throw failure }
    }

    private func releaseSlot(_ slot: HostSlot) throws(PipelineError) {
        try storeCall(state.directory) { () throws(StateError) in try state.releaseHostSlot(slot, worker: worker) }
    }

    /// Stores one feed's outcome while its lease is ours, with its next due time: the interval
    /// from now, or later for a feed backing off after failures.
    private func store(_ result: FeedRefresh.Refreshed, previous: FeedState?, summary: inout RefreshSummary)
        throws(PipelineError)
    {
        let time = now()
        let record = DailyRun.record([result], at: time)
        let url = result.source.location
        // The feed's state as this outcome leaves it, for the back-off (a feed new to the
        // state has failed once at most: no back-off yet).
        var after = previous
        switch record.feeds.first?.outcome {
        case .fetched?:
            summary.fetched += 1
            after?.errorCount = 0
        case .notModified?:
            summary.notModified += 1
            after?.errorCount = 0
        case .failed?:
            summary.failed += 1
            after?.errorCount += 1
            after?.lastAttempt = time
        case .skipped?, nil:
            summary.skipped += 1
        }
        var due = time.addingTimeInterval(settings.interval)
        if let after, let backoff = Backoff.nextAttempt(after: after), backoff > due { due = backoff }
        let refused = try storeCall(state.directory) { () throws(StateError) in
            try state.store(record, leasedBy: worker, nextDue: [url: due])
        }
        if !refused.isEmpty {
            summary.lost += refused.count
            logger.notice("feed taken by another worker; not stored", metadata: ["feed": "\(url)"])
        }
    }

    /// What fetching each claimed feed needs: its source, request scope, options and state.
    private func feedStates(_ leases: [FeedLease]) throws(PipelineError) -> Claimed {
        let claimed = leases.map { sources[$0.url] ?? FeedSource(location: $0.url, group: "") }
        let states = try FeedRefresh.states(of: claimed, in: state)
        return Claimed(
            sources: Dictionary(claimed.map { ($0.location, $0) }, uniquingKeysWith: { first, _ in first }),
            fromNetwork: fromNetwork, states: states, fetcher: fetcher, logger: logger, options: configuration.feeds)
    }

    /// The claimed feeds of a batch, each ready to be refreshed alone.
    private struct Claimed {
        var sources: [String: FeedSource]
        var fromNetwork: Set<String>
        var states: [String: FeedState]
        var fetcher: Fetcher
        var logger: Logger
        var options: [String: FeedOptions]

        /// The refresher, the one-feed list and the state for feed `url` (its options only, so
        /// that the others' are not reported as naming no feed).
        func single(_ url: String) -> (FeedRefresh, FeedLists.Loaded, [String: FeedState]) {
            var loaded = FeedLists.Loaded()
            loaded.sources = [sources[url] ?? FeedSource(location: url, group: "")]
            if fromNetwork.contains(url) { loaded.fromNetwork = [url] }
            let refresher = FeedRefresh(fetcher: fetcher, logger: logger, options: options.filter { $0.key == url })
            return (refresher, loaded, states[url].map { [url: $0] } ?? [:])
        }
    }
}
