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
}
