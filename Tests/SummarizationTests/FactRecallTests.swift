import Testing

@testable import Summarization

struct FactRecallTests {
    @Test func countsNumbersAndEntitiesStated() {
        let reference = "Tiger Woods shot a 69 at Augusta.\nHe is 12 strokes behind Jordan Spieth."
        let summary = "Woods carded a three-under-par 69 on Friday. Spieth leads."
        let r = FactRecall.measure(reference: reference, summary: summary)
        #expect(r.numbers.total == 2)  // 69, 12
        #expect(r.numbers.stated == 1)
        #expect(r.entities.total == 3)  // Tiger Woods, Augusta, Jordan Spieth
        #expect(r.entities.stated == 2)
    }

    @Test func numberWordsMatchDigits() {
        let r = FactRecall.measure(
            reference: "Three people died and 1,200 fled.", summary: "3 died; 1200 fled.")
        #expect(r.numbers.recall == 1)
    }

    @Test func lowercaseReferenceHasNoEntities() {
        let r = FactRecall.measure(
            reference: "a union has welcomed reassurances from bernard matthews .",
            summary: "Bernard Matthews")
        #expect(r.entities.recall == nil)
    }
}

struct TreebankBracketTests {
    @Test func bracketTokensAreNotEntities() {
        let r = FactRecall.measure(
            reference: "pledged $ 1bn -LRB- # 659m -RRB- for openai .", summary: "They pledged $1bn.")
        #expect(r.entities.recall == nil)
        #expect(r.numbers.stated == 1)
    }
}
