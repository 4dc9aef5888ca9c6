import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// `extract --batch` extracts groups of pages concurrently: its output is the serial output,
/// line for line, whatever the number of workers.
@Suite struct BatchExtractionTests {
    static func run(_ extraction: BatchExtraction, input: String, folder: URL) throws -> (
        String, BatchExtraction.Outcome
    ) {
        let path = folder.appendingPathComponent("out-\(extraction.concurrency).jsonl").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let output = OutputBuffer(descriptor: descriptor)
        let outcome = try extraction.run(path: input, output: output)
        output.flush()
        close(descriptor)
        return (try String(contentsOfFile: path, encoding: .utf8), outcome)
    }

    @Test func concurrentOutputIsTheSerialOutputInInputOrder() throws {
        let folder = Repository.temporaryDirectory("batch-extraction")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = (0..<41).map { number -> String in
            if number == 17 { return #"{"id":17,"path":"missing.html"}"# }
            let words = (0...number).map { "word\($0)" }.joined(separator: " ")
            let page =
                "<html><head><title>Page \(number)</title></head><body><article><p>Page \(number) says \(words).</p></article></body></html>"
            return String(
                decoding: try! JSONSerialization.data(withJSONObject: ["id": number, "html": page]), as: UTF8.self)
        }
        let input = folder.appendingPathComponent("pages.jsonl")
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        var serial = BatchExtraction()
        serial.concurrency = 1
        var parallel = BatchExtraction()
        parallel.concurrency = 4
        let (expected, serialOutcome) = try Self.run(serial, input: input.path, folder: folder)
        let (actual, parallelOutcome) = try Self.run(parallel, input: input.path, folder: folder)
        #expect(serialOutcome == BatchExtraction.Outcome(extracted: 40, failed: 1))
        #expect(parallelOutcome == serialOutcome)
        #expect(actual == expected)
        let ids = actual.split(separator: "\n").map { $0.prefix(while: { $0 != "," }) }
        #expect(ids == (0..<41).map { "{\"id\":\($0)"[...] })
    }

    @Test func aLineThatIsNotJSONStopsTheRunAfterTheLinesBeforeIt() throws {
        let folder = Repository.temporaryDirectory("batch-extraction-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = #"{"id":1,"html":"<p>Some text here.</p>"}"#
        let input = folder.appendingPathComponent("pages.jsonl")
        try ([String](repeating: good, count: 12) + ["not json"] + [good]).joined(separator: "\n")
            .write(to: input, atomically: true, encoding: .utf8)
        var parallel = BatchExtraction()
        parallel.concurrency = 2
        #expect(throws: PipelineError(input: input.path + ":13", message: "not a JSON object")) {
            _ = try Self.run(parallel, input: input.path, folder: folder)
        }
        let written = try String(contentsOf: folder.appendingPathComponent("out-2.jsonl"), encoding: .utf8)
        #expect(written.split(separator: "\n").count == 12)
    }
}
