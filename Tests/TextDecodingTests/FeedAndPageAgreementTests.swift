import BriefingCore
import Extraction
import FeedParsing
import Foundation
import Testing

/// One label, one set of bytes, one text: the feed path (`FeedParser`, the label in the XML
/// declaration or the HTTP `Content-Type`) and the page path (`ArticleExtractor`, the label in
/// `<meta charset>` or the HTTP `Content-Type`) must read the same characters.
@Suite struct FeedAndPageAgreementTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var label: String
        var text: String
        var bytes: [UInt8]
        init(_ label: String, _ text: String, _ bytes: [UInt8]) {
            self.label = label
            self.text = text
            self.bytes = bytes
        }
        var testDescription: String { label }
    }

    /// Sample text in each encoding (bytes written out, so the test needs no encoder).
    static let rows: [Row] = [
        Row(
            "l9", "Prix 5 € pour une œuvre",
            [
                0x50, 0x72, 0x69, 0x78, 0x20, 0x35, 0x20, 0xA4, 0x20, 0x70, 0x6F, 0x75, 0x72, 0x20, 0x75, 0x6E, 0x65,
                0x20,
                0xBD, 0x75, 0x76, 0x72, 0x65,
            ]),
        Row(
            "latin9", "Prix 5 € pour une œuvre",
            [
                0x50, 0x72, 0x69, 0x78, 0x20, 0x35, 0x20, 0xA4, 0x20, 0x70, 0x6F, 0x75, 0x72, 0x20, 0x75, 0x6E, 0x65,
                0x20,
                0xBD, 0x75, 0x76, 0x72, 0x65,
            ]),
        Row(
            "iso-8859-15", "Prix 5 € pour une œuvre",
            [
                0x50, 0x72, 0x69, 0x78, 0x20, 0x35, 0x20, 0xA4, 0x20, 0x70, 0x6F, 0x75, 0x72, 0x20, 0x75, 0x6E, 0x65,
                0x20,
                0xBD, 0x75, 0x76, 0x72, 0x65,
            ]),
        Row("latin1", "“café” – 5 €", [0x93, 0x63, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
        Row("iso-8859-1", "“café” – 5 €", [0x93, 0x63, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
        Row("us-ascii", "“café” – 5 €", [0x93, 0x63, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
        Row("windows-1252", "“café” – 5 €", [0x93, 0x63, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
        Row("cp1252", "“café” – 5 €", [0x93, 0x63, 0x61, 0x66, 0xE9, 0x94, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80]),
        Row("koi8-r", "Привет, мир", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4, 0x2C, 0x20, 0xCD, 0xC9, 0xD2]),
        Row("windows-1251", "Привет, мир", [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2, 0x2C, 0x20, 0xEC, 0xE8, 0xF0]),
        Row(
            "shift_jis", "日本語のニュース",
            [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x82, 0xCC, 0x83, 0x6A, 0x83, 0x85, 0x81, 0x5B, 0x83, 0x58]),
        Row(
            "sjis", "日本語のニュース",
            [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA, 0x82, 0xCC, 0x83, 0x6A, 0x83, 0x85, 0x81, 0x5B, 0x83, 0x58]),
        Row(
            "euc-jp", "日本語のニュース",
            [0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC, 0xA4, 0xCE, 0xA5, 0xCB, 0xA5, 0xE5, 0xA1, 0xBC, 0xA5, 0xB9]),
        Row(
            "iso-2022-jp", "日本語のニュース",
            [
                0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x38, 0x6C, 0x24, 0x4E, 0x25, 0x4B, 0x25, 0x65, 0x21, 0x3C,
                0x25, 0x39, 0x1B, 0x28, 0x42,
            ]),
        Row("gbk", "中文新闻", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5]),
        Row("gb2312", "中文新闻", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5]),
        Row("gb18030", "中文新闻", [0xD6, 0xD0, 0xCE, 0xC4, 0xD0, 0xC2, 0xCE, 0xC5]),
        Row("big5", "中文新聞", [0xA4, 0xA4, 0xA4, 0xE5, 0xB7, 0x73, 0xBB, 0x44]),
        Row("euc-kr", "한국어 뉴스", [0xC7, 0xD1, 0xB1, 0xB9, 0xBE, 0xEE, 0x20, 0xB4, 0xBA, 0xBD, 0xBA]),
        Row("x-mac-roman", "café crème", [0x63, 0x61, 0x66, 0x8E, 0x20, 0x63, 0x72, 0x8F, 0x6D, 0x65]),
        Row("iso-8859-2", "Zażółć gęślą", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0xB6, 0x6C, 0xB1]),
        Row("windows-1250", "Zażółć gęślą", [0x5A, 0x61, 0xBF, 0xF3, 0xB3, 0xE6, 0x20, 0x67, 0xEA, 0x9C, 0x6C, 0xB9]),
    ]

    /// A feed whose one item has `title`, with `label` in the XML declaration (or none).
    static func feed(_ title: [UInt8], declaring label: String?) -> [UInt8] {
        let declaration = label.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? ""
        return Array((declaration + "<rss version=\"2.0\"><channel><title>Feed</title><item><title>").utf8) + title
            + Array("</title><link>http://example.com/1</link></item></channel></rss>".utf8)
    }

    /// A page titled `title`, with `label` in `<meta charset>` (or none).
    static func page(_ title: [UInt8], declaring label: String?) -> [UInt8] {
        let meta = label.map { "<meta charset=\"\($0)\">" } ?? ""
        let paragraph = Array(
            "<p>This paragraph is here so that the page has an article to find, long enough to count.</p>".utf8)
        return Array("<!DOCTYPE html><html><head>\(meta)<title>".utf8) + title
            + Array("</title></head><body><article><h1>Headline</h1>".utf8)
            + Array(repeating: paragraph, count: 6).joined() + Array("</article></body></html>".utf8)
    }

    func feedTitle(_ bytes: [UInt8], contentType: String? = nil) throws -> String? {
        try FeedParser().parse(Data(bytes), contentType: contentType).items.first?.title
    }

    func pageTitle(_ bytes: [UInt8], contentType: String? = nil) throws -> String? {
        try ArticleExtractor().extract(data: Data(bytes), contentType: contentType, url: nil).title
    }

    @Test("A label in the document: XML declaration and <meta charset> agree", arguments: rows)
    func declaredInTheDocument(row: Row) throws {
        let feed = try feedTitle(Self.feed(row.bytes, declaring: row.label))
        let page = try pageTitle(Self.page(row.bytes, declaring: row.label))
        #expect(feed == row.text)
        #expect(page == row.text)
    }

    @Test("A label in the HTTP Content-Type: feed and page agree", arguments: rows)
    func declaredOverHTTP(row: Row) throws {
        let feed = try feedTitle(
            Self.feed(row.bytes, declaring: nil), contentType: "application/rss+xml; charset=\"\(row.label)\"")
        let page = try pageTitle(Self.page(row.bytes, declaring: nil), contentType: "text/html; charset=\(row.label)")
        #expect(feed == row.text)
        #expect(page == row.text)
    }

    @Test("UTF-16 (little-endian for the label utf-16) and UTF-16BE, told by HTTP", arguments: ["utf-16", "utf-16be"])
    func utf16(label: String) throws {
        let text = "Ωmega — ünïcode"
        func wide(_ utf8: [UInt8]) -> [UInt8] {
            String(decoding: utf8, as: UTF8.self).utf16.flatMap { unit -> [UInt8] in
                let high = UInt8(unit >> 8)
                let low = UInt8(unit & 0xFF)
                return label == "utf-16be" ? [high, low] : [low, high]
            }
        }
        let title = Array(text.utf8)
        let feed = try feedTitle(
            wide(Self.feed(title, declaring: nil)), contentType: "application/rss+xml; charset=\(label)")
        let page = try pageTitle(wide(Self.page(title, declaring: nil)), contentType: "text/html; charset=\(label)")
        #expect(feed == text)
        #expect(page == text)
    }

    @Test("A UTF-8 byte order mark wins over a label in the document and over HTTP")
    func byteOrderMark() throws {
        let title = Array("café ✓".utf8)
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        #expect(try feedTitle(bom + Self.feed(title, declaring: "windows-1252")) == "café ✓")
        #expect(try pageTitle(bom + Self.page(title, declaring: "windows-1252")) == "café ✓")
        #expect(
            try feedTitle(bom + Self.feed(title, declaring: nil), contentType: "application/xml; charset=koi8-r")
                == "café ✓")
        #expect(
            try pageTitle(bom + Self.page(title, declaring: nil), contentType: "text/html; charset=koi8-r") == "café ✓")
    }

    @Test("An unknown label is passed over: UTF-8 when the bytes are UTF-8, else windows-1252")
    func unknownLabel() throws {
        for (bytes, text) in [
            (Array("café".utf8), "café"), ([0x63, 0x61, 0x66, 0xE9, 0x20, 0x93, 0x94], "café \u{201C}\u{201D}"),
        ] {
            let feed = try feedTitle(Self.feed(bytes, declaring: "x-no-such-charset"))
            let page = try pageTitle(Self.page(bytes, declaring: "x-no-such-charset"))
            #expect(feed == text)
            #expect(page == text)
        }
    }

    @Test("Regression: 0xA4 in an ISO-8859-15 page is the euro sign, as in a feed")
    func euroInLatin9Page() throws {
        // extract used to read iso-8859-15 and latin9 as windows-1252, where 0xA4 is "¤".
        for label in ["iso-8859-15", "latin9", "l9"] {
            let page = Self.page([0x35, 0x20, 0xA4], declaring: label)
            #expect(ArticleExtractor.decode(Data(page), contentType: nil).contains("5 €"))
            #expect(try pageTitle(page) == "5 €")
            #expect(try feedTitle(Self.feed([0x35, 0x20, 0xA4], declaring: label)) == "5 €")
        }
    }

    @Test("Invalid bytes in a page become U+FFFD, never an empty page")
    func invalidBytesInAPage() throws {
        let page = Self.page([0x41, 0x80, 0x42, 0x93], declaring: "shift_jis")
        let text = ArticleExtractor.decode(Data(page), contentType: nil)
        #expect(text.contains("A\u{FFFD}B"))
        #expect(try pageTitle(page)?.hasPrefix("A\u{FFFD}B") == true)
    }
}
