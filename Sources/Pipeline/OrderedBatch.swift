import BriefingCore
import Foundation

/// The loop behind `extract --batch`, `feed inspect --batch` and `summarize --batch`: reads a JSONL file, turns each
/// line into one output line on several cores, and writes the outputs in input order.
///
/// Lines go in groups of `linesPerWorker` per worker: each group is worked on concurrently, then
/// written in order, so memory stays bounded by the group however long the file. The first line
/// is done alone, so that libraries which initialize themselves on first use (libxml2) do so on
/// one thread.
struct OrderedBatch: Sendable {
    /// Lines worked on at once.
    var concurrency: Int
    /// Lines per worker in a group: more evens out uneven lines; fewer holds fewer outputs in
    /// memory (a feed's output can be megabytes).
    var linesPerWorker = 4

    /// What a run did: lines whose work succeeded, and lines that gave an error line.
    struct Counts: Sendable, Equatable {
        var succeeded = 0
        var failed = 0
    }

    /// Runs `work` on each line of `path` that is not blank (with the line's name for errors,
    /// `path:number`, and whether the line is worked on alone, every other core idle, as the first
    /// line and a last group of one are); `work` gives the output object and whether it
    /// succeeded, or throws to stop the run after the lines before it have been written.
    func run(
        path: String, output: OutputBuffer,
        work: @escaping @Sendable (UnsafeRawBufferPointer, String, Bool) throws(PipelineError) -> (JSONValue, Bool)
    ) throws(PipelineError) -> Counts {
        try run(
            path: path, output: output,
            lines: { (line, input, direct) throws(PipelineError) in
                let (value, succeeded) = try work(line, input, direct != nil)
                return ([Self.serialized(value)], succeeded)
            })
    }

    /// The compact JSON text of `value`, as an output line's bytes (without the line break).
    static func serialized(_ value: JSONValue) -> [UInt8] {
        var bytes: [UInt8] = []
        value.write(to: &bytes)
        return bytes
    }

    /// ``run(path:output:work:)`` with `lines` giving each output line's JSON text itself, so that
    /// it is written on the worker's core, not on the one that writes the lines out in order. The
    /// text comes in pieces (an in-memory `OutputBuffer`'s), written out one after another.
    ///
    /// A line worked on alone is given `output` itself (nil otherwise): every line before it has
    /// been written, so `work` may write its text straight there, as it goes, and return no
    /// pieces; a feed of megabytes then needs no copy of its output line in memory (issue 17).
    /// The line break after it is written here either way.
    func run(
        path: String, output: OutputBuffer,
        lines work: @escaping @Sendable (UnsafeRawBufferPointer, String, OutputBuffer?) throws(PipelineError) -> (
            [[UInt8]], Bool
        )
    ) throws(PipelineError) -> Counts {
        guard let reader = LineReader(path: path) else {
            throw PipelineError(input: path, message: LineReader.reason(path))
        }
        let workers = max(1, concurrency)
        var counts = Counts()
        var started = false
        var group: [(line: [UInt8], number: Int)] = []
        func runGroup() throws(PipelineError) {
            let lines = group
            group.removeAll(keepingCapacity: true)
            func write(_ result: Result<([[UInt8]], Bool), PipelineError>) throws(PipelineError) {
                let (line, succeeded) = try result.get()
                if succeeded { counts.succeeded += 1 } else { counts.failed += 1 }
                output.append(pieces: line)
                output.bytes.append(0x0A)
                output.flushIfFull()
            }
            if lines.count == 1, let (line, number) = lines.first {
                try write(
                    line.withUnsafeBytes { bytes in
                        Result { () throws(PipelineError) in try work(bytes, "\(path):\(number)", output) }
                    })
                return
            }
            let results = ResultSlots<Result<([[UInt8]], Bool), PipelineError>>(count: lines.count)
            let one: @Sendable (Int) -> Void = { index in
                let (line, number) = lines[index]
                results.store(
                    line.withUnsafeBytes { bytes in
                        Result { () throws(PipelineError) in try work(bytes, "\(path):\(number)", nil) }
                    }, at: index)
            }
            if workers == 1 {
                for index in lines.indices { one(index) }
            } else {
                DispatchQueue.concurrentPerform(iterations: lines.count, execute: one)
            }
            for case let result? in results.values { try write(result) }
        }
        while reader.nextLine({ group.append((Array($0), reader.lineNumber)) }) {
            if !started || group.count >= max(1, linesPerWorker) * workers {
                started = true
                try runGroup()
            }
        }
        try runGroup()
        if let failure = reader.failure {
            throw PipelineError(input: "\(path):\(reader.lineNumber)", message: failure)
        }
        return counts
    }
}
