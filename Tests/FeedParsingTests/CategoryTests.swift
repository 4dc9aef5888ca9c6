import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// Item categories, which filter rules can match (`category:sport`), in each format.
@Suite struct CategoryTests {
    func items(_ text: String) throws -> [FeedItem] {
        try FeedParser().parse(Data(text.utf8), baseURL: "https://example.com/feed.xml").items
    }

    @Test func rssCategoriesAndDublinCoreSubjects() throws {
        let items = try items(
            """
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>
            <item><title>A</title><category domain="x">Politics</category><category>  Economy
              &amp; Trade </category><category></category><dc:subject>Berlin</dc:subject></item>
            <item><title>B</title></item>
            </channel></rss>
            """)
        #expect(items[0].categories == ["Politics", "Economy & Trade", "Berlin"])
        #expect(items[1].categories.isEmpty)
    }

    @Test func atomCategoryTermsElseLabels() throws {
        let items = try items(
            """
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>urn:t</id>
            <entry><id>urn:1</id><title>A</title><category term="sport" label="Sport"/>
            <category label="Only a label"/><category/></entry>
            </feed>
            """)
        #expect(items[0].categories == ["sport", "Only a label"])
    }

    @Test func jsonFeedTags() throws {
        let items = try items(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "T",
             "items": [{"id": "1", "title": "A", "tags": ["science", 42, "", "space"]}]}
            """)
        #expect(items[0].categories == ["science", "space"])
    }
}
