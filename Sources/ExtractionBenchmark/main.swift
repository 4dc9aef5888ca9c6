import Extraction
import Foundation

// Extraction speed and quality over the corpus in shared/extract.
//
//   swift run -c release ExtractionBenchmark ../shared/extract [--predictions FILE] [--rounds N]
//
// Prints pages per second (the extraction call only, pages already in memory, one thread; best
// and median of N rounds, default 10), peak memory (VmHWM), mean token F1 and title agreement;
// --predictions writes a JSONL file that shared/extract/score.py reads.

let arguments = CommandLine.arguments.dropFirst()
guard let directory = arguments.first else {
    FileHandle.standardError.write(
        Data("usage: ExtractionBenchmark DIRECTORY [--predictions FILE] [--rounds N]\n".utf8))
    exit(2)
}
var predictionsPath: String?
var rounds = 10
var iterator = arguments.dropFirst().makeIterator()
while let argument = iterator.next() {
    switch argument {
    case "--predictions": predictionsPath = iterator.next()
    case "--rounds": rounds = iterator.next().flatMap(Int.init) ?? rounds
    default: break
    }
}

let corpus = try ExtractionCorpus(jsonl: URL(fileURLWithPath: directory).appendingPathComponent("dev.jsonl"))
let extractor = ArticleExtractor()

// Quality, and the predictions file.
var lines: [String] = []
var f1Sum = 0.0
var titled = 0
var titleAgreements = 0
for page in corpus.pages {
    let article = try? extractor.extract(data: page.html, contentType: "text/html; charset=utf-8", url: page.url)
    let text = article?.text ?? ""
    f1Sum += TokenOverlap.score(gold: page.text, predicted: text).f1
    if let gold = page.title {
        titled += 1
        if TitleAgreement.agrees(gold: gold, predicted: article?.title) { titleAgreements += 1 }
    }
    lines.append("{\"id\":\(Article.jsonLiteral(page.id)),\"text\":\(Article.jsonLiteral(text))}")
}
if let predictionsPath {
    try (lines.joined(separator: "\n") + "\n").write(toFile: predictionsPath, atomically: true, encoding: .utf8)
}

// Speed.
var times: [Double] = []
for _ in 0..<rounds {
    let start = DispatchTime.now().uptimeNanoseconds
    for page in corpus.pages {
        _ = try? extractor.extract(data: page.html, contentType: "text/html; charset=utf-8", url: page.url)
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    times.append(seconds)
}
times.sort()
let best = times.first ?? .infinity
let median = times.isEmpty ? .infinity : times[times.count / 2]
let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
let peak = status.split(separator: "\n").first { $0.hasPrefix("VmHWM") }.map(String.init) ?? "VmHWM: unknown"
let bytes = corpus.pages.reduce(0) { $0 + $1.html.count }
print("pages: \(corpus.pages.count) (\(bytes / 1024) KiB)")
print(String(format: "mean token F1 (ws): %.4f", f1Sum / Double(corpus.pages.count)))
print("title agreement: \(titleAgreements)/\(titled)")
print(
    String(
        format: "speed: %.0f pages/s (best of %d rounds, %.3f s per round; median round %.0f pages/s)",
        Double(corpus.pages.count) / best, rounds, best, Double(corpus.pages.count) / median))
print("peak memory: \(peak.replacingOccurrences(of: "\t", with: " "))")
