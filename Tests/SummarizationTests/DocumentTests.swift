import Testing

@testable import Summarization

struct DocumentTests {
    @Test func shortFirstLineBeforeBlankLineIsTitle() {
        let d = Document(plainText: "Oil prices surge\n\nCrude rose on Thursday. Traders cheered.")
        #expect(d.title == "Oil prices surge")
        #expect(d.text == "Crude rose on Thursday. Traders cheered.")
    }

    @Test func firstLineWithFullStopIsNotTitle() {
        let text = "Crude rose on Thursday.\n\nTraders cheered."
        #expect(Document(plainText: text).title == nil)
        #expect(Document(plainText: text).text == text)
    }

    @Test func longFirstLineIsNotTitle() {
        let text = String(repeating: "word ", count: 30) + "\n\nBody text."
        #expect(Document(plainText: text).title == nil)
    }

    @Test func firstLineWithoutBlankLineIsNotTitle() {
        #expect(Document(plainText: "Heading\nBody text here.").title == nil)
    }
}
