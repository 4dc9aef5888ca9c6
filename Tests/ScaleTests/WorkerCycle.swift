import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// One refresh cycle at scale, with real parts: the feed farm's feeds, a configuration whose
/// state is `state` (a `[state]` table's lines: a PostgreSQL URL or a SQLite directory), the
/// built `briefing` run as worker processes (`briefing refresh`) and as the composer
/// (`briefing run --no-refresh`).
///
/// What the scale tests check is read from outside the program: the farm's counts (each feed's
/// requests, the peak of requests under way per address) and the composed briefing's Markdown
/// (each item's link, `https://feed<n>.example/story/<k>`, once).
final class WorkerCycle: Sendable {
    let farm: FeedFarm
    let folder: URL
    let configuration: URL
    /// Transfers at once per address, across all workers (`[fetch] per_host`).
    let perHost: Int

    /// Serves `feeds` feeds on `hosts` addresses and writes the configuration, with `fetch`'s
    /// lines added to its `[fetch]` table.
    init(
        _ label: String, feeds: Int, hosts: Int = 20, latency: Double, state: String, perHost: Int = 2,
        concurrency: Int = 16, fetch: String = ""
    ) throws {
        farm = try FeedFarm(feeds: feeds, hosts: hosts, latency: latency)
        folder = Repository.temporaryDirectory("scale-\(label)")
        configuration = folder.appendingPathComponent("briefing.toml")
        self.perHost = perHost
        try farm.opml().write(to: folder.appendingPathComponent("farm.opml"), atomically: true, encoding: .utf8)
        // Every item in the briefing: no cap per section, no age limit (the farm's items are
        // dated 27 November 2026), one sentence each, no article pages.
        try """
        [briefing]
        feeds = ["farm.opml"]
        max_items_per_section = 0
        max_item_age = "0"
        sentences = 1

        [state]
        \(state)

        [fetch]
        allow_private_networks = true
        concurrency = \(concurrency)
        per_host = \(perHost)
        \(fetch)

        [full_text]
        mode = "never"
        """.write(to: configuration, atomically: true, encoding: .utf8)
    }

    deinit {
        farm.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts `count` workers `w1`, `w2` ... (`--once`: each ends when nothing is due; else each
    /// runs until SIGTERM).
    func startWorkers(_ count: Int, once: Bool, lease: String? = nil, batch: Int? = nil) throws -> [ChildProcess] {
        try (1...count).map { index in
            var arguments = ["refresh", "--config", configuration.path, "--worker-id", "w\(index)"]
            if once { arguments.append("--once") }
            if let lease { arguments += ["--lease", lease] }
            if let batch { arguments += ["--batch", "\(batch)"] }
            return try ChildProcess(arguments)
        }
    }

    /// Waits until every feed has been requested at least once, or `timeout` seconds have
    /// passed; true when every feed was. It waits on the farm's counts, request by request.
    func waitUntilEveryFeedIsRequested(timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        while true {
            let counts = farm.counts
            if !counts.requests.contains(0) { return true }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return false }
            _ = farm.waitForRequests(counts.totalRequests + 1, timeout: left)
        }
    }

    /// Every item's link the farm serves: the briefing should have each once.
    var expectedLinks: Set<String> {
        Set((0..<farm.feedCount).flatMap { feed in (0..<farm.items).map { "https://feed\(feed).example/story/\($0)" } })
    }

    /// The briefing composed from the state alone (`briefing run --no-refresh`), in Markdown.
    func compose() throws -> (run: ProcessRun, markdown: String) {
        let output = folder.appendingPathComponent("briefing-\(UUID().uuidString).md")
        let run = try ChildProcess(["run", "--no-refresh", "--config", configuration.path, "-o", output.path]).wait()
        return (run, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// How many times the briefing names each link: as an entry's or as "Also reported by".
    /// The Markdown links by reference (`[title][3]`, and `[3]: <URL>` at the end), one
    /// reference per URL, so the uses of each reference are counted.
    static func linkUses(_ markdown: String) -> [String: Int] {
        var urls: [Int: String] = [:]
        var body: [Substring] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("["), line.hasSuffix(">"), let close = line.firstIndex(of: "]"),
                let number = Int(line[line.index(after: line.startIndex)..<close]),
                line[close...].hasPrefix("]: <")
            {
                urls[number] = String(line[line.index(close, offsetBy: 4)..<line.index(before: line.endIndex)])
            } else {
                body.append(line)
            }
        }
        var uses: [String: Int] = [:]
        for line in body {
            var rest = line[...]
            while let start = rest.range(of: "][") {
                rest = rest[start.upperBound...]
                guard let close = rest.firstIndex(of: "]"), let number = Int(rest[..<close]) else { continue }
                uses[urls[number] ?? "unknown reference \(number)", default: 0] += 1
                rest = rest[close...]
            }
        }
        return uses
    }

    /// Checks that the composed briefing has every item of the farm exactly once.
    func expectEveryItemExactlyOnce(
        _ composed: (run: ProcessRun, markdown: String), sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            composed.run.status == 0, "briefing run --no-refresh: exit \(composed.run.status): \(composed.run.errors)",
            sourceLocation: sourceLocation)
        let uses = Self.linkUses(composed.markdown)
        let expected = expectedLinks
        let missing = expected.subtracting(uses.keys)
        let twice = uses.filter { $0.value > 1 }
        let strangers = Set(uses.keys).subtracting(expected)
        #expect(
            missing.isEmpty, "\(missing.count) of \(expected.count) items missing, e.g. \(missing.sorted().prefix(3))",
            sourceLocation: sourceLocation)
        #expect(
            twice.isEmpty, "\(twice.count) items more than once, e.g. \(twice.keys.sorted().prefix(3))",
            sourceLocation: sourceLocation)
        #expect(strangers.isEmpty, "links of no item: \(strangers.sorted().prefix(3))", sourceLocation: sourceLocation)
    }

    /// Checks that each worker ended by itself with exit 0.
    static func expectSuccess(
        _ runs: [ProcessRun], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        for (index, run) in runs.enumerated() {
            #expect(
                run.status == 0 && !run.signaled,
                "\(what) w\(index + 1): \(run.signaled ? "signal" : "exit") \(run.status): \(run.errors.suffix(600))",
                sourceLocation: sourceLocation)
        }
    }
}

/// Blocking waits of the scale tests (on processes, the farm's counts, the database server),
/// each on a thread of its own: a test blocked for seconds on Swift's cooperative pool, which
/// has as many threads as cores (2 here), would starve the tests running beside it.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await Threads.detached(body)
    }

    /// Waits for every process to end.
    static func wait(_ processes: [ChildProcess]) async throws -> [ProcessRun] {
        try await run { processes.map { $0.wait() } }
    }
}

/// The built binary and the commands the scale tests drive.
enum ScaleEnvironment {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    /// True when the built binary has `refresh` (issue 19's workers) and `run --no-refresh`
    /// (compose); the tests require them rather than skip, once the binary is built.
    static func requireCommands() throws {
        let refresh = try ProcessRun.run(["refresh", "--help"])
        try #require(refresh.output.contains("--worker-id"), "briefing has no `refresh --worker-id` (workers part)")
        let run = try ProcessRun.run(["run", "--help"])
        try #require(run.output.contains("--no-refresh"), "briefing run has no --no-refresh (compose part)")
    }
}
