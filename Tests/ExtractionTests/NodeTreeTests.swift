import Testing

@testable import Extraction

/// The tree built from libxml2's streaming parser: what it keeps, what it leaves out, and how it
/// joins text.
@Suite struct NodeTreeTests {
    private func tree(_ html: String) throws -> NodeTree {
        var html = html
        return try #require(html.withUTF8 { NodeTree.parse($0) })
    }

    private func texts(_ tree: NodeTree) -> [String] {
        (0..<tree.count).filter { tree[$0].tag == .text }.map { tree.text($0) }
    }

    @Test func textAcrossCharacterReferencesIsOneNodeAndCommentsSplitIt() throws {
        let tree = try tree("<html><body><p>Fish &amp; chips &#8212; &pound;5<!-- note -->, today</p></body></html>")
        #expect(texts(tree) == ["Fish & chips — £5", ", today"])
        let first = try #require((0..<tree.count).first { tree[$0].tag == .text })
        #expect(tree.textStatistics[first].length == "Fish & chips — £5".unicodeScalars.count)
        #expect(tree.textStatistics[first + 1].commas == 1)
    }

    @Test func scriptsAndSkippedElementsAreLeftOutAndLinkedDataIsKept() throws {
        let tree = try tree(
            """
            <html><head><script type="application/ld+json">{"headline": "A &amp; B"}</script>
            <script>var p = "<p>not text</p>";</script><style>p { color: red }</style></head>
            <body><p>Kept</p><noscript><p>Never</p></noscript><svg><text>Drawn</text></svg></body></html>
            """)
        #expect(tree.jsonLD == [#"{"headline": "A &amp; B"}"#])
        #expect(!(0..<tree.count).contains { [.script, .style, .noscript, .svg].contains(tree[$0].tag) })
        #expect(
            texts(tree).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty } == ["Kept"])
    }

    @Test func impliedAndUnclosedElementsNestAsTheParserCloses() throws {
        let tree = try tree("<title>T</title><p class='lead story' id=main>One<p>Two<div>Three")
        let tags = (0..<tree.count).map { tree[$0].tag }
        #expect(tags == [.html, .head, .title, .text, .body, .p, .text, .p, .text, .div, .text])
        let paragraphs = (0..<tree.count).filter { tree[$0].tag == .p }
        #expect(tree[paragraphs[1]].parent == tree[paragraphs[0]].parent)
        #expect(tree.attribute(.class, of: paragraphs[0]) == "lead story")
        #expect(tree.attribute(.id, of: paragraphs[0]) == "main")
        #expect(tree.attribute(.class, of: paragraphs[1]) == nil)
    }

    @Test func classAndIDHintsAreTakenFromBothAttributes() throws {
        let tree = try tree(
            "<body><div class='sidebar'>a</div><div id='comments'>b</div><div class='article-body'>c</div>")
        let divs = (0..<tree.count).filter { tree[$0].tag == .div }
        #expect(tree.hints[divs[0]].isUnlikelyCandidate)
        #expect(tree.hints[divs[1]].isUnlikelyCandidate)
        #expect(tree.hints[divs[2]].weight > 0)
    }

    @Test func maybeAndCommentTokensMustBeWholeTokens() throws {
        let tree = try tree(
            """
            <body><p class='brand' id='breadcrumbs'>a</p><dt class='subheaders' id='node-and-machine'>b</dt>
            <div id='comments' class='comments-area'>c</div><div class='has-comments'>d</div><div class='commentary'>e</div>
            """)
        let elements = (0..<tree.count).filter { [.p, .dt, .div].contains(tree[$0].tag) }
        #expect(tree.hints[elements[0]].isUnlikelyCandidate)
        #expect(!tree.hints[elements[1]].isUnlikelyCandidate)
        #expect(elements[2...].map { tree.hints[$0].isComments } == [true, false, false])
    }
}
