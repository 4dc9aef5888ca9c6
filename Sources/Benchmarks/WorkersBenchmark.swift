import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

// `Benchmarks workers` (issue 19): feeds refreshed per second by 1, 2 and 4 `briefing refresh`
// worker processes sharing one PostgreSQL state, and by one process on SQLite, over 20,000 feeds
// on 20 loopback addresses (the scale tests' FeedFarm, in this process) at 10 ms a response;
// each worker's peak memory. Needs the release `briefing` beside this executable:
//
//   swift build -c release --product briefing && swift run -c release Benchmarks workers
//
// Options: --feeds 20000 --hosts 20 --latency 0.01 --workers 1,2,4 --concurrency 16
// --per-host 2 [--batch N] [--sqlite-workers 1] [--briefing PATH]

/// A database for one run of the benchmark: its `[state]` lines, made afresh for each run.
struct BenchmarkState {
    var name: String
    /// The `[state]` table's lines for a run named `run` in `folder` (a fresh state each time).
    var configuration: (_ run: String, _ folder: URL) throws -> String
    var stop: () -> Void
}

/// A private PostgreSQL cluster for the benchmark, or nil (with the reason) when there is none.
///
/// TODO(issue 19, once branch pg is merged): start TestSupport's PostgresServer (a private
/// cluster on 127.0.0.1, initdb + pg_ctl, trust authentication) here, and return a state whose
/// `configuration` creates a database per run (`CREATE DATABASE bench_<run>`) and answers
/// `url = "postgresql://<user>@127.0.0.1:<port>/bench_<run>"`. Until then the PostgreSQL rows
/// are not measured, and the SQLite row is.
func benchmarkPostgres(in folder: URL) -> (state: BenchmarkState?, reason: String) {
    (nil, "PostgreSQL: no private cluster yet (TODO: TestSupport's PostgresServer, from branch pg)")
}

/// One process's state file in `folder`.
func benchmarkSQLite() -> BenchmarkState {
    BenchmarkState(
        name: "SQLite",
        configuration: { run, folder in "directory = \"\(folder.appendingPathComponent("state-\(run)").path)\"" },
        stop: {})
}

/// Processor time this process has used, in seconds (the feed farm runs in it).
func ownProcessorSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// One measured refresh: `workers` processes, each `briefing refresh --once`, until the last ends.
struct WorkersRun {
    var wall: Double
    var runs: [ProcessRun]
    var farmSeconds: Double
    var missing: Int
    var repeated: Int
    var peakPerHost: Int
}

func refreshOnce(
    workers: Int, state: BenchmarkState, run name: String, farm: FeedFarm, folder: URL, briefing: URL,
    fetch: (concurrency: Int, perHost: Int, batch: Int?)
) throws -> WorkersRun {
    let config = folder.appendingPathComponent("\(name).toml")
    try """
    [briefing]
    feeds = ["farm.opml"]

    [state]
    \(try state.configuration(name, folder))

    [fetch]
    allow_private_networks = true
    concurrency = \(fetch.concurrency)
    per_host = \(fetch.perHost)

    [full_text]
    mode = "never"
    """.write(to: config, atomically: true, encoding: .utf8)
    // The schema first (a no-op where there is nothing to migrate), so that no worker's time
    // includes it.
    let migrate = try ChildProcess(["state", "migrate", "--config", config.path], executable: briefing).wait()
    if migrate.status != 0 {
        throw FeedFarm.Failure(description: "briefing state migrate: exit \(migrate.status): \(migrate.errors)")
    }
    farm.resetCounts()
    let farmBefore = ownProcessorSeconds()
    let start = Date()
    var extra: [String] = []
    if let batch = fetch.batch { extra = ["--batch", "\(batch)"] }
    let children = try (1...workers).map { index in
        try ChildProcess(
            ["refresh", "--config", config.path, "--worker-id", "\(name)-\(index)", "--once"] + extra,
            executable: briefing)
    }
    let runs = children.map { $0.wait() }
    let wall = Date().timeIntervalSince(start)
    let counts = farm.counts
    return WorkersRun(
        wall: wall, runs: runs, farmSeconds: ownProcessorSeconds() - farmBefore,
        missing: counts.requests.filter { $0 == 0 }.count, repeated: counts.requests.filter { $0 > 1 }.count,
        peakPerHost: counts.peakInFlight.max() ?? 0)
}

