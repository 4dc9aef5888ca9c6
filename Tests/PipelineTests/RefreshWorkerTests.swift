import Foundation
import History
import TestSupport
import Testing

@testable import Pipeline

/// Refresh workers (`RefreshWorker`, `briefing refresh`) against loopback feed servers.
@Suite struct RefreshWorkerTests {
    /// An RSS document for feed `path`, one item named after it; answers 304 to its own ETag.
    static func server(host: String = "127.0.0.1", inFlight: Gauge? = nil, latency: useconds_t = 0) throws
        -> TestHTTPServer
    {
        try TestHTTPServer(host: host) { request in
            inFlight?.enter()
            defer { inFlight?.leave() }
            // The servers' latency, so that fetches overlap: the test itself never sleeps.
            if latency > 0 { usleep(latency) }
            let etag = "\"\(request.path)\""
            if request.headers.first(where: { $0.key.lowercased() == "if-none-match" })?.value == etag {
                return .response(status: 304, headers: ["ETag": etag])
            }
            let name = request.path.split(separator: "/").last.map(String.init) ?? "feed"
            let body = """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Feed \(name)</title>
                <item><guid>\(name)-1</guid><title>Story from \(name)</title>
                <description>The council of \(name) approved 12 new parks on Thursday, the mayor said.</description>
                </item></channel></rss>
                """
            return .response(
                status: 200, headers: ["Content-Type": "application/rss+xml", "ETag": etag], body: Data(body.utf8))
        }
    }

    /// A folder with a feed list of `urls` and a configuration naming it and the state folder.
    static func fixture(_ urls: [String], extra: String = "", state: String = "directory = \"state\"") throws -> URL {
        let folder = Repository.temporaryDirectory("refresh")
        let outlines = urls.map { "<outline text=\"\($0)\" xmlUrl=\"\($0)\"/>" }.joined(separator: "\n")
        try """
        <opml version="2.0"><head><title>T</title></head><body><outline text="News">
        \(outlines)
        </outline></body></opml>
        """.write(to: folder.appendingPathComponent("list.opml"), atomically: true, encoding: .utf8)
        try """
        [briefing]
        feeds = ["list.opml"]
        max_item_age = "0"
        max_items_per_section = 0
        [state]
        \(state)
        \(extra)
        """.write(to: folder.appendingPathComponent("briefing.toml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The `[state]` lines of a new state on `backend` ("sqlite" or "postgres"); nil when
    /// PostgreSQL is not installed here (then the test checks nothing; with CI=true it fails).
    static func stateTable(_ backend: String) throws -> String? {
        guard backend == "postgres" else { return "directory = \"state\"" }
        guard let server = PostgresServer.shared else {
            if PostgresServer.required { Issue.record("PostgreSQL is required (CI=true)") }
            return nil
        }
        return "url = \"\(try server.createDatabase())\""
    }

    @Test(arguments: ["sqlite", "postgres"])
    func twoWorkersKeepThePerHostLimitAndFetchEachFeedOnce(backend: String) async throws {
        guard let table = try Self.stateTable(backend) else { return }
        let inFlight = Gauge()
        let server = try Self.server(inFlight: inFlight, latency: 20_000)
        defer { server.stop() }
        let urls = (0..<24).map { "\(server.baseURL)/feed/\($0)" }
        let folder = try Self.fixture(urls, extra: "[fetch]\nper_host = 2\nattempts = 1\n", state: table)
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try BriefingConfiguration.load(path: folder.appendingPathComponent("briefing.toml").path)
        let location = try configuration.stateLocation()
        _ = try StateStore(location: location)
        var batches = RefreshConfiguration()
        batches.batch = 6
        let settings = batches
        let tasks = (0..<2).map { index in
            Task { () throws -> RefreshSummary in
                let worker = try RefreshWorker(configuration: configuration, worker: "w\(index)", settings: settings)
                return try await worker.run(once: true)
            }
        }
        var total = 0
        for task in tasks { total += try await task.value.fetched }
        #expect(total == urls.count)
        #expect(server.received.count == urls.count)
        #expect(Set(server.received.map(\.path)).count == urls.count)
        #expect(inFlight.peak <= 2)
        #expect(inFlight.peak == 2, "the fetches never overlapped: the limit was not tested")
        let store = try StateStore(location: location)
        #expect(try store.refreshQueue().allSatisfy { $0.leasedBy == nil && $0.nextDue != nil })
        for url in urls { #expect(try store.storedItemCount(feed: url) == 1) }
    }

    @Test(.enabled(if: CommandLineTests.hasExecutable))
    func refreshOnceStoresWhatRunThenComposes() throws {
        let server = try Self.server()
        defer { server.stop() }
        let urls = (0..<3).map { "\(server.baseURL)/feed/f\($0)" }
        let folder = try Self.fixture(urls)
        defer { try? FileManager.default.removeItem(at: folder) }
        let refresh = try ProcessRun.run(
            ["refresh", "--config", "briefing.toml", "--once", "--worker-id", "test-worker"], in: folder)
        #expect(refresh.status == 0, "\(refresh.errors)")
        #expect(refresh.errors.contains("test-worker: 3 feeds refreshed (3 read"))
        #expect(server.received.count == 3)
        // Nothing is due any more: a second worker fetches nothing.
        let again = try ProcessRun.run(["refresh", "--config", "briefing.toml", "--once"], in: folder)
        #expect(again.status == 0)
        #expect(server.received.count == 3)
        // The run's conditional requests are answered 304: its briefing comes from what the worker stored.
        let run = try ProcessRun.run(["run", "--config", "briefing.toml"], in: folder)
        #expect(run.status == 0, "\(run.errors)")
        for index in 0..<3 { #expect(run.output.contains("Story from f\(index)")) }
        let conditional = server.received.dropFirst(3).filter { $0.headers.keys.contains { $0.lowercased() == "if-none-match" } }
        #expect(conditional.count == 3)
    }

    @Test(.enabled(if: CommandLineTests.hasExecutable))
    func fourProcessesOnANewStateFetchEveryFeedOnce() throws {
        let servers = try ["127.0.0.1", "127.0.0.2"].map { try Self.server(host: $0) }
        defer { servers.forEach { $0.stop() } }
        let urls = (0..<300).map { "\(servers[$0 % 2].baseURL)/feed/\($0)" }
        let folder = try Self.fixture(urls, extra: "[refresh]\nbatch = 20\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let runs = Runs()
        Threads.run(4) { index in
            runs.add(
                Result {
                    try ProcessRun.run(
                        ["refresh", "--config", "briefing.toml", "--once", "--worker-id", "p\(index)"], in: folder)
                })
        }
        for run in runs.all {
            let finished = try run.get()
            #expect(finished.status == 0, "\(finished.errors)")
            #expect(!finished.errors.contains("locked"))
        }
        let paths = servers.flatMap { $0.received.map(\.path) }
        #expect(paths.count == urls.count)
        #expect(Set(paths).count == urls.count)
    }
}

/// Results gathered from several threads.
final class Runs: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<ProcessRun, any Error>] = []

    func add(_ result: Result<ProcessRun, any Error>) { lock.withLock { results.append(result) } }
    var all: [Result<ProcessRun, any Error>] { lock.withLock { results } }
}
