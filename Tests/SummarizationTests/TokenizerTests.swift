import Testing

@testable import Summarization

struct TokenizerTests {
    @Test func wordsApostrophesHyphens() {
        #expect(
            Tokenizer.tokens(in: "Don't stop O'Brien's three-under-par round!")
                == ["Don't", "stop", "O'Brien's", "three-under-par", "round"])
    }

    @Test func numbersAndSymbols() {
        #expect(
            Tokenizer.tokens(in: "It cost $1,200.50, up 3.7%.") == [
                "It", "cost", "$", "1,200.50", "up", "3.7", "%",
            ])
    }

    @Test func dottedAcronyms() {
        #expect(
            Tokenizer.tokens(in: "The U.S. team left at 9 a.m. today") == [
                "The", "U.S.", "team", "left", "at", "9", "a.m.", "today",
            ])
    }

    @Test func unicodeLetters() {
        #expect(
            Tokenizer.tokens(in: "Zoë met José in Zürich — “fine”") == [
                "Zoë", "met", "José", "in", "Zürich", "fine",
            ])
        #expect(Tokenizer.tokens(in: "Spieth’s win") == ["Spieth’s", "win"])
    }

    @Test func keysIgnoreCasePossessiveAndSeparators() {
        var tokens: [Token] = []
        var scratch = StemScratch()
        let bytes = Array("Woods's WOODS woods 1,200 1200".utf8)
        bytes.withUnsafeBufferPointer {
            Tokenizer.tokenize($0, 0, $0.count, into: &tokens, scratch: &scratch)
        }
        #expect(tokens.count == 5)
        #expect(tokens[0].hash == tokens[1].hash)
        #expect(tokens[1].hash == tokens[2].hash)
        #expect(tokens[0].flags.contains(.possessive))
        #expect(tokens[3].hash == tokens[4].hash)
    }
}
