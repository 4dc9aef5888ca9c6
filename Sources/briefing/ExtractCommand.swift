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
            Reads an HTML file (or - for standard input) and prints its title, metadata lines, a blank \
            line and the article text; --json prints one JSON object instead.
            """)

    @Argument(help: "An HTML file, or - for standard input.")
    var source: String

    @Option(help: "The page's address, used to make relative canonical URLs absolute.")
    var url: String?

    @Flag(
        help:
            "Print one JSON object with title, byline, published, site_name, language, canonical_url, description and text."
    )
    var json = false

    func run() async throws {
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            // URL fetching goes through Pipeline; it is wired after the extraction branch is merged.
            printError("URL extraction: use a file for now")
            throw Exit.failure
        }
        let data: Data
        if source == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else if let contents = FileManager.default.contents(atPath: source) {
            data = contents
        } else {
            printError("\(source): cannot read the file")
            throw Exit.failure
        }
        do {
            let article = try ArticleExtractor().extract(data: data, contentType: nil, url: url)
            print(json ? article.json : article.plainText)
        } catch {
            printError("\(source): \(error)")
            throw Exit.failure
        }
    }
}
