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

    /// White space as `PlainText` reads it, over scalars.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default: return false
        }
    }

    /// The words of `text` and, before each but the first, whether a paragraph break (two line
    /// feeds in the white space) separates it from the one before.
    static func words(_ text: String) -> [(word: String, paragraph: Bool)] {
        var result: [(String, Bool)] = []
        var word = String.UnicodeScalarView()
        var lineFeeds = 0
        var breakBefore = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !word.isEmpty {
                    result.append((String(word), breakBefore))
                    word = String.UnicodeScalarView()
                    lineFeeds = 0
                    breakBefore = false
                }
                if scalar == "\n" { lineFeeds += 1 }
                if lineFeeds >= 2 { breakBefore = true }
            } else {
                word.append(scalar)
                lineFeeds = 0
            }
        }
        if !word.isEmpty { result.append((String(word), breakBefore)) }
        return result
    }

    @Test("Collapsing and paragraphs give what a model over scalars gives")
    func collapsingMatchesModel() {
        var generator = EncodingTests.SplitMix(seed: 17)
        let pieces = Self.textPieces + ["\n\n", "\n \n", "\u{2028}", "\u{3000}", "\u{85}", "&amp;", "\r\n\r\n", "x"]
        for _ in 0..<20_000 {
            let text = randomText(&generator, pieces: pieces)
            let words = Self.words(text)
            let collapsed = words.map(\.word).joined(separator: " ")
            var paragraphs = ""
            for (offset, (word, paragraph)) in words.enumerated() {
                if offset > 0 { paragraphs += paragraph ? "\n\n" : " " }
                paragraphs += word
            }
            #expect(PlainText.collapse(text) == collapsed, "\(text.debugDescription)")
            #expect(PlainText.paragraphs(text) == paragraphs, "\(text.debugDescription)")
        }
    }

    @Test(
        "References and separators that the input does not have next are written as our own",
        arguments: [
            ("a &amp; b", "a & b"), ("x&amp;y&lt;z&gt;", "x&y<z>"), ("<p>one</p><p>two</p>", "one\n\ntwo"),
            ("one<br>two", "one\n\ntwo"), ("caf&eacute; &#x65E5;本", "café 日本"), ("a\u{A0}&nbsp;b", "a b"),
            ("  lead and trail  ", "lead and trail"), ("tab\there", "tab here"), ("a &amp;&amp; b", "a && b"),
            ("<p>x</p>\n\n<p>&#160;y</p>", "x\n\ny"), ("&amp;", "&"), ("", ""), ("a <b> c", "a c"),
            ("<![CDATA[ c  d ]]>e", "e"), ("1 &lt; 2", "1 < 2"), ("5&nbsp;km", "5 km"),
        ])
    func ownBytes(html: String, text: String) {
        #expect(PlainText.fromHTML(html) == text)
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

    @Test("XML name bytes: the masks hold letters, digits, \"_\", \":\", \"-\", \".\" and every non-ASCII byte")
    func xmlNameBytes() {
        for value in 0...255 {
            let byte = UInt8(value)
            let spelled =
                ByteClass.isLetter(byte) || ByteClass.isDigit(byte) || byte >= 0x80
                || "_:-.".utf8.contains(byte)
            #expect(ByteClass.isXMLNameByte(byte) == spelled, "\(value)")
        }
    }

    @Test("Packed reference names find what the names' table has, and nothing else")
    func packedReferenceNames() {
        func packed(_ name: String) -> UInt64 {
            Array(name.utf8).withUnsafeBufferPointer { CharacterEntities.packed($0, 0..<$0.count) }
        }
        #expect(CharacterEntities.html.count == 252)
        for (name, scalar) in CharacterEntities.html {
            #expect(CharacterEntities.scalar(packed: packed(name)) == scalar, "\(name)")
        }
        for name in ["AMP", "ampx", "zzzz", "thetasymx", "a", "", "apos", "Nbsp"] {
            #expect(CharacterEntities.scalar(packed: packed(name)) == nil, "\(name)")
        }
        #expect(PlainText.fromHTML("&ldquo;x&rdquo; &amp &lt;&gt &apos; &thetasym; &AMP; &nbsp") == "\u{201C}x\u{201D} & <> ' \u{03D1} &AMP;")
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
