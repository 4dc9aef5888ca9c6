import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// One small document per format: input → expected normalized fields.
@Suite("Formats")
struct FormatTests {
    func parse(_ text: String, baseURL: String? = nil) throws -> Feed {
        try FeedParser().parse(Data(text.utf8), baseURL: baseURL)
    }

    @Test(
        "References and attribute values: &quot; and &apos; decoded, values with references or line breaks normalized")
    func referencesAndAttributeValues() throws {
        let feed = try parse(
            """
            <rss version="2.0"><channel><item><title>&quot;Q&quot; &apos;A&apos;</title>
            <description>&lt;a title=&quot;x&apos;y&quot; href=&quot;/l&quot;&gt;t&lt;/a&gt; &quot;q&quot;</description>
            <enclosure url="https://example.com/a.mp3?x=1&amp;y=2" type="audio/mpeg" length="12"/>
            <enclosure url='https://example.com/b.mp3' type="audio/	mpeg
            x" length="7"/>
            </item></channel></rss>
            """)
        let item = try #require(feed.items.first)
        #expect(item.title == "\"Q\" 'A'")
        #expect(item.summaryText == "t \"q\"")
        #expect(item.summaryHTML == "<a title=\"x'y\" href=\"/l\">t</a> \"q\"")
        #expect(item.enclosures.map(\.url) == ["https://example.com/a.mp3?x=1&y=2", "https://example.com/b.mp3"])
        #expect(item.enclosures.map(\.type) == ["audio/mpeg", "audio/ mpeg x"])
        #expect(item.enclosures.map(\.length) == [12, 7])
    }

