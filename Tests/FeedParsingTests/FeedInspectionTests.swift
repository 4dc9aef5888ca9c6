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

    /// What `writeJSONLine` writes to a file through a small buffer (written out between items).
    func writtenLine(_ feed: Feed, leading: [(String, JSONValue)] = [], threads: Int? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("inspection-\(UUID().uuidString).json").path
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        defer { unlink(path) }
        let output = OutputBuffer(descriptor: descriptor, threshold: 512)
        FeedInspection.writeJSONLine(feed, leading: leading, to: output, threads: threads)
        output.flush()
        close(descriptor)
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test("The JSON written straight from the feed is the JSONValue tree's, byte for byte")
    func directWriterMatchesTree() throws {
        let items = [
            FeedItem(
                id: "1", title: "A\nB \"q\" \\ \u{2028} \u{1} é", link: "http://x/?a&b",
                published: Date(timeIntervalSince1970: 1_070_000_000.9),
                updated: Date(timeIntervalSince1970: -1), author: "Ann",
                summaryText: "s", contentText: "c\n\nd",
                enclosures: [
                    Enclosure(url: "http://x/a.mp3", type: nil, length: 5),
                    Enclosure(url: "http://x/b.mp3", type: "audio/mpeg", length: nil),
                ]),
            FeedItem(id: "2"),
        ]
        var feeds = [
            Feed(format: .rss20, title: "T \"q\"", link: nil, items: items, recovered: true),
            Feed(format: .atom10),
        ]
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures")
        for name in ["hostile.xml", "broken.xml"] {
            feeds.append(try FeedParser().parse(Data(contentsOf: fixtures.appendingPathComponent(name))))
        }
        for feed in feeds {
            #expect(try writtenLine(feed) == FeedInspection.json(feed) + "\n")
            let leading: [(String, JSONValue)] = [("id", .int(7)), ("source", .string("a\"b"))]
            #expect(
                try writtenLine(feed, leading: leading)
                    == JSONValue.object(leading + FeedInspection.jsonMembers(feed)).text + "\n")
        }
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

    /// Timestamps from 1600 to 9999 (Foundation's calendar is Julian before 1582) are what
    /// Foundation's formatter writes.
    @Test func timestampsAgreeWithFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        var state: UInt64 = 20_261_202
        let start = -11_676_096_000.0  // 1600-01-01
        let span = 253_402_300_799.0 - start  // to 9999-12-31T23:59:59
        for _ in 0..<5000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let date = Date(
                timeIntervalSince1970: (start + span * Double(state >> 11) / Double(1 << 53)).rounded(.down))
            #expect(FeedInspection.timestamp(date) == formatter.string(from: date))
        }
    }
}
