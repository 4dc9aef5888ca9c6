import ArgumentParser
import BriefingCore
import Foundation

@main
struct BriefingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "Short, factual daily briefings from news feeds and web pages.",
        discussion: """
            Exit codes, the same for every command: 0 success; 1 nothing usable (bad \
            configuration, unreadable input, every feed failed, another run in progress); 2 done, \
            but some feeds failed (or sending failed); 64 a bad command line (unknown option, \
            missing or invalid argument: the usage is printed).
            """,
        version: BriefingVersion.current,
        subcommands: [
            InitCommand.self, RunCommand.self, SummarizeCommand.self, ExtractCommand.self, FeedsCommand.self,
            FeedCommand.self,
            EvalCommand.self,
        ]
    )
}

/// Prints `message` on standard error, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("briefing: \(message)\n".utf8))
}

/// Exit codes shared by the commands (documented in README). A bad command line exits with
/// swift-argument-parser's 64 (EX_USAGE from sysexits.h), for every command.
enum Exit {
    static let failure = ExitCode(1)
    static let partial = ExitCode(2)
}
