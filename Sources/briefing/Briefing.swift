import ArgumentParser
import Foundation

@main
struct BriefingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "Short, factual daily briefings from news feeds and web pages.",
        discussion: """
            Exit codes: 0 success; 1 nothing usable (bad configuration, unreadable input, \
            every feed failed); 2 the briefing was made but some feeds failed.
            """,
        version: "0.1.0",
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

/// Exit codes shared by the commands (documented in README).
enum Exit {
    static let failure = ExitCode(1)
    static let partial = ExitCode(2)
}
