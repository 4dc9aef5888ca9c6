import Testing

@testable import Summarization

struct MultiDocumentTests {
    static let first = Document(
        title: "Oil prices surge",
        text: """
            Crude oil prices surged above $47 a barrel on Thursday after the International Energy Agency raised its demand forecast. \
            The IEA raised its estimate of 2005 oil demand growth by 80,000 barrels a day. \
            Traders in London said the market was nervous.
            """)
    static let second = Document(
        title: "Oil jumps on IEA forecast",
        text: """
            Oil prices surged above $47 a barrel on Thursday after the International Energy Agency raised its forecast for demand. \
            Brent crude in London gained $1.32 to $44.45, while US light crude rose $1.64 to $47.10. \
            OPEC ministers meet in Vienna on Monday to discuss output.
            """)

    @Test func doesNotRepeatTheSameFact() {
        let summary = Summarizer().summarize([Self.first, Self.second], length: .sentences(3))
        #expect(summary.sentences.count == 3)
        #expect(summary.candidates.count == 6)
        let openers = summary.sentences.filter { $0.text.contains("surged above $47") }
        #expect(openers.count == 1)
    }

    @Test func indexesRunAcrossDocumentsInOrder() {
        let summary = Summarizer().summarize([Self.first, Self.second], length: .sentences(6))
        #expect(summary.candidates.map(\.index) == Array(0..<6))
        #expect(summary.sentences.map(\.index) == summary.sentences.map(\.index).sorted())
    }

    @Test func singleDocumentArrayMatchesSingleDocument() {
        let a = Summarizer().summarize([Self.first], length: .sentences(2)).sentences.map(\.text)
        let b = Summarizer().summarize(Self.first, length: .sentences(2)).sentences.map(\.text)
        #expect(a == b)
    }

    @Test func aFactToldInOtherWordsIsNotRepeated() {
        let wire = Document(
            title: "Treaty signed",
            text: """
                Forty-one countries signed the Geneva accord on Wednesday, committing $3.8 billion over 10 years \
                to clearing orbit. The new office will sit in Vienna and certify removal missions. \
                Critics in Washington said the plan moved too slowly.
                """)
        let science = Document(
            title: "How the treaty works",
            text: """
                The accord sets aside $3.8 billion across 10 years for robotic removal craft, engineers said. \
                Its annex lists 150 priority targets between 750 and 1,000 kilometres up. \
                The first mission is planned for 2029.
                """)
        let summary = Summarizer().summarize([wire, science], length: .sentences(3))
        let stating = summary.sentences.filter { $0.text.contains("$3.8 billion") }
        #expect(stating.count == 1, "\(summary.sentences.map(\.text))")
    }
}
