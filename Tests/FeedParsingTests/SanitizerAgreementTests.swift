import Foundation
import Testing

@testable import BriefingCore
@testable import FeedParsing

/// `FeedParser.textOnly` makes an item's text from its raw HTML, with no sanitizer pass; that is
/// right only if the text of every fragment is the same sanitized or not.
@Suite("Sanitizer agreement")
struct SanitizerAgreementTests {
    static let feedsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/feeds").standardizedFileURL
    static let feedsAvailable = FileManager.default.fileExists(atPath: feedsRoot.path)

    static func text(_ html: String) -> String { PlainText.fromHTML(html) }
    static func sanitizedText(_ html: String) -> String { PlainText.fromHTML(HTMLSanitizer.sanitize(html)) }

    @Test(
        "Every feed file gives the same items with and without the sanitizer",
        .enabled(if: feedsAvailable, "../shared/feeds not found; the feed files are not compared"))
    func feedFiles() throws {
        let files = try #require(FileManager.default.enumerator(at: Self.feedsRoot, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath }
        #expect(files.count > 1_000)
        var parsed = 0
        for file in files {
            let data = try Data(contentsOf: file)
            let full = try? FeedParser().parse(data)
            let textOnly = try? FeedParser.textOnly.parse(data)
            guard var full else {
                #expect(textOnly == nil, "\(file.path)")
                continue
            }
            parsed += 1
            for index in full.items.indices {
                full.items[index].summaryHTML = nil
                full.items[index].contentHTML = nil
            }
            #expect(textOnly == full, "\(file.path)")
        }
        #expect(parsed > 900)
    }

    /// The pieces both scanners hinge on: raw text with and without its end tag, tags dropped with
    /// their content kept, comments and bogus comments, CDATA, quoted attributes with `>` inside,
    /// unsafe attributes (which make the sanitizer rebuild the tag), references, unclosed tags,
    /// stray `<` and `&`.
    static let pieces = [
        "<script>", "</script>", "<script/>", "<SCRIPT type=\"a>b\">", "</script >", "</scriptx>",
        "<style>", "</style>", "<x:script>", "</x:script>", "<template>", "</template>", "<iframe>",
        "</iframe>", "<object data=x>", "<form action=\"/a\">", "</form>", "<noscript>", "</noscript>",
        "<input>", "<meta content='>'>", "<!--", "-->", "--!>", "<!-->", "<!--->", "<!-- c -->", "<!",
        "<!x>", "<?", "<?pi?>", "<![CDATA[", "]]>", "<![CDATA[x]]>", "<p>", "</p>", "<br/>", "<img src=a>",
        "<b>", "</b>", "<a href=\"x>y\">", "<a href='javascript:x'>", "</a>", "<a onclick=\"f()\" id=k>",
        "<p style='x' title=\">\">", "<div =\"x>y\">", "<i ==\"x>y\">", "<span a=b\"c>", "<a/b='>'>",
        "=", "\"", "'", ">", "/", "<", "</", "</>", "< ", "<1", "<<", "&", "&amp", "&amp;", "am", "p;", ";",
        "&#", "&#x", "41", "&#60;", "&lt;", "&nbsp;", "#", "x", "word", "two words", " ", "  ", "\n\n", "\t",
        "é", "\u{A0}", "日本", "script", "style", "iframe", ":",
    ]

    static func fragment(_ generator: inout EncodingTests.SplitMix) -> String {
        var html = ""
        for _ in 0..<(1 + Int(generator.next() % 24)) {
            html += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        return html
    }

    @Test("Random fragments give the same text with and without the sanitizer")
    func randomFragments() {
        var generator = EncodingTests.SplitMix(seed: 20_261_203)
        var differences = 0
        for _ in 0..<50_000 {
            let html = Self.fragment(&generator)
            let plain = Self.text(html)
            let sanitized = Self.sanitizedText(html)
            if plain != sanitized {
                differences += 1
                if differences <= 20 {
                    Issue.record("\(html.debugDescription): \(plain.debugDescription) against \(sanitized.debugDescription)")
                }
            }
        }
        #expect(differences == 0)
    }

    @Test(
        "What a cut would join into markup or a reference stays text",
        arguments: [
            ("<<iframe>script>alert(1)</script>", "<script>alert(1)"),
            ("&am<iframe>p;", "&amp;"),
            ("&amp<!-- c -->;", "&;"),
            ("&#10<form>9;", "\n9;"),
            ("<<!-- c -->b>x", "<b>x"),
        ])
    func joins(html: String, text: String) {
        #expect(Self.text(html) == text)
        #expect(Self.sanitizedText(html) == text)
        #expect(!HTMLSanitizer.sanitize(html).lowercased().contains("<script"))
    }

    @Test(
        "HTML's tokenizer decides where markup ends",
        arguments: [
            // A CDATA section outside SVG and MathML is a bogus comment, to the first ">".
            ("<![CDATA[<script></script>]]&gt;", "]]>"), ("<![CDATA[a>b]]>c", "b]]>c"),
            ("a<!-->b", "ab"), ("a<!--->b", "ab"), ("a<!-- x --!>b", "ab"), ("a<!-- x -- >b-->c", "ac"),
            ("a</>b", "ab"), ("a</ x>b", "ab"), ("a</1>b", "ab"), ("1 <3 2", "1 <3 2"), ("a<?x>b", "ab"),
            ("<div =\"x>y\">", "y\">"), ("<i ==\"x>y\">z", "z"), ("<p.x=\"a>b\">c", "b\">c"),
            ("<script>a=\"</script>\"</script>b", "\"b"), ("<script>if (a<b) x=\"</script>\";</script>b", "\";b"),
        ])
    func tokenizer(html: String, text: String) {
        #expect(Self.text(html) == text)
        #expect(Self.sanitizedText(html) == text)
    }

    @Test(
        "Script and style content never reaches the text",
        arguments: [
            "<script>secret</script>", "<script/>secret</script>", "<SCRIPT type=\"a>b\">secret</Script >",
            "<style>secret", "<x:script>secret</x:script>", "<template><script></template>secret</script></template>",
            "<script>secret</scriptx></script>", "<p>a</p><style media='x'>secret</style/>",
        ])
    func scriptsStayOut(html: String) {
        #expect(!Self.text(html).contains("secret"), "\(html)")
        #expect(!Self.sanitizedText(html).contains("secret"), "\(html)")
        #expect(!HTMLSanitizer.sanitize(html).contains("secret"), "\(html)")
    }
}
