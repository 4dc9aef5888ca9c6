import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// A large feed's items are mapped and written on several threads (`ItemChunks`): the feed and
/// its JSON must be the same whatever the number of threads.
@Suite("Parallel items")
struct ParallelItemsTests {
    static let feedsRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/feeds").standardizedFileURL
    static let available = FileManager.default.fileExists(atPath: feedsRoot.appendingPathComponent("large").path)

    /// Thread counts compared with 1: even, odd and more than the items of a chunk.
    static let threadCounts = [2, 3, 8]

    /// The parse of `data` on `threads` threads; `everyFeed` sends feeds of two items or more
    /// through the chunks (the threshold is otherwise 16 items, which the cases do not reach).
    func parse(_ data: Data, threads: Int, everyFeed: Bool = false) -> Result<Feed, FeedParsingError> {
        var parser = FeedParser.textOnly
        parser.itemThreads = threads
        if everyFeed {
            parser.itemChunks.minimumItems = 2
            parser.itemChunks.minimumChunk = 1
        }
        return Result { () throws(FeedParsingError) in
            try parser.parse(data, baseURL: "http://example.com/feed/")
        }
    }

    /// `writeJSONLine`'s bytes, written through a small buffer (written out between chunks).
    func written(_ feed: Feed, threads: Int) throws -> [UInt8] {
        Array(try FeedInspectionTests().writtenLine(feed, threads: threads).utf8)
    }

    /// Items that differ from one another in every field the mapping reads.
    static func rss(items: Int) -> Data {
        var document = #"<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title>"#
        for number in 0..<items {
            let body = String(repeating: "<p>word &amp; <b>\(number)</b></p>", count: 1 + number % 7)
            document += "<item><title>Item \(number)</title><link>/items/\(number)</link>"
            document += "<guid isPermaLink=\"false\">g\(number)</guid><dc:creator>Writer \(number % 5)</dc:creator>"
            document += "<pubDate>Mon, 0\(1 + number % 9) Jan 2024 10:\(10 + number % 50):00 GMT</pubDate>"
            document += "<description><![CDATA[\(body)]]></description><category>c\(number % 3)</category>"
            if number % 4 == 0 { document += "<enclosure url=\"/a/\(number).mp3\" length=\"\(number)\"/>" }
            document += "</item>"
        }
        return Data((document + "</channel></rss>").utf8)
    }

    static func atom(entries: Int) -> Data {
        var document = #"<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><author><name>F</name></author>"#
        for number in 0..<entries {
            document += "<entry><title type=\"html\">E &lt;i&gt;\(number)&lt;/i&gt;</title><id>urn:e:\(number)</id>"
            document +=
                "<link href=\"/e/\(number)\"/><updated>2024-02-0\(1 + number % 9)T00:00:0\(number % 10)Z</updated>"
            if number % 3 == 0 { document += "<author><name>W\(number)</name></author>" }
            document += "<content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Body \(number)</p>"
            document += String(repeating: "<p>more</p>", count: number % 5) + "</div></content></entry>"
        }
        return Data((document + "</feed>").utf8)
    }

    @Test("Chunks are contiguous, in order and cover the items; a large feed gets several")
    func chunks() {
        for threads in [1, 2, 3, 8] {
            for count in [0, 1, 15, 16, 17, 100, 2_000] {
                let chunks = ItemChunks(threads: threads).chunks(count: count)
                #expect(chunks.flatMap { Array($0) } == Array(0..<count))
                #expect(chunks.allSatisfy { !$0.isEmpty })
                if threads == 1 || count < ItemChunks(threads: threads).minimumItems { #expect(chunks.count <= 1) }
            }
        }
        #expect(ItemChunks(threads: 2).chunks(count: 2_000).count > 2)
    }

    @Test("A large RSS and Atom feed parse to the same items, and the same JSON, on 1 thread and several")
    func syntheticFeeds() throws {
        for data in [Self.rss(items: 300), Self.atom(entries: 300)] {
            let one = try parse(data, threads: 1).get()
            #expect(one.items.count == 300)
            let bytes = try written(one, threads: 1)
            #expect(bytes == Array((FeedInspection.json(one) + "\n").utf8))
            for threads in Self.threadCounts {
                let feed = try parse(data, threads: threads).get()
                #expect(feed == one, "\(threads) threads")
                #expect(try written(feed, threads: threads) == bytes, "\(threads) threads")
            }
        }
    }

    @Test(
        "The large shared feeds parse the same on 1 thread and several",
        .enabled(if: available, "shared feeds ../shared/feeds not found"))
    func largeFeeds() throws {
        let folder = Self.feedsRoot.appendingPathComponent("large")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }
        #expect(names.count >= 4)
        for name in names.sorted() {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let one = try parse(data, threads: 1).get()
            #expect(one.items.count >= 200, "\(name)")
            let bytes = try written(one, threads: 1)
            let feed = try parse(data, threads: 2).get()
            #expect(feed == one, "\(name)")
            #expect(try written(feed, threads: 2) == bytes, "\(name)")
        }
    }

    @Test(
        "Every shared feed parses the same (or fails the same) on 1 thread and several",
        .enabled(if: available, "shared feeds ../shared/feeds not found"))
    func corpus() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.feedsRoot.path))
        var files = 0
        var chunked = 0
        for case let relative as String in enumerator
        where (relative.hasSuffix(".xml") || relative.hasSuffix(".json")) && !relative.hasPrefix("large/") {
            let data = try Data(contentsOf: Self.feedsRoot.appendingPathComponent(relative))
            let one = parse(data, threads: 1)
            files += 1
            if case .success(let feed) = one, feed.items.count >= 2 { chunked += 1 }
            for threads in Self.threadCounts {
                #expect(parse(data, threads: threads) == one, "\(relative), \(threads) threads")
                #expect(
                    parse(data, threads: threads, everyFeed: true) == one, "\(relative), \(threads) threads, chunked")
            }
        }
        #expect(files > 500)
        #expect(chunked > 0)
    }

    @Test("UTF-8 checked in parts on several threads agrees with one pass, whatever the cuts")
    func utf8InParts() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let valid: [[UInt8]] = [Array("text ".utf8), Array("é".utf8), Array("€".utf8), Array("𝄞".utf8), [0x0A]]
        // A lone continuation byte, a truncated sequence, a surrogate, an overlong form.
        let invalid: [[UInt8]] = [[0x80], [0xC3], [0xF0, 0x9F], [0xED, 0xA0, 0x80], [0xC0, 0xAF]]
        var mismatches: [String] = []
        var invalidBuffers = 0
        var controlBuffers = 0
        for buffer in 0..<600 {
            var bytes: [UInt8] = []
            for _ in 0..<next(200) {
                switch next(150) {
                case 0: bytes += invalid[next(invalid.count)]
                case 1: bytes.append(0x01)  // a control character
                default: bytes += valid[next(valid.count)]
                }
            }
            bytes.withUnsafeBufferPointer { body in
                let whole = UTF8Validation.check(body)
                if !whole.valid { invalidBuffers += 1 } else if whole.hasControls { controlBuffers += 1 }
                for partSize in [1, 2, 3, 7, 64] {
                    let parts = EncodingDetection.checkUTF8(body, threads: 4, partSize: partSize)
                    if parts.valid != whole.valid || (whole.valid && parts.hasControls != whole.hasControls) {
                        mismatches.append("buffer \(buffer), parts of \(partSize)")
                    }
                }
            }
        }
        #expect(mismatches.count == 0, "first: \(mismatches.first ?? "")")
        #expect(invalidBuffers > 100)
        #expect(controlBuffers > 100)
    }
}
