import ArgumentParser
import FeedParsing
import Foundation
import Pipeline

/// `briefing feed`: inspect one feed.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Inspect a feed.", subcommands: [Inspect.self])

    /// `briefing feed inspect FILE [--json] [--base-url URL] [--content-type VALUE]`: parses one
    /// feed file and prints the normalized feed.
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch or read a feed and print the normalized feed.",
            discussion: """
                Detects RSS, Atom or JSON Feed from the content; of an HTML page, names the feeds \
                it advertises. --json prints
                {"format","title","link","recovered","items":[...]} with dates as YYYY-MM-DDTHH:MM:SSZ.
                """)

        @Argument(help: "The feed: a file, - for standard input, or an http(s) URL.")
        var file: String

        @Flag(help: "Print JSON instead of a readable listing.")
        var json = false

        @Option(help: "The URL relative links resolve against (default: the feed's own URL).")
        var baseURL: String?

        @Option(
            help: "An HTTP Content-Type header to apply (its charset takes part in encoding detection).")
        var contentType: String?

        func run() async throws {
            let input = try await orExit { () async throws(PipelineError) in
                try await SourceReader.read(file)
            }
            let base = baseURL ?? input.baseURL
            let type = contentType ?? input.contentType
            do {
                let feed = try FeedParser().parse(input.data, baseURL: base, contentType: type)
                print(json ? FeedInspection.json(feed) : FeedInspection.text(feed))
            } catch {
                printError(
                    "\(file): \(FeedDiscovery.notAFeed(input.data, contentType: type, baseURL: base, error: error))")
                throw Exit.failure
            }
        }
    }
}
