import Foundation
import Testing

@testable import Rendering

/// The Markdown renderer's own escaping: text, the start of a paragraph, link destinations.
@Suite struct MarkdownEscapingTests {
    let renderer = MarkdownRenderer(dates: DateText(timeZone: TimeZone(secondsFromGMT: 0) ?? .current))

    @Test(arguments: [
        ("plain words", "plain words"),
        ("a\\b`c*d_e[f]g<h>i#j|k", "a\\\\b\\`c\\*d\\_e\\[f\\]g\\<h\\>i\\#j\\|k"),
        ("Field & Lab", "Field & Lab"),
        ("AT&T, a&b=c", "AT&T, a&b=c"),
        ("&amp; &lt;script&gt; &#60; &#x3C;", "\\&amp; \\&lt;script\\&gt; \\&\\#60; \\&\\#x3C;"),
        ("&; &#; &", "&; \\&\\#; &"),
        ("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>"),
    ])
    func escapesInlineSyntax(raw: String, expected: String) {
        #expect(renderer.escape(raw) == expected)
    }

    @Test(arguments: [
        ("- item", "\\- item"),
        ("+ item", "\\+ item"),
        ("= underline", "\\= underline"),
        ("---", "\\---"),
        ("~~~ fence", "\\~~~ fence"),
        ("``` fence", "\\`\\`\\` fence"),
        ("1. first", "1\\. first"),
        ("12) twelfth", "12\\) twelfth"),
        ("1234567890. too long to be a list", "1234567890. too long to be a list"),
        ("2026 was a year.", "2026 was a year."),
        ("# heading", "\\# heading"),
        ("> quote", "\\> quote"),
        ("* bullet", "\\* bullet"),
        ("Ordinary text - with a dash.", "Ordinary text - with a dash."),
    ])
    func escapesWhatWouldStartABlock(raw: String, expected: String) {
        #expect(renderer.paragraph(raw) == expected)
    }

    @Test func destinationsLoseWhatCouldEndOrChangeThem() {
        #expect(renderer.destination("https://x/a_(b)'c") == "https://x/a_%28b%29%27c")
        #expect(renderer.destination("https://x/?a=1&b=2&amp;c&#x6A;") == "https://x/?a=1&b=2%26amp;c%26#x6A;")
    }
}
