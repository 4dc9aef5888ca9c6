import ArgumentParser
import Pipeline

/// `briefing extract`: the article text and metadata of a web page.
struct ExtractCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "extract", abstract: "Extract the article from a page.")
}
