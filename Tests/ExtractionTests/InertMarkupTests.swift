import Foundation
import Testing

@testable import Extraction

/// Cutting script and style bodies and unread attributes out before libxml2 parses must not
/// change the tree: checked
/// against libxml2 itself (the same page parsed whole), over awkward markup and the dev corpus.
@Suite struct InertMarkupTests {
    private static func parse(_ html: String, cutting: Bool) -> NodeTree? {
        var html = html
        return html.withUTF8 { NodeTree.parse($0, cuttingInertMarkup: cutting) }
    }

    private static func cut(_ html: String) -> String? {
        var html = html
        return html.withUTF8 { InertMarkup.cut($0) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// Where two trees differ, or `nil` when they are the same node for node.
    static func difference(_ lhs: NodeTree, _ rhs: NodeTree) -> String? {
        guard lhs.count == rhs.count else { return "\(lhs.count) nodes against \(rhs.count)" }
        for index in 0..<lhs.count {
            let (a, b) = (lhs[index], rhs[index])
            let same =
                a.tag == b.tag && a.parent == b.parent && a.firstChild == b.firstChild && a.lastChild == b.lastChild
                && a.nextSibling == b.nextSibling && a.textStart == b.textStart && a.textCount == b.textCount
                && a.attributeStart == b.attributeStart && a.attributeCount == b.attributeCount
            if !same { return "node \(index): \(a) against \(b)" }
        }
        if lhs.textBytes != rhs.textBytes { return "text differs" }
        if lhs.attributeNames != rhs.attributeNames || lhs.attributeValues != rhs.attributeValues {
            return "attributes differ"
        }
        if lhs.jsonLD != rhs.jsonLD { return "JSON-LD differs" }
        return nil
    }

    static let awkward = [
        "<!-- <script> --> <p>a</p><script>x</script><p>b</p>",
        "<div title=\"<script>\">t</div><script>if (a<b) {}</script><p>after</p>",
        "<script/><p>self-closed</p><script>y</script><p>z</p>",
        "<script>a</scripts>still script</script><p>x</p>",
        "<script><noscript><p>n</p></noscript></script><p>z</p>",
        "<script><div>template</div></script><p>z</p>",
        "<script></div><p>end tag first</p></script><p>z</p>",
        "<style><body><p>s</p></style><p>t</p>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x>y\"><script>q</script><p>p</p>",
        "<!DOCTYPE html><script>q</script><p>p</p>",
        "<!DOCTYPE html></p><script>u</script><p>v</p>",
        "<p>one</p><!-- unterminated <script>x</script><p>never</p>",
        "<p>a<!--->b--><script>c</script>d<!--x--!><script>e</script>f</p>",
        "<script type=\"application/ld+json\">{\"headline\":\"H\"}</script><p>body</p>",
        "<script type='application/LD+JSON'>{\"headline\":\"H\"}</script><script>var a;</script><p>b</p>",
        "<p>x</p><script>var s = \"</div>\"; </SCRIPT ><p>y</p>",
        "<script>a</script foo=\"<script>\">b<script>c</script><p>d</p>",
        "<div <script>inside</script></div><p>k</p>",
        "<a href=x/>t</a><script>z</script><p>w</p>",
        "<?php echo \"<script>\"; ?><script>w</script><p>v</p>",
        "<?_x <script>?><script>w</script><p>v</p>",
        "<p>open</p><script>to the end",
        "<SCRIPT>x</Script><STYLE>y</style><p>case</p>",
        "<p>1 < 2 <script>s</script> 3 <! x> <script>t</script></p>",
        "<p>&lt;script&gt;</p><script>s</script><p>&amp;</p>",
        "<textarea><script>t</script></textarea><title><script>u</script>Title</title><p>q</p>",
        "<div a \"b>c\" >x</div><script>s</script><p>r</p>",
        "<div a=\"unterminated><script>s</script><p>r</p>",
        "<script src=\"a.js\"></script><script >s</script  ><p>k</p>",
        "<style>a</style<p>q</p><style>b</style>",
        "<svg><style>.a{}</style><text>t</text></svg><p>after svg</p>",
        "<p>before</p><script>\u{00e9}\u{4e2d}</script><p>apr\u{00e8}s</p>",
        "<head><script>a</script></head><body><script>b</script><p>c</p></body><script>d</script>",
        "<scriptx>not a script</scriptx><script:a>b</script:a><script.b>c</script.b><p>e</p>",
        "<div data-x=\"1\"class=\"a\" onclick='f()' hidden data-y=2>t</div><p CLASS=b Data-Z=3/>u</p>",
        "<img src=a.jpg srcset=\"a 1x, b 2x\" alt=x/><a href=/x rel=author title=\"A > B\">n</a>",
        "<div x = \"1\" id = main y=>k</div><br z=1/><p>after</p><div lonely>l</div>",
        "<meta charset=utf-8 data-a=1><meta property=og:title content=T data-b=2><p>m</p>",
        "<div \(String(repeating: "x", count: 100))class=long>t</div><p class=ok>u</p>",
        "<div class=a class=b data-q=1 id=c id=d>dup</div>",
        "<p style=\"display:none\" aria-hidden=true itemprop=author itemtype=x datetime=d lang=en>v</p>",
        "<div data-x=\"unterminated>t</div>",
        "<p>a<!-- note --->b<!-- x --!>c<!---->d<!-->e-->f<!--->g-->h</p>",
        "<p>a<!--[if IE]><p>old</p><![endif]-->b</p><!-- <div class=x> -->",
    ]

    @Test(arguments: awkward)
    func awkwardMarkupGivesTheSameTree(_ html: String) throws {
        let whole = try #require(Self.parse(html, cutting: false))
        let cut = try #require(Self.parse(html, cutting: true))
        #expect(Self.difference(whole, cut) == nil, "\(html)")
    }

    @Test func bodiesAndUnreadAttributesAreCutAndTheRestKept() {
        #expect(
            Self.cut("<p>a</p><script src=x>var a = '<b>';</script><style>p{}</style><p>b</p>")
                == "<p>a</p><script ></script><style></style><p>b</p>")
        #expect(
            Self.cut("<script type=application/ld+json>{}</script><script>a</script>")
                == "<script type=application/ld+json>{}</script><script></script>")
        #expect(
            Self.cut("<div data-x=\"1\" class=a onclick='f(\">\")' hidden>t</div><meta charset=x data-y=1>")
                == "<div  class=a  hidden>t</div><meta charset=x data-y=1>")
        #expect(Self.cut("<p>a<!-- note --->b<!-- x --!>c</p>") == "<p>a<!---->b<!----!>c</p>")
        // Nothing to cut, and pages with NUL bytes are left alone.
        #expect(Self.cut("<p class=a>no scripts</p>") == nil)
        #expect(Self.cut("<script>a</script>\u{0}") == nil)
    }

    @Test func cuttingStopsWhereLibxml2WouldDoSomethingElse() {
        // `</scripts` does not end the script; libxml2 reads on, so the rest is kept as it is.
        #expect(
            Self.cut("<script>a</script><script>b</scripts>c</script><script>d</script>")
                == "<script></script><script>b</scripts>c</script><script>d</script>")
        #expect(Self.cut("<script><noscript>x</noscript></script><script>d</script>") == nil)
        #expect(Self.cut("<!-- <script>x</script>") == nil)
    }

    /// Markup pieces that the scanner's rules hinge on, for random pages.
    static let pieces = [
        "<script>", "<script type=x>", "</script>", "</script", "</scripts>", "<style>", "</style>", "<noscript>",
        "<!--", "-->", "--!>", "-", "<!DOCTYPE x>", "<!doctype \"a>\">", "<?x a?>", "<?", "<div", "<p", "<a",
        " class=a", " id='b'", " data-x=\"", " onclick=f()", " href=/x", "=", "\"", "'", ">", "/>", "/", "<", "</",
        "</div>", "</p>", "text", " ", "\n", "&amp;", "&#60;", "<body>", "<meta charset=x data-y=1>",
        "<br>", "<!", "ld+json", "<svg>", "</svg>", "<title>", "<SCRIPT>", "</SCRIPT >", "<script/>", "<scriptx>",
        "<Style media=x>", "</style x>", " data-a", " x=", "\t", "\r", "<html lang=en>", "<head>", "</head>",
    ]

    @Test func randomMarkupGivesTheSameTree() throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            // SplitMix64 (Steele, Lea and Flood 2014): deterministic, so a failure replays.
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int(truncatingIfNeeded: (z ^ (z >> 31)) >> 1)
        }
        var cutPages = 0
        for _ in 0..<5000 {
            let html = (0..<(5 + next() % 40)).map { _ in Self.pieces[next() % Self.pieces.count] }.joined()
            guard let whole = Self.parse(html, cutting: false) else { continue }
            let cut = try #require(Self.parse(html, cutting: true))
            #expect(Self.difference(whole, cut) == nil, "\(html)")
            if Self.cut(html) != nil { cutPages += 1 }
        }
        #expect(cutPages > 500)
    }

    @Test(.enabled(if: QualityGateTests.corpusPresent, "shared/extract/dev.jsonl not found: skipped"))
    func devCorpusGivesTheSameTrees() throws {
        let corpus = try ExtractionCorpus(jsonl: QualityGateTests.corpusFile)
        var cutPages = 0
        for page in corpus.pages {
            let html = CharsetDecoding.decode(page.html, contentType: nil)
            let whole = try #require(Self.parse(html, cutting: false))
            let cut = try #require(Self.parse(html, cutting: true))
            #expect(Self.difference(whole, cut) == nil, "\(page.id)")
            if Self.cut(html) != nil { cutPages += 1 }
        }
        // Almost every page has scripts, styles or unread attributes to cut.
        #expect(cutPages * 10 > corpus.pages.count * 9)
    }
}
