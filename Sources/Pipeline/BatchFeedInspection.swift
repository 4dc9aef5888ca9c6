import BriefingCore
import FeedParsing
import Fetching
import Foundation

/// `briefing feed inspect FILE...` and `feed inspect --batch FILE.jsonl`: many feeds, one JSON
/// line each, read, parsed and written one at a time so that memory stays flat in their number.
///
/// With files, each line is `{"source", "format", "title", "link", "recovered", "items"}` (the
/// keys of `feed inspect --json` after `source`, the argument as given). With `--batch`, each input
/// line is `{"id", "path" | "xml", "url"?, "content_type"?}`, `path` relative to the JSONL file's
/// folder, `url` the feed's address for relative links, and the output starts with `id` instead.
/// A feed that cannot be read or parsed gives `{"source" | "id", "error"}` and the run goes on.
public struct BatchFeedInspection: Sendable {
    public var parser: FeedParser
    public var fetch: FetchConfiguration

    public init(parser: FeedParser = .textOnly, fetch: FetchConfiguration = FetchConfiguration()) {
        self.parser = parser
        self.fetch = fetch
    }

    /// What a run did.
    public struct Outcome: Sendable, Equatable {
        /// Feeds parsed.
        public var parsed = 0
        /// Feeds that gave an error line.
        public var failed = 0
    }

    /// Inspects each of `sources` (files, URLs or `-`), writing one line each to `output`.
    public func run(sources: [String], baseURL: String?, contentType: String?, output: OutputBuffer) async
        -> Outcome
    {
        var outcome = Outcome()
        for source in sources {
            let key: (String, JSONValue) = ("source", .string(source))
            do {
                let input = try await SourceReader.read(source, fetch: fetch)
                // One feed at a time: its items are mapped and written on every core (as the
                // parser's `itemThreads`), written straight from the feed.
                switch parse(
                    input.data, baseURL: baseURL ?? input.baseURL, contentType: contentType ?? input.contentType)
                {
                case .success(let feed):
                    outcome.parsed += 1
                    FeedInspection.writeJSONLine(feed, leading: [key], to: output, threads: parser.itemThreads)
                case .failure(let message):
                    outcome.failed += 1
                    output.writeLine(.object([key, ("error", .string(message.text))]))
                }
            } catch {
                outcome.failed += 1
                output.writeLine(.object([key, ("error", .string(error.message))]))
            }
        }
        return outcome
    }

    /// Feeds parsed at once (default: one per core). Output order is input order whatever it is.
    /// When it is more than one, each feed's items are mapped on its own thread (the feeds already
    /// fill the cores; more threads would only contend for them), except for a feed parsed alone
    /// (the batch's first, and a last one left over), whose items go to every core as in
    /// `feed inspect FILE`: two 6 MB feeds in a batch used to take one core between them.
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount

    /// Reads JSONL from `path` and writes one output line per feed to `output`, in input order
    /// (`OrderedBatch`); a line that is not a JSON object stops the run.
    public func run(batch path: String, output: OutputBuffer) throws(PipelineError) -> Outcome {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        var together = self
        if concurrency > 1 { together.parser.itemThreads = 1 }
        let counts = try OrderedBatch(concurrency: concurrency, linesPerWorker: 1).run(
            path: path, output: output,
            lines: { [together, self] (line, input, direct) throws(PipelineError) in
                try (direct != nil ? self : together).inspect(line: line, folder: folder, at: input, to: direct)
            })
        return Outcome(parsed: counts.succeeded, failed: counts.failed)
    }

    /// The output line of one `--batch` input line (its JSON text), and whether its feed parsed;
    /// a feed's line is written to `direct` instead when it is given (see ``inspect(_:key:baseURL:contentType:to:)``).
    func inspect(line: UnsafeRawBufferPointer, folder: URL, at input: String, to direct: OutputBuffer? = nil)
        throws(PipelineError) -> ([[UInt8]], Bool)
    {
        guard let object = try? JSONValue.parse(line), case .object = object else {
            throw PipelineError(input: input, message: "not a JSON object")
        }
        let key: (String, JSONValue) = ("id", object["id"] ?? .null)
        let data: Data
        if let xml = object["xml"]?.stringValue {
            data = Data(xml.utf8)
        } else if let file = object["path"]?.stringValue {
            let full = file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
            switch LocalFile.read(full, maximumBytes: fetch.maxBodyBytes) {
            case .failure(let error):
                let line = JSONValue.object([key, ("error", .string("\(file): \(error.message)"))])
                return ([OrderedBatch.serialized(line)], false)
            case .success(let bytes): data = bytes
            }
        } else {
            throw PipelineError(input: input, message: "missing \"xml\" or \"path\"")
        }
        return inspect(
            data, key: key, baseURL: object["url"]?.stringValue, contentType: object["content_type"]?.stringValue,
            to: direct)
    }

    /// The output line of one feed (its JSON text in pieces, written straight from the feed as
    /// `feed inspect --json` writes it, with `key` first, without the line break), and whether it
    /// parsed. Given `direct` (the batch's output, when this line is worked on alone), a parsed
    /// feed's line is written there as it goes, and no pieces are returned.
    func inspect(
        _ data: Data, key: (String, JSONValue), baseURL: String?, contentType: String?, to direct: OutputBuffer? = nil
    ) -> ([[UInt8]], Bool) {
        switch parse(data, baseURL: baseURL, contentType: contentType) {
        case .success(let feed):
            let line = direct ?? OutputBuffer.inMemory()
            FeedInspection.writeJSONLine(feed, leading: [key], to: line, threads: parser.itemThreads, lineBreak: false)
            return (direct == nil ? line.takePieces() : [], true)
        case .failure(let message):
            return ([OrderedBatch.serialized(.object([key, ("error", .string(message.text))]))], false)
        }
    }

    /// One feed, or the message of its error line.
    private func parse(_ data: Data, baseURL: String?, contentType: String?) -> Result<Feed, ErrorMessage> {
        do {
            return .success(try parser.parse(data, baseURL: baseURL, contentType: contentType))
        } catch {
            return .failure(
                ErrorMessage(FeedDiscovery.notAFeed(data, contentType: contentType, baseURL: baseURL, error: error)))
        }
    }

    /// The message of an error line.
    private struct ErrorMessage: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }
}
