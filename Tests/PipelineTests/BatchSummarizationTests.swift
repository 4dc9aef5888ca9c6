import BriefingCore
import Foundation
import Summarization
import TestSupport
import Testing

@testable import Pipeline

/// `summarize --batch` on several cores: the same lines, in input order, as on one.
struct BatchSummarizationTests {
    /// Runs the batch over `lines` and returns what it wrote, and the count or the error.
    static func run(_ lines: [String], concurrency: Int) throws -> (output: [String], result: Result<Int, PipelineError>) {
        let folder = Repository.temporaryDirectory("batch-summaries")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        let outputPath = folder.appendingPathComponent("out.jsonl")
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        _ = FileManager.default.createFile(atPath: outputPath.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputPath)
        var batch = BatchSummarization(summarizer: Summarizer(), length: .sentences(2))
        batch.concurrency = concurrency
        let result: Result<Int, PipelineError>
        do {
            let buffer = OutputBuffer(descriptor: handle.fileDescriptor)
            result = Result { () throws(PipelineError) in try batch.run(path: input.path, output: buffer) }
            buffer.flush()
        }
        try handle.close()
        let written = try String(contentsOf: outputPath, encoding: .utf8).split(separator: "\n").map(String.init)
        return (written, result)
    }

    static func document(_ n: Int) -> String {
        let text =
            "Officials in Town \(n) said on Monday that \(n * 3) homes lost power. "
            + "Crews from the Grid Company worked through the night. Power returned to \(n) streets by noon. "
            + "The mayor, Ann Lee, thanked residents for their patience."
        return JSONValue.object([("id", .int(n)), ("text", .string(text))]).text
    }

    @Test func severalCoresWriteTheSameLinesInInputOrder() throws {
        let lines = (0..<600).map(Self.document)
        let one = try Self.run(lines, concurrency: 1)
        let many = try Self.run(lines, concurrency: 4)
        #expect(try one.result.get() == 600)
        #expect(try many.result.get() == 600)
        #expect(many.output == one.output)
        #expect(many.output.first?.hasPrefix("{\"id\":0,") == true && many.output.last?.hasPrefix("{\"id\":599,") == true)
    }

    @Test func aBadLineStopsTheRunAfterTheLinesBeforeIt() throws {
        var lines = (0..<400).map(Self.document)
        lines[300] = "{\"id\": 300, \"text\": 5}"
        let run = try Self.run(lines, concurrency: 4)
        #expect(run.output.count == 300)
        guard case .failure(let error) = run.result else {
            Issue.record("expected the bad line to stop the run")
            return
        }
        #expect(error.description.hasSuffix("in.jsonl:301: missing \"text\""), "\(error.description)")
    }
}
