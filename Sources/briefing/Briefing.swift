import ArgumentParser
import Pipeline

@main
struct BriefingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        subcommands: [EvalCommand.self, FeedCommand.self]
    )
}
