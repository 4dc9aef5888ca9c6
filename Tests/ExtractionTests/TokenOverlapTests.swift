import Testing

@testable import Extraction

@Suite struct TokenOverlapTests {
    @Test func bagOfWhitespaceTokens() {
        let score = TokenOverlap.score(gold: "a b b c", predicted: "b a d")
        // tp = a + b = 2; P = 2/3; R = 2/4.
        #expect(abs(score.precision - 2.0 / 3) < 1e-12)
        #expect(abs(score.recall - 0.5) < 1e-12)
        #expect(abs(score.f1 - 2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5)) < 1e-12)
    }

    @Test func emptySides() {
        #expect(TokenOverlap.score(gold: "", predicted: " \n").f1 == 1)
        #expect(TokenOverlap.score(gold: "x", predicted: "").f1 == 0)
        #expect(TokenOverlap.score(gold: "", predicted: "x").f1 == 0)
    }

    @Test func splitsLikePythonStrSplit() {
        // Python's str.split() also splits on U+001C..U+001F, U+0085, no-break space and U+3000,
        // but not on the zero-width space U+200B; case and punctuation count.
        #expect(TokenOverlap.counts("a\u{1C}b\u{85}c\u{A0}d\u{3000}e").count == 5)
        #expect(TokenOverlap.counts("a\u{200B}b").count == 1)
        #expect(TokenOverlap.score(gold: "Word.", predicted: "word.").f1 == 0)
        // Canonically equivalent but different code points are different tokens, as in Python.
        #expect(TokenOverlap.score(gold: "caf\u{E9}", predicted: "cafe\u{301}").f1 == 0)
    }
}
