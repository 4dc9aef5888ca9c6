import BriefingCore
import Foundation
import Synchronization
import Testing

@testable import Pipeline

/// `OrderedBatch`'s lines: in input order, and a line worked on alone (the first, and a last
/// group of one) given the output itself to write to as it goes.
@Suite struct OrderedBatchTests {
    /// Runs `lines` (one JSON line each) through `OrderedBatch` on two workers; each line's text is
    /// `text(line)` in two pieces, or written straight to the output when the batch gives it.
    /// Gives what was written and the lines (1-based) given the output.
    func run(_ count: Int) throws -> (output: String, direct: [Int]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ordered-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("lines.jsonl")
        try (1...count).map { "{\"n\":\($0)}" }.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let outputPath = folder.appendingPathComponent("out").path
        let descriptor = open(outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let output = OutputBuffer(descriptor: descriptor, threshold: 16)
        let direct = Mutex<[Int]>([])
        let counts = try OrderedBatch(concurrency: 2, linesPerWorker: 1).run(
            path: input.path, output: output,
            lines: { line, name, to throws(PipelineError) in
                let number = Int(name.split(separator: ":").last ?? "") ?? 0
                let text = Array("line \(number) of \(String(decoding: line, as: UTF8.self))".utf8)
                guard let to else { return ([Array(text.prefix(5)), Array(text.dropFirst(5))], true) }
                direct.withLock { $0.append(number) }
                for byte in text {
                    to.bytes.append(byte)
                    to.flushIfFull()
                }
                return ([], true)
            })
        output.flush()
        close(descriptor)
        #expect(counts == OrderedBatch.Counts(succeeded: count, failed: 0))
        return (try String(contentsOfFile: outputPath, encoding: .utf8), direct.withLock { $0.sorted() })
    }

    static func expected(_ count: Int) -> String {
        (1...count).map { "line \($0) of {\"n\":\($0)}\n" }.joined()
    }

    @Test("Lines worked on alone write straight to the output; every line comes out once, in order")
    func aloneLinesWriteDirectly() throws {
        // On two workers: the first line alone, then pairs, and a last line left over alone.
        let four = try run(4)
        #expect(four.output == Self.expected(4))
        #expect(four.direct == [1, 4])
        let five = try run(5)
        #expect(five.output == Self.expected(5))
        #expect(five.direct == [1])
        let one = try run(1)
        #expect(one.output == Self.expected(1))
        #expect(one.direct == [1])
    }
}
