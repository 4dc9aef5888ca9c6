import ArgumentParser
import Foundation
import Pipeline

/// `briefing init`: writes a configuration and a feed list where `briefing run` looks.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented configuration and a feed list to start from.",
        discussion: """
            Writes the reference configuration (every option with its default) to \
            $XDG_CONFIG_HOME/briefing/briefing.toml, else ~/.config/briefing/briefing.toml, and the \
            feed list it names, feeds.opml, beside it. Never overwrites a file.
            """
    )

    @Option(
        parsing: .upToNextOption,
        help: "Feeds to start with: http(s) feed URLs, or OPML files whose feeds are merged in. Repeatable.")
    var feeds: [String] = []

    @Option(name: .shortAndLong, help: "Write the configuration here instead (the feed list goes beside it).")
    var config: String?

    func run() throws {
        let path = config.map(absolute) ?? ConfigurationLocation.defaultPath()
        let outcome = try orExit { () throws(PipelineError) in
            try Initialization.write(configuration: path, feeds: feeds.map(absolute))
        }
        let count = "\(outcome.feeds) feed\(outcome.feeds == 1 ? "" : "s")"
        print("wrote \(ConfigurationLocation.abbreviated(outcome.configuration))")
        print("wrote \(ConfigurationLocation.abbreviated(outcome.feedList)) (\(count))")
        let option = config.map { " --config \($0)" } ?? ""
        print("next: add a feed from a site's address, then make today's briefing:")
        print("  briefing feeds add\(option) URL")
        print("  briefing run\(option)")
    }
}
