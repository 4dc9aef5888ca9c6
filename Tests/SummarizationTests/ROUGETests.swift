import Testing

@testable import Summarization

/// Values pinned from Google's rouge-score 0.1.2 (`RougeScorer(['rouge1', 'rouge2',
/// 'rougeLsum'], use_stemmer=True)`), so these tests need no Python.
struct ROUGETests {
    struct Case: Sendable, CustomTestStringConvertible {
        var reference: String
        var candidate: String
        /// (precision, recall, F1) for ROUGE-1, ROUGE-2, ROUGE-Lsum.
        var expected: [(Double, Double, Double)]
        var testDescription: String { String(candidate.prefix(30)) }
    }

    static let cases: [Case] = [
        Case(
            reference: "The cat sat on the mat.\nIt was happy.",
            candidate: "The cat was sitting on the mat.\nThe dog was happy.",
            expected: [(0.636364, 0.777778, 0.7), (0.4, 0.5, 0.444444), (0.636364, 0.777778, 0.7)]),
        Case(
            reference:
                "Crude oil prices surged back above the $47 a barrel mark on Thursday.\nThe IEA raised its estimate of 2005 oil demand growth.",
            candidate:
                "Crude oil prices surged on Thursday after the IEA raised its forecasts.\nUS light crude rose $1.64 to $47.10.",
            expected: [(0.52381, 0.478261, 0.5), (0.35, 0.318182, 0.333333), (0.52381, 0.478261, 0.5)]),
        Case(
            reference: "Running runners ran generously; generalizations abound!",
            candidate: "runner runs: general ideas, 1,200 abound.",
            expected: [(0.571429, 0.666667, 0.615385), (0, 0, 0), (0.428571, 0.5, 0.461538)]),
        Case(reference: "a b c", candidate: "x y z", expected: [(0, 0, 0), (0, 0, 0), (0, 0, 0)]),
    ]

    @Test("Agrees with rouge-score", arguments: cases)
    func agrees(_ c: Case) {
        let s = ROUGE.score(reference: c.reference, candidate: c.candidate)
        for (score, expected) in zip([s.rouge1, s.rouge2, s.rougeLsum], c.expected) {
            #expect(abs(score.precision - expected.0) < 1e-5)
            #expect(abs(score.recall - expected.1) < 1e-5)
            #expect(abs(score.f1 - expected.2) < 1e-5)
        }
    }

    @Test func tokenizesLikeRougeScore() {
        #expect(
            ROUGE.tokens("Running runners ran generously; generalizations abound! Café 1,200 U.S.")
                == ["run", "runner", "ran", "gener", "gener", "abound", "caf", "1", "200", "u", "s"])
    }

    @Test func emptyTextScoresZero() {
        let s = ROUGE.score(reference: "", candidate: "Something here.")
        #expect(s.rouge1.f1 == 0)
        #expect(s.rougeLsum.f1 == 0)
    }
}
