import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

@Suite("Inspection")
struct FeedInspectionTests {
    @Test("JSON has the documented keys in order, nulls for absent values, and UTC second timestamps")
    func json() throws {
        let feed = Feed(
            format: .rss20, title: "T \"q\"", link: nil,
            items: [
                FeedItem(
                    id: "1", title: "A\nB", published: Date(timeIntervalSince1970: 1_070_000_000.9),
                    enclosures: [Enclosure(url: "http://x/a.mp3", type: nil, length: 5)])
            ], recovered: true)
        let text = FeedInspection.json(feed)
        #expect(
            text
                == #"{"format":"rss20","title":"T \"q\"","link":null,"recovered":true,"items":[{"id":"1","title":"A\nB","link":null,"published":"2003-11-28T06:13:20Z","updated":null,"author":null,"summary_text":null,"content_text":null,"enclosures":[{"url":"http://x/a.mp3","type":null,"length":5}]}]}"#
        )
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["format", "title", "link", "recovered", "items"])
    }

    @Test("An empty feed is valid JSON")
    func empty() throws {
        let text = FeedInspection.json(Feed(format: .atom10))
        #expect(
            text == #"{"format":"atom10","title":null,"link":null,"recovered":false,"items":[]}"#
        )
    }

    @Test(
        "Timestamps",
        arguments: [
            (0.0, "1970-01-01T00:00:00Z"), (951_782_400, "2000-02-29T00:00:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
        ])
    func timestamps(seconds: Double, expected: String) {
        #expect(FeedInspection.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }
}