func workersBenchmark() throws {
    let feeds = Int(option("feeds", 20_000))
    let hosts = Int(option("hosts", 20))
    let latency = option("latency", 0.01)
    let workerCounts = list("workers", "1,2,4")
    let sqliteWorkers = list("sqlite-workers", "1")
    let concurrency = Int(option("concurrency", 16))
    let perHost = Int(option("per-host", 2))
    let batch = arguments.contains("--batch") ? Int(option("batch", 50)) : nil
    // The briefing built beside this executable, or --briefing PATH.
    let briefing =
        arguments.firstIndex(of: "--briefing").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil }
        .map { URL(fileURLWithPath: $0) }
        ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("briefing")
    guard FileManager.default.isExecutableFile(atPath: briefing.path) else {
        print("workers benchmark: no \(briefing.path); build it first: swift build -c release --product briefing")
        exit(1)
    }
    let help = try ChildProcess(["refresh", "--help"], executable: briefing).wait()
    guard help.output.contains("USAGE: briefing refresh") else {
        print(
            "workers benchmark: this briefing has no `refresh` command yet (issue 19's workers part); nothing measured")
        exit(1)
    }

    let folder = Repository.temporaryDirectory("workers-benchmark")
    defer { try? FileManager.default.removeItem(at: folder) }
    let farm = try FeedFarm(feeds: feeds, hosts: hosts, latency: latency)
    defer { farm.stop() }
    try farm.opml().write(to: folder.appendingPathComponent("farm.opml"), atomically: true, encoding: .utf8)
    let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))

    print(
        "workers benchmark: \(feeds) feeds on \(hosts) loopback addresses, \(Int(latency * 1000)) ms a response; each worker concurrency \(concurrency), per host \(perHost) across all workers; \(cores) cores"
    )
    print(
        "  state        workers   wall s   feeds/s   x one   ideal s   peak MiB/worker   CPU s (workers+farm)   bound")
    let postgres = benchmarkPostgres(in: folder)
    var plan: [(BenchmarkState, [Int])] = []
    if let state = postgres.state { plan.append((state, workerCounts)) } else { print("  \(postgres.reason)") }
    plan.append((benchmarkSQLite(), sqliteWorkers))
    defer { plan.forEach { $0.0.stop() } }

    for (state, counts) in plan {
        var oneWorker: Double?
        for workers in counts {
            let name = "\(state.name.lowercased())-\(workers)"
            let result = try refreshOnce(
                workers: workers, state: state, run: name, farm: farm, folder: folder, briefing: briefing,
                fetch: (concurrency, perHost, batch))
            let failed = result.runs.filter { $0.status != 0 || $0.signaled }
            if !failed.isEmpty {
                print(
                    "  \(state.name) \(workers): \(failed.count) workers failed: \(failed.first?.errors.prefix(300) ?? "")"
                )
            }
            let rate = Double(feeds) / result.wall
            if workers == 1 { oneWorker = rate }
            // Latency-bound ideal: transfers at once are each worker's concurrency, at most the
            // per-host limit summed over the hosts (it holds across workers).
            let slots = min(workers * concurrency, hosts * perHost)
            let ideal = Double((feeds + slots - 1) / slots) * latency
            let peaks = result.runs.compactMap(\.peakMemory).map { Double($0) / 1_048_576 }
            let processor = result.runs.compactMap(\.processorTime).reduce(0, +) + result.farmSeconds
            let bound: String
            if processor >= 0.8 * Double(cores) * result.wall {
                bound = "CPU"
            } else if result.wall <= 1.3 * ideal {
                bound = "latency"
            } else {
                bound = "neither (database, locks?)"
            }
            let ratio = oneWorker.map { String(format: "%.2f", rate / $0) } ?? "-"
            let memory = peaks.map { String(format: "%.0f", $0) }.joined(separator: "/")
            print(
                "  "
                    + [
                        column(state.name, 11, left: true), column("\(workers)", 7),
                        column(String(format: "%.2f", result.wall), 8),
                        column(String(format: "%.0f", rate), 9), column(ratio, 7),
                        column(String(format: "%.2f", ideal), 9),
                        column(memory, 17), column(String(format: "%.1f", processor), 22), "  " + bound,
                    ].joined(separator: " "))
            if result.missing > 0 || result.repeated > 0 {
                print("    \(result.missing) feeds not fetched, \(result.repeated) fetched more than once")
            }
            if result.peakPerHost > perHost {
                print(
                    "    per-host limit broken: \(result.peakPerHost) requests at once on one address (limit \(perHost))"
                )
            }
        }
    }
}

/// `text` padded with spaces to `width`, on the right (`left`) or the left.
func column(_ text: String, _ width: Int, left: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - text.count))
    return left ? text + padding : padding + text
}
