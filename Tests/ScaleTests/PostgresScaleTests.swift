import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Issue 19's tests with real parts: `briefing refresh` worker processes over 2,000 feeds on 20
/// loopback addresses, their state in a private PostgreSQL cluster (TestSupport's
/// `PostgresServer`, one for the suite, a database per test), the briefing composed from it by
/// `briefing run --no-refresh`. Skipped when PostgreSQL is not installed, except with CI=true.
@Suite(.serialized) struct PostgresScaleTests {
    static let enabled =
        ScaleEnvironment.hasExecutable && (PostgresServer.unavailable == nil || PostgresServer.required)

    /// The test process's cluster (CI=true and none: the test fails saying why).
    static func server() throws -> PostgresServer {
        try #require(PostgresServer.shared, "CI=true: \(PostgresServer.unavailable ?? "")")
    }

    /// A fresh database's `[state]` lines and its URL.
    static func database() throws -> (state: String, url: String) {
        let url = try server().createDatabase()
        return ("url = \"\(url)\"", url)
    }

    /// 4 workers, one cycle: every feed fetched exactly once, never more than `per_host` requests
    /// under way on one address across the workers, and the composed briefing has every item once.
    @Test(.enabled(if: enabled, "needs the built briefing executable and PostgreSQL (Debian postgresql)"))
    func fourWorkersFetchEveryFeedOnceWithinThePerHostLimit() async throws {
        try ScaleEnvironment.requireCommands()
        let database = try Self.database()
        let cycle = try WorkerCycle("pg-cycle", feeds: 2_000, latency: 0.01, state: database.state)
        let started = Date()
        let runs = try await Blocking.wait(try cycle.startWorkers(4, once: true))
        let elapsed = Date().timeIntervalSince(started)
        WorkerCycle.expectSuccess(runs, "refresh --once")
        let counts = cycle.farm.counts
        let notOnce = counts.requests.enumerated().filter { $0.element != 1 }
        #expect(notOnce.isEmpty, "\(notOnce.count) feeds not fetched exactly once, e.g. \(notOnce.prefix(3))")
        #expect(counts.misdirected == 0)
        #expect(
            counts.peakInFlight.max() == cycle.perHost,
            "per host at most \(cycle.perHost) across the 4 workers, and reached: \(counts.peakInFlight)")
        let memory = runs.compactMap(\.peakMemory).map { $0 / 1_048_576 }
        print(
            "PostgresScaleTests: 2,000 feeds by 4 workers in \(String(format: "%.1f", elapsed)) s; peak MiB \(memory)")
        cycle.expectEveryItemExactlyOnce(try await Blocking.run { try cycle.compose() })
    }

    /// `kill -9` of a worker in the middle of the cycle: the feeds it had leased are fetched by
    /// the others once its lease (3 s) has expired, and the briefing has every item once. Its
    /// fetches under way when it died may have reached the farm: those feeds are fetched at most
    /// twice; every other feed exactly once.
    @Test(.enabled(if: enabled, "needs the built briefing executable and PostgreSQL (Debian postgresql)"))
    func aWorkerKilledMidCycleLosesItsFeedsToTheOthersWhenItsLeaseExpires() async throws {
        try ScaleEnvironment.requireCommands()
        let database = try Self.database()
        // A worker holds a host slot for as long as one fetch may take, all attempts and waits
        // included (160 s with the defaults); a dead worker's slots free themselves after that.
        // One attempt of at most 3 s makes it 13 s here.
        let cycle = try WorkerCycle(
            "pg-kill", feeds: 2_000, latency: 0.01, state: database.state, fetch: "timeout = 3\nattempts = 1")
        // Not --once: a worker with --once ends when nothing is due, and the dead worker's feeds
        // are not due until its lease expires; these run until SIGTERM.
        let workers = try cycle.startWorkers(4, once: false, lease: "3s", batch: 50)
        let farm = cycle.farm
        #expect(try await Blocking.run { farm.waitForRequests(500, timeout: 120) }, "the workers began the cycle")
        // The victim: the worker holding the most leases now (a worker between batches may
        // hold none, and then its death would prove nothing).
        let holders = try Postgres.column(
            "SELECT leased_by FROM feeds WHERE leased_until IS NOT NULL GROUP BY leased_by ORDER BY count(*) DESC",
            in: database.url)
        let victim = try #require(holders.first.flatMap { name in workers.indices.first { "w\($0 + 1)" == name } })
        let name = "w\(victim + 1)"
        workers[victim].kill()
        let killed = try await Blocking.wait([workers[victim]])[0]
        #expect(killed.signaled && killed.status == SIGKILL)
        let leased = try Postgres.column(
            "SELECT url FROM feeds WHERE leased_by = '\(name)' AND leased_until IS NOT NULL", in: database.url)
        let requestedAtKill = cycle.farm.counts.totalRequests
        #expect(!leased.isEmpty, "\(name) held leases when it was killed")
        #expect(leased.count <= 50, "\(name) held at most one batch: \(leased.count) feeds")

        #expect(
            try await Blocking.run { cycle.waitUntilEveryFeedIsRequested(timeout: 120) },
            "the others fetched \(name)'s feeds")
        let survivors = workers.indices.filter { $0 != victim }.map { workers[$0] }
        for worker in survivors { worker.kill(SIGTERM) }
        WorkerCycle.expectSuccess(try await Blocking.wait(survivors), "refresh after SIGTERM")

        let counts = cycle.farm.counts
        let deadOnes = Set(leased.compactMap { cycle.farm.urls.firstIndex(of: $0) })
        #expect(deadOnes.count == leased.count, "\(name)'s leases are the farm's feeds: \(leased.prefix(2))")
        let wrong = counts.requests.enumerated().filter { feed, requests in
            deadOnes.contains(feed) ? !(1...2).contains(requests) : requests != 1
        }
        #expect(
            wrong.isEmpty,
            "\(wrong.count) feeds fetched a wrong number of times (\(name)'s: 1 or 2, others 1), e.g. \(wrong.prefix(3))"
        )
        #expect(counts.totalRequests > requestedAtKill, "the cycle went on after the kill")
        // Nothing is leased any more but by the dead: the survivors released theirs on SIGTERM.
        let stillLeased = try Postgres.column(
            "SELECT url FROM feeds WHERE leased_until IS NOT NULL AND leased_by <> '\(name)'", in: database.url)
        #expect(stillLeased.isEmpty, "leases left by workers that stopped cleanly: \(stillLeased.prefix(3))")
        cycle.expectEveryItemExactlyOnce(try await Blocking.run { try cycle.compose() })
    }

    /// The database restarted in the middle of a cycle: the workers reconnect and finish it
    /// (each ends by itself, exit 0), every feed is stored, nothing is lost. 1,000 feeds at 40 ms
    /// make a cycle long enough (at least 1 s with 40 slots) for the restart to land inside it.
    @Test(.enabled(if: enabled, "needs the built briefing executable and PostgreSQL (Debian postgresql)"))
    func workersReconnectAfterADatabaseRestartMidCycle() async throws {
        try ScaleEnvironment.requireCommands()
        let database = try Self.database()
        let feeds = 1_000
        let cycle = try WorkerCycle("pg-restart", feeds: feeds, latency: 0.04, state: database.state)
        let workers = try cycle.startWorkers(4, once: true)
        let farm = cycle.farm
        #expect(try await Blocking.run { farm.waitForRequests(feeds / 4, timeout: 120) }, "the workers began the cycle")
        let unrequestedAtRestart = cycle.farm.counts.requests.filter { $0 == 0 }.count
        let server = try Self.server()
        try await Blocking.run { try server.restart() }
        let runningAfterRestart = workers.filter { $0.ended() == nil }.count
        let runs = try await Blocking.wait(workers)
        WorkerCycle.expectSuccess(runs, "refresh --once across a database restart")
        let counts = cycle.farm.counts
        #expect(unrequestedAtRestart > 0 && runningAfterRestart > 0, "the restart came in the middle of the cycle")
        #expect(!counts.requests.contains(0), "every feed fetched")
        // A fetch under way whose storing failed with the connection is done again, no more.
        #expect(counts.requests.allSatisfy { $0 <= 2 }, "no feed fetched more than twice")
        cycle.expectEveryItemExactlyOnce(try await Blocking.run { try cycle.compose() })
    }
}

/// Queries for the tests to look inside the state, through `psql` (PostgreSQL's client, which
/// Debian's postgresql package brings).
enum Postgres {
    static let psql: URL? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":").map(String.init)
        return folders.map { URL(fileURLWithPath: $0).appendingPathComponent("psql") }
            .first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }()

    /// The first column of `sql`'s rows in the database at `url`.
    static func column(_ sql: String, in url: String) throws -> [String] {
        let psql = try #require(psql, "psql is not on PATH (Debian: postgresql-client)")
        let run = try ProcessRun.run(
            ["-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql], executable: psql)
        guard run.status == 0 else {
            throw FeedFarm.Failure(description: "psql \(sql): exit \(run.status): \(run.errors)")
        }
        return run.output.split(separator: "\n").map(String.init)
    }
}
