import BriefingCore
import Foundation
import Summarization

/// `briefing summarize --batch`: one JSON object per input line, `{"id", "text", "title"?}`,
/// gives one output line `{"id", "summary"}` with the summary's sentences joined by "\n".
///
/// Lines are read and written in bounded groups (`OrderedBatch`: `LineReader` in, `OutputBuffer`
/// out, both `JSONValue`), so memory stays flat in the number of documents. This is the interface the
/// evaluation tools use; keep it stable. `id` is copied as given (any JSON value).
public struct BatchSummarization: Sendable {
    public var summarizer: Summarizer
    public var length: SummaryLength

    public init(summarizer: Summarizer, length: SummaryLength) {
        self.summarizer = summarizer
        self.length = length
    }

    /// Documents summarized at once (``OrderedBatch``); outputs keep the input order.
    public var concurrency = ProcessInfo.processInfo.activeProcessorCount

    /// When given, the CPU time spent summarizing (the summarizer alone: not reading or writing
    /// JSON) is added up here over the threads (`summarize --batch --timings`).
    public var summarizingTime: CPUTime.Total?

    /// Reads JSONL from `path` and writes one output line per document to `output`, in input
    /// order, summarizing groups of lines on `concurrency` cores. Returns the number of
    /// documents summarized; the first bad line stops the run (the lines before it are written).
    @discardableResult
    public func run(path: String, output: OutputBuffer) throws(PipelineError) -> Int {
        let counts = try OrderedBatch(concurrency: concurrency, linesPerWorker: 64).run(path: path, output: output) {
            (line, input, _) throws(PipelineError) in (try self.summarize(line: line, at: input), true)
        }
        return counts.succeeded
    }

    /// Summarizes one JSONL line (`input` names it in errors) into its output object.
    public func summarize(line: UnsafeRawBufferPointer, at input: @autoclosure () -> String) throws(PipelineError)
        -> JSONValue
    {
        guard let object = try? JSONValue.parse(line), case .object = object else {
            throw PipelineError(input: input(), message: "not a JSON object")
        }
        guard let text = object["text"]?.stringValue else {
            throw PipelineError(input: input(), message: "missing \"text\"")
        }
        let document = Document(title: object["title"]?.stringValue, text: text)
        let sentences =
            if let summarizingTime {
                summarizingTime.measure { summarizer.sentenceTexts(document, length: length) }
            } else {
                summarizer.sentenceTexts(document, length: length)
            }
        return .object([("id", object["id"] ?? .null), ("summary", .string(sentences.joined(separator: "\n")))])
    }
}