    @Test("RSS 2.0: channel, item fields, guid, enclosure, content:encoded")
    func rss20() throws {
        let feed = try parse(
            """
            <?xml version="1.0"?>
            <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
                 xmlns:dc="http://purl.org/dc/elements/1.1/">
            <channel><title>World News</title><link>https://example.com/</link>
            <item>
              <title>Rain &amp; wind</title><link>/a/1</link>
              <guid isPermaLink="false">tag:example.com,2024:1</guid>
              <pubDate>Tue, 10 Jun 2003 04:00:00 GMT</pubDate>
              <dc:creator>Ann Smith</dc:creator>
              <description>&lt;p&gt;First.&lt;/p&gt;&lt;p&gt;Second &lt;script&gt;evil()&lt;/script&gt;para.&lt;/p&gt;</description>
              <content:encoded><![CDATA[<p onclick="x()">Full <b>text</b>.</p>]]></content:encoded>
              <enclosure url="https://example.com/a.mp3" type="audio/mpeg" length="1234"/>
            </item>
            </channel></rss>
            """, baseURL: "https://example.com/feed.xml")
        #expect(feed.format == .rss20)
        #expect(feed.title == "World News")
        #expect(feed.link == "https://example.com/")
        let item = try #require(feed.items.first)
        #expect(item.id == "tag:example.com,2024:1")
        #expect(item.title == "Rain & wind")
        #expect(item.link == "https://example.com/a/1")
        #expect(item.published.map(FeedInspection.timestamp) == "2003-06-10T04:00:00Z")
        #expect(item.author == "Ann Smith")
        #expect(item.summaryText == "First.\n\nSecond para.")
        #expect(item.contentText == "Full text.")
        #expect(item.contentHTML == "<p>Full <b>text</b>.</p>")
        #expect(
            item.enclosures == [
                Enclosure(url: "https://example.com/a.mp3", type: "audio/mpeg", length: 1234)
            ])
    }

    @Test("RSS 1.0 (RDF): items beside the channel, dc:date as updated, rdf:about as id")
    func rss10() throws {
        let feed = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="http://example.org/"><title>RDF feed</title><link>http://example.org/</link></channel>
              <item rdf:about="http://example.org/1"><title>One</title><link>http://example.org/1</link>
                <dc:date>2003-12-31T10:14:55Z</dc:date></item>
            </rdf:RDF>
            """)
        #expect(feed.format == .rss10)
        #expect(feed.title == "RDF feed")
        #expect(feed.items.count == 1)
        #expect(feed.items[0].id == "http://example.org/1")
        #expect(feed.items[0].updated.map(FeedInspection.timestamp) == "2003-12-31T10:14:55Z")
    }

    @Test(
        "RSS 0.9x versions",
        arguments: [("0.91", "rss091u"), ("0.92", "rss092"), ("0.93", "rss093"), ("0.94", "rss094")])
    func rss09x(version: String, format: String) throws {
        let feed = try parse(
            "<rss version=\"\(version)\"><channel><title>T</title><item><title>I</title></item></channel></rss>"
        )
        #expect(feed.format.rawValue == format)
        #expect(feed.items.first?.title == "I")
    }

    @Test("RSS 0.90")
    func rss090() throws {
        let feed = try parse(
            """
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/">
            <channel><title>Old</title></channel><item><title>Item title</title><link>http://x.org/</link></item></rdf:RDF>
            """)
        #expect(feed.format == .rss090)
        #expect(feed.items.first?.title == "Item title")
    }

    @Test("Atom 1.0: text constructs, xml:base, alternate and enclosure links, dates, author")
    func atom10() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom" xml:base="http://example.org/blog/">
              <title type="html">A &lt;b&gt;bold&lt;/b&gt; blog</title>
              <link rel="alternate" href="/"/>
              <entry>
                <id>urn:uuid:1</id><title>Entry</title>
                <link href="posts/1"/><link rel="enclosure" href="a.ogg" type="audio/ogg" length="10"/>
                <published>2024-01-02T03:04:05.123+02:00</published><updated>2024-01-03T00:00:00Z</updated>
                <author><name>Bo</name><email>bo@example.org</email></author>
                <summary>Plain summary</summary>
                <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Hello <em>world</em></p></div></content>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom10)
        #expect(feed.title == "A bold blog")
        #expect(feed.link == "http://example.org/")
        let entry = try #require(feed.items.first)
        #expect(entry.id == "urn:uuid:1")
        #expect(entry.link == "http://example.org/blog/posts/1")
        #expect(entry.published.map(FeedInspection.timestamp) == "2024-01-02T01:04:05Z")
        #expect(entry.updated.map(FeedInspection.timestamp) == "2024-01-03T00:00:00Z")
        #expect(entry.author == "Bo")
        #expect(entry.summaryText == "Plain summary")
        #expect(entry.contentText == "Hello world")
        #expect(
            entry.enclosures == [
                Enclosure(url: "http://example.org/blog/a.ogg", type: "audio/ogg", length: 10)
            ])
    }

    @Test("Atom 0.3: issued/modified, escaped and base64 content")
    func atom03() throws {
        let feed = try parse(
            """
            <feed version="0.3" xmlns="http://purl.org/atom/ns#">
              <title>Old Atom</title><link rel="alternate" type="text/html" href="http://example.org/"/>
              <entry>
                <title>E</title><id>tag:e</id>
                <issued>2003-12-13T08:29:29-04:00</issued><modified>2003-12-13T18:30:02Z</modified>
                <summary type="text/html" mode="escaped">&lt;b&gt;Sum&lt;/b&gt;</summary>
                <content type="text/html" mode="base64">PHA+QmFzZTY0PC9wPg==</content>
              </entry>
            </feed>
            """)
        #expect(feed.format == .atom03)
        #expect(feed.link == "http://example.org/")
        let entry = try #require(feed.items.first)
        #expect(entry.published.map(FeedInspection.timestamp) == "2003-12-13T12:29:29Z")
        #expect(entry.updated.map(FeedInspection.timestamp) == "2003-12-13T18:30:02Z")
        #expect(entry.summaryText == "Sum")
        #expect(entry.contentText == "Base64")
    }

    @Test("JSON Feed 1.1 and 1.0")
    func jsonFeed() throws {
        let feed = try parse(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "home_page_url": "https://j.example/",
             "feed_url": "https://j.example/feed.json", "authors": [{"name": "Feed Author"}],
             "items": [{"id": 42, "url": "/p/1", "title": "P", "content_html": "<p>Hi</p>", "summary": "S",
                        "date_published": "2020-05-06T07:08:09Z",
                        "attachments": [{"url": "https://j.example/a.mp3", "mime_type": "audio/mpeg", "size_in_bytes": 7}]}]}
            """)
        #expect(feed.format == .json11)
        #expect(feed.link == "https://j.example/")
        let item = try #require(feed.items.first)
        #expect(item.id == "42")
        #expect(item.link == "https://j.example/p/1")
        #expect(item.author == "Feed Author")
        #expect(item.contentText == "Hi")
        #expect(item.summaryText == "S")
        #expect(
            item.enclosures == [Enclosure(url: "https://j.example/a.mp3", type: "audio/mpeg", length: 7)])
        let old = try parse(#"{"version": "https://jsonfeed.org/version/1", "items": []}"#)
        #expect(old.format == .json10)
    }

    @Test("Undeclared HTML entities are decoded; the feed is marked recovered")
    func undeclaredEntities() throws {
        let feed = try parse(
            "<rss version=\"2.0\"><channel><title>caf&eacute;&nbsp;au lait &hellip; &bogus;</title></channel></rss>"
        )
        #expect(feed.title == "caf\u{E9} au lait \u{2026} &bogus;")
        #expect(feed.recovered)
    }

    @Test("Ill-formed XML is read as far as possible")
    func recovery() throws {
        let feed = try parse(
            "<rss version=\"2.0\"><channel><title>AT&T <b>news</title><item><title>One</title><link>http://x/?a=1&b=2</link></item>"
        )
        #expect(feed.recovered)
        #expect(feed.items.first?.title == "One")
        #expect(feed.items.first?.link == "http://x/?a=1&b=2")
    }

    @Test("Items without guid or link get a stable hash id")
    func stableIDs() throws {
        let text = "<rss version=\"2.0\"><channel><item><title>No id</title></item></channel></rss>"
        let first = try parse(text).items[0].id
        let second = try parse(text).items[0].id
        #expect(first == second)
        #expect(first.hasPrefix("hash:"))
        // Ids are stored in the state: the value is pinned (FNV-1a 64 of "No id\n\n", zero-padded).
        #expect(first == "hash:0bdab02944b06083")
    }

    @Test("Atom entries without an author take the feed's (RFC 4287 4.2.1)")
    func atomFeedAuthor() throws {
        let feed = try parse(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><author><name>Desk</name></author>
            <entry><id>1</id></entry><entry><id>2</id><author><name>Own</name></author></entry></feed>
            """)
        #expect(feed.items.map(\.author) == ["Desk", "Own"])
    }

    @Test("Podcast items: itunes:summary and itunes:author as fallbacks")
    func itunes() throws {
        let feed = try parse(
            """
            <rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><item>
            <title>Episode</title><itunes:author>Host</itunes:author><itunes:summary>Show notes.</itunes:summary>
            </item></channel></rss>
            """)
        #expect(feed.items.first?.author == "Host")
        #expect(feed.items.first?.summaryText == "Show notes.")
    }

    @Test("Not a feed is a clear error")
    func notAFeed() {
        #expect(throws: FeedParsingError.self) { try parse("<html><body>hi</body></html>") }
        #expect(throws: FeedParsingError.self) { try parse("") }
        #expect(throws: FeedParsingError.self) { try parse("{not json") }
    }
}
