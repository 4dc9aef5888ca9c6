// Summarization speed: articles per second over cnndm-dev + bbc-dev on one core, and peak
// memory (VmHWM). Run with `swift run -c release SummarizationBenchmark [DATA_DIR] [--passes N]`;
// the data directory defaults to `<repo root>/../shared/eval/data`. Without --passes it runs
// whole passes for at least 3 s; a fixed count suits instruction counters (valgrind).
import Foundation
import Summarization

var arguments = Array(CommandLine.arguments.dropFirst())
var fixedPasses: Int?
if let flag = arguments.firstIndex(of: "--passes"), flag + 1 < arguments.count {
    fixedPasses = Int(arguments[flag + 1])
    arguments.removeSubrange(flag...(flag + 1))
}
let dataDirectory: URL
if let path = arguments.first {
    dataDirectory = URL(fileURLWithPath: path)
} else {
    dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(
            "shared/eval/data")
}

var documents: [Document] = []
var bytes = 0
for corpus in ["cnndm", "bbc"] {
    let url = dataDirectory.appendingPathComponent("\(corpus)-dev.jsonl")
    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
        FileHandle.standardError.write(Data("SummarizationBenchmark: cannot read \(url.path)\n".utf8))
        exit(2)
    }
    do {
        for record in try EvaluationRecord.parse(jsonLines: text) {
            documents.append(Document(title: record.title, text: record.text))
            bytes += record.text.utf8.count
        }
    } catch {
        FileHandle.standardError.write(Data("SummarizationBenchmark: \(error)\n".utf8))
        exit(2)
    }
}

let summarizer = Summarizer()
var checksum = 0
// Warm-up pass, timed: the summarizer's stem cache starts empty here.
let clock = ContinuousClock()
var coldRate: Double?
if fixedPasses == nil {
    let coldStart = clock.now
    for d in documents { checksum &+= summarizer.summarize(d).sentences.count }
    let cold = clock.now - coldStart
    coldRate = Double(documents.count) / (Double(cold.components.seconds) + Double(cold.components.attoseconds) / 1e18)
}

var articles = 0
var passes = 0
let start = clock.now
var elapsed = Duration.zero
repeat {
    for d in documents { checksum &+= summarizer.summarize(d, length: .sentences(3)).sentences.count }
    articles += documents.count
    passes += 1
    elapsed = clock.now - start
} while fixedPasses.map { passes < $0 } ?? (elapsed < .seconds(3))

let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

/// Peak resident memory from /proc/self/status, in kB.
func peakMemoryKB() -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else {
        return nil
    }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        return Int(line.split(separator: " ").dropFirst().first ?? "")
    }
    return nil
}

let rate = Double(articles) / seconds
let megabytes = Double(bytes * passes) / seconds / 1_000_000
print("documents      \(documents.count) (cnndm-dev + bbc-dev, \(bytes / 1024) KiB of text)")
print("passes         \(passes) in \(String(format: "%.2f", seconds)) s, one thread")
print("articles/s     \(Int(rate.rounded()))")
if let coldRate { print("first pass     \(Int(coldRate.rounded())) articles/s (stem cache empty)") }
print("MB/s           \(String(format: "%.1f", megabytes))")
print("ms/article     \(String(format: "%.3f", 1000 / rate))")
if let kb = peakMemoryKB() { print("peak memory    \(kb / 1024) MiB (VmHWM)") }
print("checksum       \(checksum)")
