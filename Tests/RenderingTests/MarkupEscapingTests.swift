import BriefingCore
import Testing

@testable import Rendering

/// HTML escaping goes by scalar: a `<` or `"` carrying a combining mark is escaped too.
@Suite struct MarkupEscapingTests {
    @Test func aMarkupCharacterWithACombiningMarkIsEscaped() {
        #expect(
            MarkupEscaping.escape("a <\u{338}b \"\u{301}c &\u{301}") == "a &lt;\u{338}b &quot;\u{301}c &amp;\u{301}")
        #expect(MarkupEscaping.escape("plain é") == "plain é")
        #expect(MarkupEscaping.escape("x\u{1}\u{FFFE}\ty") == "x\u{FFFD}\u{FFFD}\ty")
        var briefing = BriefingRendererTests.briefing
        briefing.title = "Morning <\u{338}b>\"\u{301}"
        briefing.sections[0].entries[0].summary = ["Prices <\u{301}script> rose."]
        let html = BriefingRenderer(format: .html).render(briefing)
        // No raw "<" starts anything but our own tags (ASCII letters, "/" or "!" follow it).
        let scalars = Array(html.unicodeScalars)
        for (index, scalar) in scalars.enumerated() where scalar == "<" {
            let next = scalars[index + 1]
            #expect(
                next == "/" || next == "!" || ("a"..."z").contains(next),
                "raw < before U+\(String(next.value, radix: 16))")
        }
        #expect(html.contains("Morning &lt;\u{338}b&gt;&quot;\u{301}"))
    }

    /// The byte-level escaping agrees with the rule stated scalar by scalar, on generated text
    /// mixing markup characters, controls, U+FFFE/U+FFFF, their neighbours U+FFFD and U+FEFF,
    /// combining marks and non-ASCII letters.
    @Test func theByteLevelEscapingAgreesWithTheScalarRule() {
        func reference(_ text: String) -> String {
            var result = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "&": result += "&amp;"
                case "<": result += "&lt;"
                case ">": result += "&gt;"
                case "\"": result += "&quot;"
                case "'": result += "&#39;"
                default:
                    switch scalar.value {
                    case 0x09, 0x0A, 0x0D: result.unicodeScalars.append(scalar)
                    case 0..<0x20, 0xFFFE, 0xFFFF: result += "\u{FFFD}"
                    default: result.unicodeScalars.append(scalar)
                    }
                }
            }
            return result
        }
        let pieces: [String] = [
            "a", "<", ">", "&", "\"", "'", "\u{1}", "\t", "\n", "\r", "\u{1F}", "\u{FFFE}", "\u{FFFF}",
            "\u{FFFD}", "\u{FEFF}", "\u{EFBF}", "\u{301}", "é", "中", "😀", " ",
        ]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<3000 {
            var text = ""
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for step in 0..<Int(seed >> 60) + 1 {
                text += pieces[Int((seed >> UInt64(step % 50)) % UInt64(pieces.count))]
            }
            #expect(MarkupEscaping.escape(text) == reference(text), "\(text.unicodeScalars.map(\.value))")
        }
    }
}
