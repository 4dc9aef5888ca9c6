import ArgumentParser
import Foundation
import Pipeline

/// `briefing feeds`: check, import and export the configured feed lists.
struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Check, import and export feed lists.",
        subcommands: [Check.self, Import.self, Export.self]
    )

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch and parse every feed concurrently; one line per feed.",
            discussion: "Exit code 0 when every feed succeeds, 2 when some fail, 1 on a bad configuration or list."
        )

        @Option(name: .shortAndLong, help: "Configuration file (TOML).")
        var config: String?

        @Option(help: "Check this OPML feed list instead of the configured lists.")
        var feeds: String?

        @Flag(help: "One JSON object per feed: url, status, http_status, items, bytes, ms, error.")
        var json = false

        func run() async throws {
            var configuration = try loadConfiguration(config, needsFeeds: feeds == nil)
            if let feeds { configuration.feedLists = [absolute(feeds)] }
            let check = FeedCheck(configuration: configuration)
            let reports = try await orExit { () async throws(PipelineError) in try await check.run() }
            for report in reports {
                print(json ? FeedCheck.json(report) : FeedCheck.line(report))
            }
            if reports.contains(where: { !$0.succeeded }) { throw Exit.partial }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add the feeds of an OPML file to a feed list (default: the first configured list).")

        @Argument(help: "The OPML file to import.")
        var file: String

        @Option(name: .shortAndLong, help: "Configuration file (TOML).")
        var config: String?

        @Option(help: "The feed list to add to, instead of the first configured list.")
        var into: String?

        func run() throws {
            let target: String
            if let into {
                target = absolute(into)
            } else {
                let configuration = try loadConfiguration(config, needsFeeds: true, option: "--into FILE.opml")
                guard let first = configuration.feedLists.first, !first.contains("://") else {
                    printError("the first configured feed list is not a local file; give --into FILE")
                    throw Exit.failure
                }
                target = first
            }
            let summary = try orExit { () throws(PipelineError) in
                try FeedListEditing.importList(from: file, into: target)
            }
            print("added \(summary.added) feed\(summary.added == 1 ? "" : "s") to \(target)")
            for location in summary.localFiles {
                print("note: \(location) is a local file; briefing reads it from this machine's disk")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every configured feed list as one OPML 2.0 document.")

        @Option(name: .shortAndLong, help: "Configuration file (TOML).")
        var config: String?

        func run() throws {
            let configuration = try loadConfiguration(config, needsFeeds: true, option: nil)
            let lists = configuration.feedLists.filter { !$0.contains("://") }
            print(try orExit { () throws(PipelineError) in try FeedListEditing.export(lists) }, terminator: "")
        }
    }
}

/// `path` made absolute against the working directory.
func absolute(_ path: String) -> String {
    if path.contains("://") || path.hasPrefix("/") { return path }
    return FileManager.default.currentDirectoryPath + "/" + path
}
