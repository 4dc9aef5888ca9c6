import ArgumentParser
import BriefingCore
import Extraction
import Foundation
import Pipeline

/// `briefing extract`: the article text and metadata of a web page.
struct ExtractCommand: AsyncParsableCommand, PlainlyParsable {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article from a page.",
        discussion: """
            Reads an HTML file, - for standard input, or an http(s) URL, and prints its title, \
            metadata lines, a blank line and the article text; --json prints one JSON object instead. \
            With --batch, reads JSON Lines {"id", "html" | "path", "url"?} and prints one line \
            {"id", "title", ..., "text"} per page ({"id", "error"} for a page that fails; exit 2).
            """)

    @Argument(help: "An HTML file, - for standard input, or an http(s) URL.")
    var source: String?

    @Option(help: "A JSON Lines file of pages; paths are relative to its folder.")
    var batch: String?

    @Option(help: "The page's address, used to make relative canonical URLs absolute.")
    var url: String?

    @Flag(
        help:
            "Print one JSON object with title, byline, published, site_name, language, canonical_url, description and text."
    )
    var json = false

    static let plainFlags = ["json"]
    static let plainOptions = ["batch", "url"]

    init() {}

    init?(plain line: PlainCommandLine) {
        guard line.positionals.count <= 1 else { return nil }
        source = line.positionals.first
        batch = line.option("batch")
        url = line.option("url")
        json = line.flag("json")
    }

    func validate() throws {
        guard (source == nil) != (batch == nil) else { throw ValidationError("give either a SOURCE or --batch FILE") }
    }

    func run() async throws {
        guard batch == nil, let source else { return try runBatch() }
        let article = try await orExit { () async throws(PipelineError) in
            try await OneOffSummary().article(from: source, url: url)
        }
        show(article)
    }

    /// A batch, or a local page, without the concurrency runtime.
    func runSynchronously() throws -> Bool {
        guard batch == nil, let source else {
            try runBatch()
            return true
        }
        let article = try orExit { () throws(PipelineError) -> Article? in
            guard let input = try SourceReader.readLocal(source) else { return nil }
            return try OneOffSummary().article(from: input, source: source, url: url)
        }
        guard let article else { return false }
        show(article)
        return true
    }

    private func runBatch() throws {
        guard let batch else { return }
        let output = OutputBuffer()
        let outcome = try orExit { () throws(PipelineError) in
            defer { output.flush() }
            return try BatchExtraction().run(path: batch, output: output)
        }
        if outcome.failed > 0 { throw Exit.partial }
    }

    private func show(_ article: Article) {
        if json {
            let output = OutputBuffer()
            output.writeLine(.object(article.jsonMembers))
            output.flush()
        } else {
            print(article.plainText)
        }
    }
}
