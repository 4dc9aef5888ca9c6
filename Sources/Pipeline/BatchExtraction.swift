import BriefingCore
import Extraction
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

    public init(extractor: ArticleExtractor = ArticleExtractor()) {
        self.extractor = extractor
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

    /// Reads JSONL from `path` and writes one output line per page to `output`.
    ///
    /// Lines go in groups of a few per worker: each group is extracted concurrently, then written
    /// in order, so memory stays bounded by the group. The first page is extracted alone, so that
    /// libxml2 initializes itself on one thread.
    @discardableResult
    public func run(path: String, output: OutputBuffer) throws(PipelineError) -> Outcome {
        guard let reader = LineReader(path: path) else {
            throw PipelineError(input: path, message: LineReader.reason(path))
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let workers = max(1, concurrency)
        var outcome = Outcome()
        var group: [(line: [UInt8], number: Int)] = []
        func extractGroup() throws(PipelineError) {
            let lines = group
            let results = ResultSlots(count: lines.count)
            let work: @Sendable (Int) -> Void = { index in
                let (line, number) = lines[index]
                results.store(
                    line.withUnsafeBytes { bytes in
                        Result { () throws(PipelineError) in
                            try extract(line: bytes, folder: folder, at: "\(path):\(number)")
                        }
                    }, at: index)
            }
            if workers == 1 || lines.count == 1 || outcome == Outcome() {
                for index in lines.indices { work(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: lines.count, execute: work)
            }
            group.removeAll(keepingCapacity: true)
            for case let result? in results.values {
                let (value, extracted) = try result.get()
                if extracted { outcome.extracted += 1 } else { outcome.failed += 1 }
                output.writeLine(value)
            }
        }
        while reader.nextLine({ group.append((Array($0), reader.lineNumber)) }) {
            // The first page alone, then groups of four per worker.
            if outcome == Outcome() || group.count >= 4 * workers { try extractGroup() }
        }
        try extractGroup()
        return outcome
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
            guard let bytes = ExtractionCorpus.readPossiblyCompressed(full) else {
                return failure("\(file): cannot read the file")
            }
            data = bytes
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

/// One result slot per page of a group, each written by exactly one worker and read after all
/// have finished (`concurrentPerform` returns only then), so that no two threads touch a slot.
private final class ResultSlots: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Result<(JSONValue, Bool), PipelineError>?>
    private let count: Int

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    func store(_ result: Result<(JSONValue, Bool), PipelineError>, at index: Int) { slots[index] = result }

    var values: [Result<(JSONValue, Bool), PipelineError>?] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
