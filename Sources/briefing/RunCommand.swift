import ArgumentParser
import Foundation
import Pipeline
import Rendering

/// `briefing run`: the daily briefing.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Build the day's briefing from the configured feed lists.",
        discussion: "Exit code 0 when every feed was read, 2 when some failed, 1 when nothing usable came out."
    )

    @Option(name: .shortAndLong, help: "Configuration file (TOML). Default: $XDG_CONFIG_HOME/briefing/briefing.toml.")
    var config: String?

    @Option(help: "Output format: text or markdown. Default: the configuration's, else text.")
    var format: OutputFormat?

    @Option(name: .shortAndLong, help: "Write the briefing to this file (atomically) instead of standard output.")
    var output: String?

    func run() async throws {
        let configuration = try loadConfiguration(config)
        let briefing = try await orExit { () async throws(PipelineError) in
            try await DailyRun(configuration: configuration).run()
        }
        let renderer = BriefingRenderer(
            format: (format ?? configuration.format) == .markdown ? .markdown : .text,
            timeZone: TimeZone(identifier: configuration.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current,
            wrapColumn: configuration.wrapColumn)
        let text = renderer.render(briefing)
        if let output {
            try orExit { () throws(PipelineError) in try AtomicFile.write(text, to: output) }
        } else {
            print(text, terminator: "")
        }
        for failure in briefing.failures {
            printError("feed failed: \(failure)")
        }
        if briefing.allFeedsFailed { throw Exit.failure }
        if !briefing.failures.isEmpty { throw Exit.partial }
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Loads the configuration at `path` (or the default location); a bad one exits with code 1.
func loadConfiguration(_ path: String?) throws -> BriefingConfiguration {
    try orExit { () throws(ConfigurationError) in
        try BriefingConfiguration.load(path: path ?? ConfigurationLocation.defaultPath())
    }
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

@discardableResult
func orExit<T, E: Error & CustomStringConvertible>(_ body: () async throws(E) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        printError(error.description)
        throw Exit.failure
    }
}
