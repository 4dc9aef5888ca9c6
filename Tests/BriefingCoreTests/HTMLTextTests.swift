import Testing

@testable import BriefingCore

@Suite struct HTMLTextTests {
    @Test(arguments: [
        ("<p>One.</p><p>Two &amp; three.</p>", "One.\n\nTwo & three."),
        ("<p>Hello <b>big</b>   world</p>", "Hello big world"),
        ("Line one<br>Line two", "Line one\n\nLine two"),
        ("<p>Keep</p><script>var x = '<p>no</p>';</script><style>p{}</style><p>this</p>", "Keep\n\nthis"),
        ("<!-- hidden <p>x</p> --><p>shown</p>", "shown"),
        ("<p>caf&eacute; &#233; &#xE9; &nbsp;&mdash; 5&lt;6</p>", "café é é — 5<6"),
        ("<a href=\"x>y\">link</a> text", "link text"),
        ("<ul><li>a</li><li>b</li></ul>", "a\n\nb"),
        ("plain text, no tags", "plain text, no tags"),
        ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
        ("<p><![CDATA[x &amp; y]]></p>", "x &amp; y"),
        ("<P CLASS=x>Upper</P><DIV>case</DIV>", "Upper\n\ncase"),
        ("", ""),
    ])
    func htmlBecomesParagraphs(html: String, expected: String) {
        #expect(HTMLText.plainText(fromHTML: html) == expected)
    }

    @Test func unclosedConstructsNeverHang() {
        #expect(HTMLText.plainText(fromHTML: "<p>text <!-- never closed") == "text")
        #expect(HTMLText.plainText(fromHTML: "<script>never closed") == "")
        #expect(HTMLText.plainText(fromHTML: "<a href=\"never closed") == "")
    }
}

@Suite struct HTMLEntitiesTests {
    @Test(arguments: [
        ("&amp;&lt;&gt;&quot;&apos;", "&<>\"'"),
        ("&eacute;t&eacute;", "été"),
        ("&#8364; &#x20AC; &euro;", "€ € €"),
        ("&#150;", "\u{2013}"),
        ("&#0; &#xFFFFFFFF;", "\u{FFFD} \u{FFFD}"),
        ("&unknown; & alone &amp", "&unknown; & alone &"),
        ("AT&T", "AT&T"),
    ])
    func decodes(input: String, expected: String) {
        #expect(HTMLEntities.decode(input) == expected)
    }
}
