import Foundation
import Testing

@testable import Summarization

/// Runs the summarizer and Lead-3 on the shared dev sets and fails if ROUGE or fact recall
/// falls below the pinned floors (set just under the measured values; raise them when the
/// summarizer improves, never lower them silently).
@Suite(.enabled(if: QualityGate.dataDirectory != nil, QualityGate.skipMessage))
struct QualityGateTests {
    struct Floor: Sendable, CustomTestStringConvertible {
        var corpus: String
        var rouge1: Double
        var rouge2: Double
        var rougeLsum: Double
        var numberRecall: Double
        var entityRecall: Double
        var testDescription: String { corpus }
    }

    static let floors: [Floor] = [
        Floor(
            corpus: "cnndm", rouge1: 40.3, rouge2: 17.6, rougeLsum: 36.7, numberRecall: 50,
            entityRecall: 72),
        Floor(
            corpus: "bbc", rouge1: 48.2, rouge2: 41.4, rougeLsum: 47.4, numberRecall: 46, entityRecall: 57
        ),
        Floor(
            corpus: "xsum", rouge1: 17.8, rouge2: 2.7, rougeLsum: 14.0, numberRecall: 11, entityRecall: 0),
    ]

    @Test("Dev-set floors", arguments: floors)
    func floor(_ floor: Floor) throws {
        let directory = try #require(QualityGate.dataDirectory)
        let text = try String(
            contentsOf: directory.appendingPathComponent("\(floor.corpus)-dev.jsonl"), encoding: .utf8)
        let records = try EvaluationRecord.parse(jsonLines: text)
        let report = Evaluation.run(records, sentences: 3)
        print("quality gate \(floor.corpus)-dev (3 sentences):\n\(report.table)")
        let ours = report.summarizer
        #expect(ours.rouge1 >= floor.rouge1)
        #expect(ours.rouge2 >= floor.rouge2)
        #expect(ours.rougeLsum >= floor.rougeLsum)
        #expect(ours.numberRecall >= floor.numberRecall)
        #expect(ours.entityRecall >= floor.entityRecall)
    }
}

/// Where the shared evaluation data lives: `<repo root>/../shared/eval/data`.
enum QualityGate {
    static let dataDirectory: URL? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent()
            .deletingLastPathComponent()
        let data = root.deletingLastPathComponent().appendingPathComponent("shared/eval/data")
        let probe = data.appendingPathComponent("cnndm-dev.jsonl").path
        return FileManager.default.fileExists(atPath: probe) ? data : nil
    }()

    static let skipMessage: Comment =
        "Skipped: shared evaluation data not found at <repo root>/../shared/eval/data (cnndm-dev.jsonl, bbc-dev.jsonl, xsum-dev.jsonl)"
}
