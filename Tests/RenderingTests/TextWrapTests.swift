import TestSupport
import Testing

@testable import Rendering

/// `TextWrap` works on UTF-8 bytes; it must wrap exactly as the rule stated on characters:
/// words from `split(separator: " ")`, lengths in Unicode scalars.
@Suite struct TextWrapTests {
    /// The rule, written on `String` as `TextWrap` was before it went to bytes.
    static func reference(_ text: String, width: Int, firstIndent: String, indent: String) -> [String] {
        var lines: [String] = []
        var current = firstIndent
        var length = firstIndent.unicodeScalars.count
        var currentHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordLength = word.unicodeScalars.count
            if currentHasWord && length + 1 + wordLength > width {
                lines.append(current)
                current = indent + word
                length = indent.unicodeScalars.count + wordLength
            } else {
                current += (currentHasWord ? " " : "") + word
                length += (currentHasWord ? 1 : 0) + wordLength
            }
            currentHasWord = true
        }
        if currentHasWord { lines.append(current) }
        return lines
    }

    /// Spaces beside what can join them into one character: combining marks (U+0301, the
    /// spacing mark U+0903), a prepended concatenation mark (U+0600), ZWJ, emoji, regional
    /// indicators, Indic conjuncts, CR LF; and plain and non-ASCII words, long ones included.
    static let pieces = [
        " ", " ", " ", "  ", "a", "word", "é", "·", "—", "\u{301}", "\u{903}", "\u{600}", "\u{200D}", "👍",
        "👍🏽", "\u{1F1F3}", "\u{1F1F4}", "\u{915}\u{94D}", "\u{915}", "\r", "\n", "\t", "x\u{301}",
        "https://example.com/a/very/long/path/that/does/not/fit", "日本語", "\u{FEFF}",
    ]

    @Test func theByteLevelWrapAgreesWithTheCharacterRuleOnGeneratedText() {
        var random = SplitMix(seed: 0x5EED)
        func next() -> Int { random.next() }
        for _ in 0..<3_000 {
            let text = (0..<(next() % 40)).map { _ in Self.pieces[next() % Self.pieces.count] }.joined()
            let width = [1, 8, 20, 40, 72][next() % 5]
            let (first, indent) = [("", ""), ("  ", "  "), ("    ", "      "), ("é ", "\u{301}")][next() % 4]
            let wrapped = TextWrap.wrap(text, width: width, firstIndent: first, indent: indent)
            #expect(
                wrapped == Self.reference(text, width: width, firstIndent: first, indent: indent),
                "\(text.debugDescription)")
        }
        // Spaces that join a neighbour do not split.
        #expect(TextWrap.wrap("a \u{301}b c", width: 1, indent: "") == ["a \u{301}b", "c"])
        #expect(TextWrap.wrap("\u{600} b c", width: 1, indent: "") == ["\u{600} b", "c"])
        #expect(TextWrap.wrap("a · b", width: 3, indent: "") == ["a ·", "b"])
    }
}
