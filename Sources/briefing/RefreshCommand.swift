import ArgumentParser
import Dispatch
import Foundation
import Logging
import Pipeline

/// `briefing refresh`: a refresh worker.
struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Refresh due feeds into the state, as one of any number of workers.",
        discussion: """
            Registers the configured feeds in the state, then claims due feeds (a batch at a time, \
            each under a lease), fetches them and stores their items for `briefing run` to compose \
            from. Workers sharing a state never fetch one feed at once, and together keep to \
            [fetch] per_host per host. Without --once it runs until SIGTERM or SIGINT, sleeping \
            until the next feed is due; it then finishes the fetches in flight, gives its leases \
            back and exits 0.

            Exit codes: 0 done; 2 some feeds failed (with --once); 1 nothing usable (bad \
            configuration, feed lists or state).
            """
    )

    @OptionGroup var config: ConfigOption

    @Option(help: "State directory. Default: the configuration's, else $XDG_STATE_HOME/briefing.")
    var stateDir: String?

    @Option(help: "This worker's name in the state, unique among the workers. Default: HOSTNAME:PID.")
    var workerId: String?

    @Flag(help: "Refresh until no feed is due, then exit.")
    var once = false

    @Option(help: "Feeds claimed at once. Default: [refresh] batch, else 50.")
    var batch: Int?

    @Option(
        help: "How long a claimed feed stays this worker's (e.g. 10m). Default: [refresh] lease, else 10m.",
        transform: SinceOption.seconds)
    var lease: Double?

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each step on standard error.")
    var verbose = false

    func validate() throws {
        if let batch, batch < 1 { throw ValidationError("--batch must be at least 1") }
        if let lease, lease <= 0 { throw ValidationError("--lease must be longer than 0") }
        if let workerId, workerId.isEmpty || workerId.contains(where: \.isNewline) {
            throw ValidationError("--worker-id must be one non-empty line")
        }
    }

    func run() async throws {
        let configuration = try config.load(needsFeeds: true)
        var settings = configuration.refresh
        if let batch { settings.batch = batch }
        if let lease { settings.lease = lease }
        let worker = workerId ?? "\(ProcessInfo.processInfo.hostName):\(getpid())"
        let directory = stateDir.map(absolute)
        var logger = Logger(label: "briefing") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = quiet ? .error : (verbose ? .debug : .notice)
        let stop = RefreshStop()
        let signals = [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .main)
            source.setEventHandler { stop.request() }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        let refreshWorker = try orExit { () throws(PipelineError) in
            try RefreshWorker(
                configuration: configuration, stateDirectory: directory, worker: worker, settings: settings,
                logger: logger)
        }
        let summary = try await orExit { () async throws(PipelineError) in
            try await refreshWorker.run(once: once, stop: stop)
        }
        if !quiet {
            printError(
                "\(worker): \(summary.refreshed) feeds refreshed (\(summary.fetched) read, \(summary.notModified) unchanged, \(summary.failed) failed), \(summary.skipped) backing off"
                    + (summary.lost > 0 ? ", \(summary.lost) taken over by other workers" : ""))
        }
        if once, summary.failed > 0 { throw Exit.partial }
    }
}
