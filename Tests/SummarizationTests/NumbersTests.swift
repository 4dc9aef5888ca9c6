import Testing

@testable import Summarization

struct NumbersTests {
    func kinds(_ text: String) -> [Numbers.Kind?] {
        Analysis(documents: [Document(text: text)]).tokens.map(Numbers.kind(of:))
    }

    @Test func digitsAmountsAndWords() {
        let k = kinds("Profit rose 3.7% to $1,200 million, three times the 2004 figure, on Friday.")
        // Profit rose 3.7 % to $ 1,200 million three times the 2004 figure on Friday
        #expect(k[2] == .digits)
        #expect(k[3] == .amount)
        #expect(k[5] == .amount)
        #expect(k[6] == .digits)
        #expect(k[7] == .amount)
        #expect(k[8] == .word)
        #expect(k[11] == .digits)
        #expect(k[14] == .date)
        #expect(k[0] == nil)
    }

    @Test func ordinalsAndLowercaseMonthsWords() {
        let k = kinds("She came first in the 5th race and may win.")
        #expect(k[2] == .ordinal)
        #expect(k[5] == .digits)
        #expect(k[8] == nil)
    }

    @Test func factKeysNormalize() {
        let a = Analysis(documents: [Document(text: "1,200 1200 three 3")])
        let keys = a.tokens.map(Numbers.factKey(of:))
        #expect(keys[0] == keys[1])
        #expect(keys[2] == keys[3])
    }
}
