import Testing

@testable import Summarization

/// Odd input must never crash and must keep the summary's invariants.
struct RobustnessTests {
    static let inputs: [String] = [
        "",
        ".",
        "...",
        "\n\n\n",
        "!!! ??? …",
        "a",
        String(repeating: "x", count: 500) + ". Another sentence here with words.",
        "Emoji 🎉🎉 are fine. Really 👍 they are. Ünïcödé Wörds Äre Tóo. 中文也可以。",
        "Mr. Dr. Sen. Gov. Inc. U.S. a.m. p.m. No. J. R. R.",
        "\"\"\"''' ((( ))) [[[ ]]]",
        "1,2,3,4.5.6.7 $$$ %%% £€¥",
        "- \n• \n* \n> ",
        "Line without end\nAnother line without end\nThird",
        String(repeating: "Word ", count: 2000),
        "O'Brien-Smith's co-op's 'quoted' word’s end-",
    ]

    @Test("No crash, invariants hold", arguments: inputs.indices)
    func invariants(_ input: Int) {
        let text = Self.inputs[input]
        for length in [SummaryLength.sentences(3), .words(20), .ratio(0.5), .sentences(0), .words(0)] {
            let summary = Summarizer().summarize(Document(plainText: text), length: length)
            let indexes = summary.sentences.map(\.index)
            #expect(indexes == indexes.sorted())
            #expect(Set(indexes).count == indexes.count)
            for s in summary.sentences {
                #expect(summary.candidates.contains(s))
                #expect(!s.text.isEmpty)
            }
            if case .sentences(let n) = length { #expect(summary.sentences.count <= n) }
        }
        _ = Summarizer().summarize([Document(plainText: text), Document(plainText: text)])
        _ = ROUGE.score(reference: text, candidate: text)
        _ = FactRecall.measure(reference: text, summary: text)
        _ = Summarizer().summarize(Document(plainText: text)).explanation
    }

    @Test func splitterRoundTripsText() {
        // Every sentence is a substring of the input, in order.
        let text = "Mr. Smith (the mayor) said: \"No.\" Then… he left! Did he? Yes.\n\nNext part here."
        var rest = Substring(text)
        for s in SentenceSplitter.sentences(in: text) {
            guard let r = rest.range(of: s) else {
                Issue.record("sentence \(s) not found in order")
                return
            }
            rest = rest[r.upperBound...]
        }
    }
}
