import Foundation
import Testing

@testable import Extraction

/// The quality gate: every page of the shared development corpus, scored with the same token F1
/// as `shared/extract/score.py` (ws mode). The floors are pinned just under the scores reached;
/// raise them when extraction improves, and never lower them to make a change pass.
@Suite struct QualityGateTests {
    /// Mean token F1 over all dev pages must stay at or above this.
    static let meanF1Floor = 0.975
    /// Titles that must match the gold title exactly (out of the pages that have one).
    static let titleAgreementFloor = 58

    /// `<repository root>/../shared/extract/dev.jsonl`.
    static let corpusFile = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/extract/dev.jsonl")

    static var corpusPresent: Bool { FileManager.default.fileExists(atPath: corpusFile.path) }

    @Test(.enabled(if: corpusPresent, "shared/extract/dev.jsonl not found beside the repository: gate skipped"))
    func devCorpusMeanF1AndTitles() throws {
        let corpus = try ExtractionCorpus(jsonl: Self.corpusFile)
        #expect(corpus.pages.count > 100)
        let extractor = ArticleExtractor()
        var f1Sum = 0.0
        var titled = 0
        var agreements = 0
        var worst: [(String, Double)] = []
        for page in corpus.pages {
            let article = try? extractor.extract(data: page.html, contentType: nil, url: page.url)
            let f1 = TokenOverlap.score(gold: page.text, predicted: article?.text ?? "").f1
            f1Sum += f1
            worst.append((page.id, f1))
            if let gold = page.title {
                titled += 1
                if TitleAgreement.agrees(gold: gold, predicted: article?.title) { agreements += 1 }
            }
        }
        let mean = f1Sum / Double(corpus.pages.count)
        let lowest = worst.sorted { $0.1 < $1.1 }.prefix(5).map { "\($0.0) \(String(format: "%.3f", $0.1))" }
        print(
            "extraction quality gate: \(corpus.pages.count) pages, mean token F1 \(String(format: "%.4f", mean)) "
                + "(floor \(Self.meanF1Floor)), titles \(agreements)/\(titled) (floor \(Self.titleAgreementFloor)); "
                + "lowest: \(lowest.joined(separator: ", "))")
        #expect(mean >= Self.meanF1Floor)
        #expect(agreements >= Self.titleAgreementFloor)
    }
}
