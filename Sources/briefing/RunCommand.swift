import ArgumentParser
import Foundation
import Logging
import Pipeline

/// `briefing run`: the daily briefing.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build the day's briefing from the configured feed lists.",
        discussion: """
            Shows the items that are new since the last briefing (or --since), groups the same \
            story from several feeds, and prints or writes the briefing. Running again on the same \
            day shows the same briefing unless --force.

            Exit codes: 0 every feed was read; 2 the briefing was made but some feeds failed (or \
            sending failed); 1 nothing usable (bad configuration, state or output, every feed failed, \
            another run in progress).
            """
    )

    @OptionGroup var config: ConfigOption

    @OptionGroup var feeds: FeedListOption

    @Option(help: "State directory. Default: the configuration's, else $XDG_STATE_HOME/briefing.")
    var stateDir: String?

    @Option(
        help:
            "Output format: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")). Default: an --output file's extension (.txt, .md, .html, .eml), else the configuration's, else text."
    )
    var format: OutputFormat?

    @Option(
        name: .shortAndLong,
        help: "Write to this file, or to this directory as briefing-YYYY-MM-DD.{txt,md,html,eml} (atomically).")
    var output: String?

    @OptionGroup var since: SinceOption

    @Flag(help: "Print the briefing without changing the state.")
    var dryRun = false

    @Flag(help: "Make today's briefing again even if one was made.")
    var force = false

    @Flag(
        help:
            "Compose from the state only: fetch no feed (only article pages for full text), take the items `briefing refresh` or earlier runs stored."
    )
    var noRefresh = false

    @Flag(help: "Send the briefing by email ([email] in the configuration).")
    var send = false

    @Option(
        name: .customLong("profile"),
        help:
            "Make only this profile's briefing ([profiles.NAME]); repeatable, or a comma list. Default: every profile.")
    var profiles: [String] = []

    @Option(help: "Make this edition (a name from `editions`) instead of the one whose time has come.")
    var edition: String?

    @Flag(name: .shortAndLong, help: "Print nothing on standard error but errors.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log each step on standard error.")
    var verbose = false

    func validate() throws {
        // --since reads what the feeds list now; a compose-only run reads no feed.
        if noRefresh, since.since != nil {
            throw ValidationError("--since cannot be used with --no-refresh (it looks back over the feeds as fetched now)")
        }
    }

    func run() async throws {
        let configuration = try feeds.configuration(config)
        var options = JobOptions()
        options.format = format
        options.output = output
        options.stateDirectory = stateDir
        options.since = since.since
        options.dryRun = dryRun
        options.force = force
        options.send = send
        options.profiles = profiles
        options.edition = edition
        options.noRefresh = noRefresh
        // An unknown profile or edition is a usage error naming the known ones.
        do {
            let chosen = try configuration.briefings(named: profiles)
            if let edition, let owner = chosen.first(where: { !$0.editions.contains { $0.name == edition } }) {
                let names = owner.editions.map(\.name)
                let who = owner.profile.isEmpty ? "the configuration" : "profile \(owner.profile)"
                throw ValidationError(
                    "unknown edition \(edition) (\(names.isEmpty ? "\(who) has no editions" : "\(who) has \(names.joined(separator: ", "))"))"
                )
            }
        } catch let error as ConfigurationError {
            throw ValidationError(error.message)
        }
        var logger = Logger(label: "briefing") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = quiet ? .error : (verbose ? .debug : .notice)
        let job = DailyJob(configuration: configuration, options: options, logger: logger)
        let progress = Progress(enabled: !quiet)
        progress.show("briefing: fetching feeds…")
        let outcomes = try await orExit { () async throws(PipelineError) in try await job.runAll() }
        progress.clear()
        var failed = false
        var partial = false
        for (index, outcome) in outcomes.enumerated() {
            if let printed = outcome.printed {
                if index > 0 { print("") }
                print(printed, terminator: "")
            }
            let briefing = outcome.briefing
            // With profiles, each line names the briefing it is about.
            let name = [outcome.profile, outcome.edition ?? ""].filter { !$0.isEmpty }.joined(separator: ", ")
            let prefix = outcomes.count > 1 || !name.isEmpty ? "\(name): " : ""
            if !quiet {
                for note in (index == 0 ? outcome.retriedDeliveries : []) + outcome.notes { printError(prefix + note) }
                if outcome.reused {
                    printError(prefix + "today's briefing was made already; shown again (use --force to make it anew)")
                }
                for file in outcome.files { printError("wrote \(file)") }
                for failure in briefing.failures { printError(prefix + "feed failed: \(failure)") }
            }
            if let sendError = outcome.sendError {
                printError(prefix + "\(sendError); the briefing is kept and the next run sends it")
            }
            if briefing.allFeedsFailed { failed = true }
            if !briefing.failures.isEmpty || outcome.sendError != nil || outcome.keptEarlierBriefing {
                partial = true
            }
        }
        if failed { throw Exit.failure }
        if partial { throw Exit.partial }
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// A one-line progress message on standard error, only when it is a terminal.
struct Progress {
    let enabled: Bool

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    func show(_ text: String) {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\(text)".utf8))
    }

    func clear() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Loads the configuration at `path`, else the one at the default location, else the defaults
/// (see `BriefingConfiguration.loadOrDefault`); a bad or missing one exits with code 1.
func loadConfiguration(
    _ path: String?, needsFeeds: Bool, option: String? = "--feeds FILE.opml"
) throws -> BriefingConfiguration {
    let configuration = try orExit { () throws(ConfigurationError) in
        try BriefingConfiguration.loadOrDefault(path: path, needsFeeds: needsFeeds, option: option)
    }
    for warning in configuration.warnings { printError("warning: \(warning)") }
    return configuration
}

/// Runs `body`; its error is printed as one line and becomes exit code 1.
@discardableResult
func orExit<T, E: Error & CustomStringConvertible>(_ body: () throws(E) -> T) throws -> T {
    do {
        return try body()
    } catch {
        printError(error.description)
        throw Exit.failure
    }
}

func orExit<T, E: Error & CustomStringConvertible>(_ body: () async throws(E) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        printError(error.description)
        throw Exit.failure
    }
}
