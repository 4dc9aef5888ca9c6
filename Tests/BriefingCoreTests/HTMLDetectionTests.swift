import BriefingCore
import Testing

/// One "looks like HTML" for feed text and documents.
@Suite struct HTMLDetectionTests {
    @Test(
        "Feedparser's signs and the start of a page are HTML",
        arguments: [
            "a <b>bold</b> move", "line<br>break", "<br/>", "x</p>", "AT&amp;T", "&#8217;", "&#x2019;",
            "<P CLASS=x>shout", "<!DOCTYPE html><title>t</title>", "<!doctype\nHTML>", "<html lang=en>",
            "  <body>\n", "<head>", "<img src=a.png>", "<span\tclass=x>",
        ])
    func html(text: String) {
        #expect(HTMLDetection.looksLikeHTML(text))
    }

    @Test(
        "Plain text, angle brackets and ampersands in prose are not",
        arguments: [
            "", "plain words", "3 < 4 and 5 > 2", "Tom & Jerry", "a <tag> of its own", "<3 love", "<strongest>",
            "&nosemicolon here", "x &; y", "<!-- just a comment -->", "<!doctype svg>", "email <me@example.com>",
        ])
    func plain(text: String) {
        #expect(!HTMLDetection.looksLikeHTML(text))
    }

    @Test("Documents: only the first 512 bytes count")
    func documents() {
        let late = Array(String(repeating: "plain ", count: 100).utf8) + Array("<p>late</p>".utf8)
        #expect(!HTMLDetection.looksLikeHTML(document: late))
        #expect(HTMLDetection.looksLikeHTML(document: Array("<p>One.</p><p>Two.</p>".utf8)))
        #expect(HTMLDetection.looksLikeHTML(document: Array("\u{FEFF}<!DOCTYPE html>".utf8)))
    }
}
