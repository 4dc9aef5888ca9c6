import ArgumentParser
import FeedParsing

/// `briefing feed`: inspect one feed.
struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "feed", abstract: "Inspect a feed.")
}
