import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// Hostile documents: each ends in a clear error or a safe result, quickly. The time bounds are
/// generous sanity checks for a debug build on a busy machine, not benchmarks.
@Suite("Safety")
struct SafetyTests {
    func parse(_ text: String, limits: FeedParser.Limits = FeedParser.Limits())
        throws(FeedParsingError) -> Feed
    {
        try FeedParser(limits: limits).parse(Data(text.utf8))
    }

    func elapsed(_ body: () -> Void) -> Duration {
        ContinuousClock().measure(body)
    }

    @Test("External entities are never loaded (XXE)")
    func externalEntity() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY % remote SYSTEM "http://127.0.0.1:1/x.dtd"> %remote;]>
            <rss version="2.0"><channel><title>A&xxe;B</title>
            <item><title>&xxe;</title><description>&xxe;</description></item></channel></rss>
            """)
        #expect(feed.title == "AB")
        let item = try #require(feed.items.first)
        #expect(!(item.title ?? "").contains("root:"))
        #expect(!(item.summaryText ?? "").contains("root:"))
    }

    @Test("Billion laughs is refused with a clear error")
    func billionLaughs() {
        var declarations = "<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            let previous = String(repeating: "&lol\(level - 1);", count: 10)
            declarations += "<!ENTITY lol\(level) \"\(previous)\">"
        }
        let document =
            "<?xml version=\"1.0\"?><!DOCTYPE rss [\(declarations)]><rss><channel><title>&lol9;</title></channel></rss>"
        let time = elapsed {
            #expect {
                try parse(document)
            } throws: { error in
                (error as? FeedParsingError)?.message.contains("entity expansion") == true
            }
        }
        #expect(time < .seconds(5))
    }

    @Test("Quadratic blow-up is refused with a clear error")
    func quadraticBlowUp() {
        let big = String(repeating: "x", count: 100_000)
        let references = String(repeating: "&big;", count: 20_000)
        let document =
            "<!DOCTYPE rss [<!ENTITY big \"\(big)\">]><rss><channel><title>\(references)</title></channel></rss>"
        let time = elapsed {
            #expect(throws: FeedParsingError.self) { try parse(document) }
        }
        #expect(time < .seconds(5))
    }

    @Test("A document over the size limit is refused at once")
    func oversized() {
        let item =
            "<item><title>t</title><description>\(String(repeating: "word ", count: 200))</description></item>"
        let count = 50_000_000 / item.utf8.count + 1
        var document = "<rss version=\"2.0\"><channel>"
        document.reserveCapacity(50_100_000)
        for _ in 0..<count { document += item }
        document += "</channel></rss>"
        let data = Data(document.utf8)
        #expect(data.count > 50_000_000)
        let time = elapsed {
            #expect {
                try FeedParser().parse(data)
            } throws: { error in
                (error as? FeedParsingError)?.message.contains("limit") == true
            }
        }
        #expect(time < .seconds(1))
    }

    @Test("A large feed under the limit parses")
    func largeFeed() throws {
        let item =
            "<item><title>t</title><description>\(String(repeating: "word ", count: 200))</description></item>"
        let document =
            "<rss version=\"2.0\"><channel>" + String(repeating: item, count: 2_000) + "</channel></rss>"
        let feed = try parse(document)
        #expect(feed.items.count == 2_000)
    }

    @Test("Deeply nested elements are refused with a clear error")
    func deepNesting() {
        let depth = 100_000
        let document =
            "<rss><channel><item><description>" + String(repeating: "<a>", count: depth)
            + String(repeating: "</a>", count: depth)
            + "</description></item></channel></rss>"
        let time = elapsed {
            #expect {
                try parse(document)
            } throws: { error in
                (error as? FeedParsingError)?.message.contains("nested deeper") == true
            }
        }
        #expect(time < .seconds(5))
    }

    @Test("Deeply nested JSON is refused with a clear error")
    func deepJSON() {
        let document =
            "{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": "
            + String(repeating: "[", count: 100_000)
            + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: FeedParsingError.self) { try parse(document) }
    }

    @Test("Escaped deep nesting inside content is only text: no recursion, a result")
    func deepEscapedHTML() throws {
        let depth = 100_000
        let html =
            String(repeating: "&lt;div&gt;", count: depth) + "deep"
            + String(repeating: "&lt;/div&gt;", count: depth)
        let feed = try parse(
            "<rss version=\"2.0\"><channel><item><description>\(html)</description></item></channel></rss>"
        )
        #expect(feed.items.first?.summaryText == "deep")
    }

    @Test("Invalid bytes and control characters never stop a parse")
    func invalidBytes() throws {
        var bytes = Array("<rss version=\"2.0\"><channel><title>A".utf8)
        bytes += [0xFF, 0xFE, 0x00, 0x01, 0x1B, 0xC3]
        bytes += Array("B</title><item><title>x\u{0007}y</title></item></channel></rss>".utf8)
        let feed = try FeedParser().parse(Data(bytes))
        #expect(feed.title?.hasPrefix("A") == true)
        #expect(feed.title?.hasSuffix("B") == true)
        #expect(feed.items.first?.title == "xy")
    }

    @Test("Scripts, event handlers and javascript: URLs are removed from stored HTML")
    func sanitizing() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><item><description><![CDATA[
            <p onclick="steal()">Hi <a href=" javascript:alert(1)">x</a><a href="&#106;avascript:alert(1)">y</a>
            <a href="java&amp;Tab;script&amp;colon;alert(1)">z</a><a href="data:text/html,x">d</a>
            <a href="https://ok.example/">ok</a><a href="data/report.pdf">r</a></p><script>alert(1)</script><style>p{}</style>
            <iframe src="https://evil.example/">fallback</iframe>
            ]]></description></item></channel></rss>
            """)
        let html = try #require(feed.items.first?.summaryHTML)
        #expect(!html.contains("script"))
        #expect(!html.contains("onclick"))
        #expect(!html.lowercased().contains("javascript"))
        #expect(!html.contains("106;avascript"))
        #expect(!html.contains("iframe"))
        #expect(!html.contains("Tab;script"))
        #expect(!html.contains("data:"))
        #expect(html.contains("https://ok.example/"))
        #expect(html.contains("data/report.pdf"))
        #expect(feed.items.first?.summaryText == "Hi xy zd okr\n\nfallback")
    }
}

extension SafetyTests {
    @Test("A flood of stray end tags stays linear")
    func strayEndTags() throws {
        let document =
            "<rss version=\"2.0\"><channel>" + String(repeating: "<a>", count: 500)
            + String(repeating: "</b>", count: 50_000)
            + "</channel></rss>"
        let time = elapsed {
            #expect((try? parse(document))?.recovered == true)
        }
        #expect(time < .seconds(10))
    }
}

extension SafetyTests {
    @Test("A flood of tiny elements is refused before it costs gigabytes")
    func elementFlood() {
        var limits = FeedParser.Limits()
        limits.maxElements = 10_000
        let document = "<rss><channel>" + String(repeating: "<a/>", count: 20_000) + "</channel></rss>"
        #expect {
            try parse(document, limits: limits)
        } throws: { error in
            (error as? FeedParsingError)?.message.contains("elements") == true
        }
        #expect((try? parse(document))?.format == .rss)
    }
}
