import ArgumentParser
import FeedParsing
import Foundation

/// `briefing feed`: inspect one feed.
struct FeedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed", abstract: "Inspect a feed.", subcommands: [Inspect.self])

    /// `briefing feed inspect FILE [--json] [--base-url URL] [--content-type VALUE]`: parses one
    /// feed file and prints the normalized feed.
    struct Inspect: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Parse a feed file and print the normalized feed.",
            discussion: """
                Detects RSS, Atom or JSON Feed from the content. --json prints
                {"format","title","link","recovered","items":[...]} with dates as YYYY-MM-DDTHH:MM:SSZ.
                """)

        @Argument(help: "The feed file to read.")
        var file: String

        @Flag(help: "Print JSON instead of a readable listing.")
        var json = false

        @Option(help: "The URL relative links resolve against (default: the file's file:// URL).")
        var baseURL: String?

        @Option(
            help: "An HTTP Content-Type header to apply (its charset takes part in encoding detection).")
        var contentType: String?

        func run() throws {
            let lower = file.lowercased()
            if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
                throw InspectError(
                    "URL inspection needs the fetch stage; save the feed to a file and inspect the file.")
            }
            let url = URL(fileURLWithPath: file).standardizedFileURL
            let data: Data
            do {
                data = try Data(contentsOf: url)
            } catch {
                throw InspectError("cannot read \(file): \(error.localizedDescription)")
            }
            do {
                let feed = try FeedParser().parse(
                    data, baseURL: baseURL ?? url.absoluteString, contentType: contentType)
                print(json ? FeedInspection.json(feed) : FeedInspection.text(feed))
            } catch {
                var standardError = FileHandleOutputStream.standardError
                print("briefing: \(file): \(error)", to: &standardError)
                throw ExitCode.failure
            }
        }
    }
}

/// A failure of `feed inspect`, printed as `Error: <message>` without the usage text.
private struct InspectError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Standard error as a `TextOutputStream`.
private struct FileHandleOutputStream: TextOutputStream {
    static var standardError: FileHandleOutputStream { FileHandleOutputStream() }

    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
