import Testing

@testable import Summarization

struct SummarizerTests {
    static let article = """
        Crude prices jump

        Crude oil prices surged above $47 a barrel on Thursday after the International Energy Agency raised its forecast. \
        Scroll down for video. \
        The IEA raised its estimate of 2005 oil demand growth by 80,000 barrels a day to 84 million barrels a day. \
        Click here to sign up for our newsletter. \
        It was a warm day. \
        US light crude rose $1.64 to $47.10, while Brent crude in London gained $1.32 to $44.45. \
        Traders said they were happy with the news and went home early to their families. \
        Follow us on Twitter for the latest oil news. \
        Analysts at Barclays Capital expect prices between $40 and $50 through 2005, the IEA said.
        """

    @Test func choosesRequestedNumberInDocumentOrder() {
        let summary = Summarizer().summarize(Document(plainText: Self.article), length: .sentences(3))
        #expect(summary.sentences.count == 3)
        #expect(summary.sentences.map(\.index) == summary.sentences.map(\.index).sorted())
        #expect(summary.candidates.count == 9)
        #expect(summary.sentences.first?.index == 0)
    }

    @Test func neverChoosesBoilerplate() {
        let summary = Summarizer().summarize(Document(plainText: Self.article), length: .sentences(9))
        for s in summary.sentences {
            #expect(!s.text.contains("Click here"))
            #expect(!s.text.contains("Follow us"))
            #expect(!s.text.contains("Scroll down"))
        }
    }

    @Test func prefersFactDenseSentences() {
        let summary = Summarizer().summarize(Document(plainText: Self.article), length: .sentences(3))
        #expect(!summary.sentences.contains { $0.text.hasPrefix("It was a warm day") })
        #expect(!summary.sentences.contains { $0.text.hasPrefix("Traders said") })
    }

    @Test func wordBudgetNeverCutsSentences() {
        let document = Document(plainText: SummarizerTests.article)
        let candidates = Summarizer().summarize(document).candidates
        let summary = Summarizer().summarize(document, length: .words(40))
        #expect(!summary.sentences.isEmpty)
        let words = summary.sentences.reduce(0) {
            $0 + Tokenizer.tokens(in: $1.text).filter { $0 != "$" && $0 != "%" }.count
        }
        #expect(words <= 40)
        for s in summary.sentences { #expect(candidates.contains { $0.text == s.text }) }
    }

    @Test func ratioChoosesAShare() {
        let summary = Summarizer().summarize(Document(plainText: Self.article), length: .ratio(0.5))
        #expect(summary.sentences.count == 3)  // half of the 6 sentences that are not boilerplate
    }

    @Test func emptyDocument() {
        let summary = Summarizer().summarize(Document(text: ""))
        #expect(summary.sentences.isEmpty)
        #expect(summary.candidates.isEmpty)
    }

    @Test func featuresAreListed() {
        let summary = Summarizer().summarize(Document(plainText: Self.article))
        let names = summary.candidates[0].features.map(\.name)
        #expect(names.starts(with: ["entities", "numbers", "position"]))
    }
}

struct SharedStemCacheTests {
    @Test func concurrentCallsMatchSequentialOnes() async {
        let summarizer = Summarizer()
        let documents = (0..<24).map { i in
            Document(
                text: """
                    Officials in city number \(i) approved spending of $\(i * 3) million on Tuesday. \
                    The mayor said running costs were rising and generalizations were unhelpful. \
                    Residents protested outside the council building for \(i) hours. \
                    Critics argued the decision ignored the neighbourhood's wishes entirely.
                    """)
        }
        let sequential = documents.map { Summarizer().summarize($0, length: .sentences(2)) }
        let concurrent = await withTaskGroup(of: (Int, Summary).self) { group in
            for (i, d) in documents.enumerated() {
                group.addTask { (i, summarizer.summarize(d, length: .sentences(2))) }
            }
            var out = [Summary?](repeating: nil, count: documents.count)
            for await (i, s) in group { out[i] = s }
            return out
        }
        #expect(concurrent == sequential.map { Optional($0) })
    }

    /// The batch path (text of the chosen sentences only) chooses what the full summary does.
    @Test(arguments: [SummaryLength.sentences(1), .sentences(3), .words(40), .ratio(0.5)])
    func sentenceTextsAreTheSummarysSentences(length: SummaryLength) {
        let summarizer = Summarizer()
        let document = Document(plainText: SummarizerTests.article)
        let full = summarizer.summarize(document, length: length).sentences.map(\.text)
        #expect(!full.isEmpty)
        #expect(summarizer.sentenceTexts(document, length: length) == full)
        #expect(summarizer.sentenceTexts(Document(text: ""), length: length).isEmpty)
    }

    /// Stems looked up in a shared cache in one batch (cold, then warm) are those computed
    /// without one, for the title's tokens and the body's, and none is left pending.
    @Test func sharedStemCacheGivesTheStemsOfNone() {
        let document = Document(plainText: SummarizerTests.article)
        let cache = StemCache()
        let alone = Analysis(documents: [document])
        let cold = Analysis(documents: [document], stemCache: cache)
        let warm = Analysis(documents: [document], stemCache: cache)
        for analysis in [cold, warm] {
            #expect(analysis.tokens.map(\Token.stem) == alone.tokens.map(\Token.stem))
            #expect(!analysis.tokens.contains { $0.flags.contains(.stemPending) })
            #expect(analysis.titleStems.count == alone.titleStems.count)
        }
        // "surged" and "surge" share a stem, and it is not the word's own key.
        let surged = alone.tokens.first { alone.bytes[Int($0.start)..<Int($0.end)].elementsEqual("surged".utf8) }
        #expect(surged.map { $0.stem != $0.hash } == true)
        #expect(cache.lookup(surged?.hash ?? 0) == surged?.stem)
    }
}
