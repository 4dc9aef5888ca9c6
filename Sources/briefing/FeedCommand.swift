import ArgumentParser
import BriefingCore
import CProcessHeap
import FeedParsing
import Fetching
import Foundation
import Pipeline

/// `briefing feed`: inspect one feed.
struct FeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Inspect a feed.", subcommands: [Inspect.self])

    /// `briefing feed inspect FILE [--json] [--base-url URL] [--content-type VALUE]`: parses one
    /// feed file and prints the normalized feed.
    struct Inspect: AsyncParsableCommand, PlainlyParsable {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Fetch or read a feed and print the normalized feed.",
            discussion: """
                Detects RSS, Atom or JSON Feed from the content; of an HTML page, names the feeds \
                it advertises. --json prints
                {"format","title","link","recovered","items":[...]} with dates as YYYY-MM-DDTHH:MM:SSZ. \
                Several feeds, or --batch FILE.jsonl ({"id", "path" | "xml", "url"?, \
                "content_type"?} a line), print one JSON line per feed, "source" or "id" first \
                ({..., "error"} for a feed that fails; exit 2).
                """)

        @Argument(help: "The feed: a file, - for standard input, or an http(s) URL; or several.")
        var files: [String] = []

        @Option(help: "A JSON Lines file of feeds; paths are relative to its folder.")
        var batch: String?

        @Flag(help: "Print JSON instead of a readable listing.")
        var json = false

        @Option(help: "The URL relative links resolve against (default: the feed's own URL).")
        var baseURL: String?

        @Option(
            help: "An HTTP Content-Type header to apply (its charset takes part in encoding detection).")
        var contentType: String?

        static let plainFlags = ["json"]
        static let plainOptions = ["batch", "base-url", "content-type"]

        init() {}

        init?(plain line: PlainCommandLine) {
            files = line.positionals
            batch = line.option("batch")
            json = line.flag("json")
            baseURL = line.option("base-url")
            contentType = line.option("content-type")
        }

        func validate() throws {
            guard files.isEmpty != (batch == nil) else { throw ValidationError("give either FILE... or --batch FILE") }
        }

        func run() async throws {
            if files.count > 1 || batch != nil {
                let output = OutputBuffer()
                defer { output.flush() }
                let inspection = BatchFeedInspection()
                let outcome: BatchFeedInspection.Outcome
                if let batch {
                    outcome = try orExit { () throws(PipelineError) in
                        defer { output.flush() }
                        return try inspection.run(batch: batch, output: output)
                    }
                } else {
                    outcome = await inspection.run(
                        sources: files, baseURL: baseURL, contentType: contentType, output: output)
                }
                output.flush()
                if outcome.failed > 0 { throw Exit.partial }
                return
            }
            let file = files[0]
            let input = try await orExit { () async throws(PipelineError) in
                try await SourceReader.read(file)
            }
            try inspect(input, of: file)
        }

        /// One local feed (a file or `-`), without the concurrency runtime.
        func runSynchronously() throws -> Bool {
            guard files.count == 1, batch == nil,
                let input = try orExit({ () throws(PipelineError) in try SourceReader.readLocal(files[0]) })
            else { return false }
            try inspect(input, of: files[0])
            return true
        }

        /// Prints the feed `input` (read from `file`) holds.
        private func inspect(_ input: SourceData, of file: String) throws {
            let base = baseURL ?? input.baseURL
            let type = contentType ?? input.contentType
            if input.data.count >= LocalFile.largeFileBytes { _ = process_heap_prepare_for_large_input() }
            do {
                let feed = try FeedParser.textOnly.parse(input.data, baseURL: base, contentType: type)
                if json {
                    let output = OutputBuffer()
                    FeedInspection.writeJSONLine(feed, to: output)
                    output.flush()
                } else {
                    print(FeedInspection.text(feed))
                }
                keepUntilExit(feed)
            } catch {
                printError(
                    "\(file): \(FeedDiscovery.notAFeed(input.data, contentType: type, baseURL: base, error: error))")
                throw Exit.failure
            }
        }
    }
}
