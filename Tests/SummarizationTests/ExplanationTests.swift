import Testing

@testable import Summarization

struct ExplanationTests {
    @Test func listsEverySentenceWithFeaturesAndChoice() {
        let text = """
            The central bank raised rates to 5.25% on Thursday, its 14th rise in a row. \
            Click here to follow us on Twitter. \
            Markets fell 2% after the Bank of England decision was announced in London.
            """
        let summary = Summarizer().summarize(Document(text: text), length: .sentences(1))
        let lines = summary.explanation.split(separator: "\n")
        #expect(lines.count == 6)
        #expect(lines[0].hasPrefix("* #0 score ") || lines[0].hasPrefix("  #0 score "))
        #expect(lines[0].contains("entities"))
        #expect(lines[0].contains("numbers"))
        #expect(lines[2].hasPrefix("- #1"))
        #expect(lines[2].hasSuffix("boilerplate"))
        #expect(lines[4].hasPrefix("* #2") || lines[4].hasPrefix("  #2"))
        #expect(lines.filter { $0.hasPrefix("* #") }.count == 1)
        #expect(
            lines[5] == "    Markets fell 2% after the Bank of England decision was announced in London.")
    }

    @Test func formatsNumbers() {
        #expect(Summary.format(1.23456, digits: 3) == "1.235")
        #expect(Summary.format(-0.5, digits: 2) == "-0.50")
        #expect(Summary.format(0, digits: 2) == "0.00")
        #expect(Summary.format(12.999, digits: 2) == "13.00")
    }
}
