import Foundation
import Summarization

/// `briefing summarize --batch`: one JSON object per input line, `{"id", "text", "title"?}`,
/// gives one output line `{"id", "summary"}` with the summary's sentences joined by "\n".
///
/// Lines are read and written one at a time, so memory stays flat in the number of documents.
/// This is the interface the evaluation tools use; keep it stable.
public struct BatchSummarization: Sendable {
    public var summarizer: Summarizer
    public var length: SummaryLength

    public init(summarizer: Summarizer, length: SummaryLength) {
        self.summarizer = summarizer
        self.length = length
    }

    /// Reads JSONL from `path`, calls `write` with each output line (no newline).
    /// Returns the number of documents summarized.
    @discardableResult
    public func run(path: String, write: (String) -> Void) throws(PipelineError) -> Int {
        guard let file = fopen(path, "r") else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw PipelineError(input: path, message: reason)
        }
        defer { fclose(file) }
        var buffer: UnsafeMutablePointer<CChar>? = nil
        var capacity = 0
        defer { free(buffer) }
        var lineNumber = 0
        var count = 0
        while getline(&buffer, &capacity, file) > 0 {
            lineNumber += 1
            guard let buffer else { break }
            let line = String(cString: buffer)
            guard !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
            write(try summarizeLine(line, lineNumber: lineNumber, path: path))
            count += 1
        }
        return count
    }

    /// Summarizes one JSONL line into its output line.
    public func summarizeLine(_ line: String, lineNumber: Int, path: String) throws(PipelineError) -> String {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            throw PipelineError(input: "\(path):\(lineNumber)", message: "not a JSON object")
        }
        guard let text = object["text"] as? String else {
            throw PipelineError(input: "\(path):\(lineNumber)", message: "missing \"text\"")
        }
        let id: Any = object["id"] ?? NSNull()
        let title = object["title"] as? String
        let summary = summarizer.summarize(Document(title: title, text: text), length: length)
        let output: [String: Any] = ["id": id, "summary": summary.sentences.map(\.text).joined(separator: "\n")]
        guard
            let data = try? JSONSerialization.data(
                withJSONObject: output, options: [.sortedKeys, .withoutEscapingSlashes])
        else {
            throw PipelineError(input: "\(path):\(lineNumber)", message: "cannot encode the summary")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
