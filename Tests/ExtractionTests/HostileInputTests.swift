import Foundation
import Testing

@testable import Extraction

/// Inputs meant to hurt: each must end quickly with a clear result or a clear error.
@Suite struct HostileInputTests {
    @Test func fiftyMegabytePageIsRefusedBeforeParsing() throws {
        let paragraph = Data("<p>Filler paragraph, repeated to make a page far larger than any article.</p>\n".utf8)
        var data = Data(capacity: 50 << 20)
        while data.count < 50 << 20 { data.append(paragraph) }
        let start = ContinuousClock.now
        #expect {
            try ArticleExtractor().extract(data: data, contentType: "text/html", url: nil)
        } throws: { error in
            (error as? ExtractionError)?.reason == .inputTooLarge
        }
        let html = String(decoding: data, as: UTF8.self)
        #expect(throws: ExtractionError.tooLarge(data.count, limit: ArticleExtractor().maximumInputBytes)) {
            try ArticleExtractor().extract(html: html)
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    /// A control character is dropped from the text, so `<`, U+0007, `p>` reads `<p>`: text, as a
    /// browser shows it, not a tag (so FuzzArticleExtractor's no-tag invariant skips pages with
    /// control characters).
    @Test func aControlCharacterAfterALessThanSignLeavesText() throws {
        let html = """
            <html><body><article><h1>Harbour</h1>
            <p>The harbour of the old town reopened to ferries, fishing boats and yachts this week.</p>
            <p>The harbour reopened <\u{07}p>on Monday, after a winter of repairs to its two piers.</p>
            </article></body></html>
            """
        let article = try ArticleExtractor().extract(data: Data(html.utf8), contentType: "text/html", url: nil)
        #expect(article.text.contains("The harbour reopened <p>on Monday"))
        #expect(!article.text.unicodeScalars.contains { $0.value == 7 })
    }

    @Test func largePageWithinTheLimitIsExtracted() throws {
        var html = "<html><body><nav><a href='/'>Home</a></nav><article>"
        let paragraph = "<p>A long report, in many paragraphs, each with commas, clauses, and a full stop.</p>\n"
        html += String(repeating: paragraph, count: 4 << 20 / paragraph.utf8.count)
        html += "</article></body></html>"
        let article = try ArticleExtractor().extract(html: html)
        #expect(article.paragraphs.count > 40_000)
        #expect(!article.text.contains("Home"))
    }

    @Test func hundredThousandNestedDivsFromMarkup() throws {
        let story = "<p>The story before the nesting, told in a sentence with commas, clauses, and detail.</p>"
        let html =
            "<html><body>\(story)" + String(repeating: "<div>", count: 100_000) + "<p>deep</p>"
            + String(repeating: "</div>", count: 100_000) + "</body></html>"
        // libxml2 stops descending at its depth limit; what was parsed before it is still extracted.
        let article = try ArticleExtractor().extract(html: html)
        #expect(article.text.hasPrefix("The story before the nesting"))
    }

    @Test func hundredThousandNestedElementsInTheTree() throws {
        // Built directly, past the parser's depth limit, so that every walk of ours meets the full
        // depth: none may recurse.
        var builder = NodeTree.Builder()
        for tag in [Tag.html, .body] + Array(repeating: .div, count: 100_000) + [.p] {
            builder.beginElement(tag)
            builder.endStartTag()
        }
        let text = "At the very bottom, a paragraph with commas, clauses, and a full stop."
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { builder.addText(UnsafeBufferPointer($0)) }
        let tree = builder.finish()
        #expect(tree.count > 100_000)
        let article = try ArticleExtractor().extract(tree: tree, url: nil)
        #expect(article.text == text)
    }

    @Test func binaryGarbageIsNotHTML() {
        var generator = SeededGenerator(seed: 42)
        let data = Data((0..<1_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) })
        let start = ContinuousClock.now
        #expect {
            try ArticleExtractor().extract(data: data, contentType: nil, url: nil)
        } throws: { error in
            (error as? ExtractionError)?.reason == .notHTML
        }
        #expect(ContinuousClock.now - start < .seconds(5))
    }

    @Test func pagesWithoutAnArticle() {
        let pages = [
            "",
            "   \n\t ",
            "<html><body></body></html>",
            "<html><body><nav><a href='/'>Home</a> <a href='/about'>About</a></nav></body></html>",
            "<html><head><script>var a = '<p>' + 'x'.repeat(100) + '</p>';</script></head><body></body></html>",
        ]
        for page in pages {
            #expect(throws: ExtractionError.noArticle, "\(page)") { try ArticleExtractor().extract(html: page) }
        }
    }

    @Test func unclosedAndMisnestedMarkupStillParses() throws {
        let html =
            "<html><body><article><p>First paragraph, unclosed, with commas, clauses, and words<p>Second <b>bold <i>mixed</b> up</i> paragraph, also unclosed, with commas, and words"
        let article = try ArticleExtractor().extract(html: html)
        #expect(article.paragraphs.count == 2)
    }
}

/// A small deterministic random number generator (SplitMix64) for generated test inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
