import ArgumentParser
import Extraction
import Foundation
import Pipeline

/// `briefing extract`: the article text and metadata of a web page.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article from a page.",
        discussion: """
            Reads an HTML file, - for standard input, or an http(s) URL, and prints its title, \
            metadata lines, a blank line and the article text; --json prints one JSON object instead.
            """)

    @Argument(help: "An HTML file, - for standard input, or an http(s) URL.")
    var source: String

    @Option(help: "The page's address, used to make relative canonical URLs absolute.")
    var url: String?

    @Flag(
        help:
            "Print one JSON object with title, byline, published, site_name, language, canonical_url, description and text."
    )
    var json = false

    func run() async throws {
        let article = try await orExit { () async throws(PipelineError) in
            try await OneOffSummary().article(from: source, url: url)
        }
        print(json ? article.json : article.plainText)
    }
}
