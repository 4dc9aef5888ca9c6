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
        let document = Document(plainText: Self.article)
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
}
