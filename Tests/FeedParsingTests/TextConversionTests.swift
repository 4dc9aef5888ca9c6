import Foundation
import Testing

@testable import FeedParsing

/// The fast paths of the HTML-to-text conversion and the sanitizer give what the plain paths give.
@Suite("Text conversion")
struct TextConversionTests {
    /// Random text of words, single and double spaces, line breaks, tabs, no-break spaces and
    /// non-ASCII letters, so that runs of every length meet the 8-byte blocks at every offset.
    func randomText(_ generator: inout EncodingTests.SplitMix, pieces: [String]) -> String {
        var text = ""
        for _ in 0..<Int(generator.next() % 40) {
            text += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        return text
    }

    static let textPieces = [
        "a", "bc", "defghij", "klmnopqrstu", ".", ",", " ", " ", " ", "  ", "\n", "\t", "\u{A0}", "é",
        "\u{2009}", "日本", "\u{7F}",
    ]

    @Test("Text without markup converts as byte-at-a-time collapsing does")
    func wordRunsMatchCollapsing() {
        var generator = EncodingTests.SplitMix(seed: 20_261_202)
        for _ in 0..<20_000 {
            let text = randomText(&generator, pieces: Self.textPieces)
            #expect(PlainText.fromHTML(text) == PlainText.collapse(text), "\(Array(text.utf8))")
        }
    }

    @Test("Inline tags between word runs join them as if absent")
    func inlineTagsJoin() {
        var generator = EncodingTests.SplitMix(seed: 7)
        let pieces = Self.textPieces + ["<b>", "</b>", "<span class=\"x\">", "</span>"]
        for _ in 0..<20_000 {
            let text = randomText(&generator, pieces: pieces)
            var bare = text
            for tag in ["<b>", "</b>", "<span class=\"x\">", "</span>"] {
                bare = bare.replacingOccurrences(of: tag, with: "")
            }
            #expect(PlainText.fromHTML(text) == PlainText.collapse(bare), "\(text.debugDescription)")
        }
    }

    @Test("A space before a block tag, at the end of an 8-byte block, is not kept")
    func spaceBeforeBlock() {
        #expect(PlainText.fromHTML("abcdefgh <p>next") == "abcdefgh\n\nnext")
        #expect(PlainText.fromHTML("abcdefg <p>next") == "abcdefg\n\nnext")
        #expect(PlainText.fromHTML("abcdefghijklmnop  q") == "abcdefghijklmnop q")
        #expect(PlainText.fromHTML("abcdefghijklmno ") == "abcdefghijklmno")
    }

    @Test("Tag names are matched case-insensitively, by local name, and long names match nothing")
    func tagNames() {
        #expect(PlainText.fromHTML("a<P>b<BR/>c<x:div>d") == "a\n\nb\n\nc\n\nd")
        #expect(PlainText.fromHTML("a<SCRIPT>x</Script>b<paragraphwithaverylongname>c") == "abc")
        #expect(TagName("on").hasPrefix(TagName("on")))
        #expect(!TagName("o").hasPrefix(TagName("on")))
        let long = Array("onverylongattributename".utf8)
        let packed = long.withUnsafeBufferPointer { TagName($0, 0..<$0.count) }
        #expect(packed.hasPrefix(TagName("on")))
        #expect(!TagNameSet(["onverylongattr"]).contains(packed))
    }

    @Test("URL schemes: read from the bytes before a reference, decoded after one")
    func urlSchemes() {
        func kept(_ href: String) -> Bool {
            HTMLSanitizer.sanitize("<a href=\"\(href)\">x</a>").contains("href")
        }
        #expect(kept("https://ok.example/?a=1&amp;b=2"))
        #expect(kept("/path?a&amp;b:c"))
        #expect(kept("database.html"))
        #expect(kept("data/report.pdf"))
        #expect(!kept("javascript:alert(1)&amp;x"))
        #expect(!kept("JavaScript:alert(1)"))
        #expect(!kept("vbscript:x"))
        #expect(!kept("DATA:text/html,x"))
        #expect(!kept("jav&#x61;script:x"))
        #expect(!kept("data&#58;text/html,x"))
        #expect(!kept("java&Tab;script&colon;x"))
        #expect(HTMLSanitizer.sanitize("<p ONCLICK=\"x\" One=\"1\" onverylongattributename=\"y\" id=\"k\">t</p>")
            == "<p id=\"k\">t</p>")
    }
}
