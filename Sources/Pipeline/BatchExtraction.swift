import BriefingCore
import Extraction
import Fetching
import Foundation

/// `briefing extract --batch FILE.jsonl`: one page per input line, `{"id", "html" | "path",
/// "url"?}`, gives one output line `{"id", "title", "byline", "published", "site_name",
/// "language", "canonical_url", "description", "text"}` (the keys of `extract --json` after `id`).
///
/// `html` is the page itself; `path` names a file, relative to the JSONL file's folder, which may
/// be gzip-compressed. `url` is the page's address. A page that cannot be read or extracted gives
/// `{"id", "error"}` and the run goes on; a line that is not a JSON object stops it. Lines are
/// read and written one at a time, so memory stays flat in the number of pages.
public struct BatchExtraction: Sendable {
    public var extractor: ArticleExtractor

    /// The most a page's file may hold, decompressed: the fetch stage's body cap (10 MiB), so
    /// that a gzip bomb or a device named as a page stops there.
    public var maximumBytes: Int

    public init(extractor: ArticleExtractor = ArticleExtractor(), maximumBytes: Int = FetchConfiguration().maxBodyBytes) {
        self.extractor = extractor
        self.maximumBytes = maximumBytes
    }

    /// What a run did.
    public struct Outcome: Sendable, Equatable {
        /// Pages extracted.
        public var extracted = 0
        /// Pages that gave an error line.
        public var failed = 0
    }

    /// Pages extracted at once (default: one per core). Output order is input order whatever it is.
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount

    /// Reads JSONL from `path` and writes one output line per page to `output`, in input order
    /// (`OrderedBatch`: groups of pages extracted concurrently).
    @discardableResult
    public func run(path: String, output: OutputBuffer) throws(PipelineError) -> Outcome {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        // Groups of 16 pages per worker: page costs vary tenfold, and with 4 per worker the wait
        // for the slowest page of each group cost about 10% of a two-core run; the outputs a group
        // holds are a few kilobytes each, so memory stays flat.
        let counts = try OrderedBatch(concurrency: concurrency, linesPerWorker: 16).run(path: path, output: output) {
            (line, input, _) throws(PipelineError) in try extract(line: line, folder: folder, at: input)
        }
        return Outcome(extracted: counts.succeeded, failed: counts.failed)
    }

    /// Extracts the page of one JSONL line; `folder` is where relative paths start. Gives the
    /// output object, and whether it is an article (rather than an error line).
    public func extract(line: UnsafeRawBufferPointer, folder: URL, at input: @autoclosure () -> String)
        throws(PipelineError) -> (JSONValue, Bool)
    {
        guard let object = try? JSONValue.parse(line), case .object = object else {
            throw PipelineError(input: input(), message: "not a JSON object")
        }
        let id = object["id"] ?? .null
        func failure(_ message: String) -> (JSONValue, Bool) {
            (.object([("id", id), ("error", .string(message))]), false)
        }
        let data: Data
        if let html = object["html"]?.stringValue {
            data = Data(html.utf8)
        } else if let file = object["path"]?.stringValue {
            let full = file.hasPrefix("/") ? file : folder.appendingPathComponent(file).path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue
            else { return failure("\(file): no such file") }
            switch ExtractionCorpus.readPossiblyCompressed(full, maximumBytes: maximumBytes) {
            case .read(let bytes): data = bytes
            case .tooLarge: return failure("\(file): file exceeds \(ByteCount.words(maximumBytes))")
            case .failed: return failure("\(file): cannot read the file")
            }
        } else {
            throw PipelineError(input: input(), message: "missing \"html\" or \"path\"")
        }
        do {
            let article = try extractor.extract(data: data, contentType: nil, url: object["url"]?.stringValue)
            return (.object([("id", id)] + article.jsonMembers), true)
        } catch {
            return failure(error.description)
        }
    }
}
