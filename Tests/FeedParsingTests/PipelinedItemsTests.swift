import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// A large feed's items are mapped while its tree is built (`ItemPipeline`): the feed must be the
/// one the serial mapping gives, whatever reaches the workers.
@Suite("Pipelined items")
struct PipelinedItemsTests {
    /// The feed of `data` and how many items the workers mapped, pipelined on `threads` threads.
    func pipelined(_ data: Data, threads: Int = 2) throws -> (feed: Feed, premapped: Int) {
        let pipeline = ItemPipeline(keepHTML: false, workers: threads - 1)
        defer { pipeline.finish() }
        let feed = try data.withUnsafeBytes { raw in
            let document = try XMLTreeBuilder.parse(
                raw.bindMemory(to: UInt8.self), base: "http://example.com/feed/",
                itemClosed: { pipeline.offer($0, ancestors: $1) })
            return try FeedParser.map(document, keepHTML: false, items: ItemChunks(threads: threads), pipeline: pipeline)
        }
        return (feed, pipeline.premapped)
    }

    /// The serial parse (one thread, no pipeline).
    func serial(_ data: Data) throws(FeedParsingError) -> Feed {
        var parser = FeedParser.textOnly
        parser.itemThreads = 1
        return try parser.parse(data, baseURL: "http://example.com/feed/")
    }

    /// RSS items with their own xml:base, items in another namespace (which are not items), items
    /// of a second channel (not read) and of the root (read after the channel's).
    static func rss(items: Int, rdf: Bool = false) -> Data {
        var document =
            rdf
            ? #"<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:x="urn:other">"#
            : #"<rss version="2.0" xmlns:x="urn:other" xml:base="http://example.org/a/">"#
        document += "<channel><title>T</title><link>/home</link>"
        func item(_ number: Int) -> String {
            var text = number % 5 == 0 ? "<item xml:base=\"/base\(number)/\">" : "<item>"
            text += "<title>Item \(number)</title><link>rel/\(number)</link><guid>g\(number)</guid>"
            text += "<description>&lt;p&gt;body \(number)&lt;/p&gt;</description></item>"
            if number % 7 == 0 { text += "<x:item><title>Not an item \(number)</title></x:item>" }
            return text
        }
        if rdf {
            document += "</channel>"
            for number in 0..<items { document += item(number) }
        } else {
            for number in 0..<items { document += item(number) }
            document += "</channel><channel><item><title>Second channel</title></item></channel>"
            document += "<item><title>Root item</title></item>"
        }
        return Data((document + (rdf ? "</rdf:RDF>" : "</rss>")).utf8)
    }

    /// Atom entries with xml:base and authors of their own or none, entries in another namespace,
    /// and the feed's author after the entries (it applies to the entries without one).
    static func atom(entries: Int) -> Data {
        var document = #"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:other" xml:base="http://example.org/f/">"#
        document += "<title>A</title>"
        for number in 0..<entries {
            document += number % 4 == 0 ? "<entry xml:base=\"/e\(number)/\">" : "<entry>"
            document += "<title>E \(number)</title><id>urn:e:\(number)</id><link href=\"l\(number)\"/>"
            if number % 3 == 0 { document += "<author><name>W\(number)</name></author>" }
            document += "<content type=\"html\">&lt;p&gt;Body \(number)&lt;/p&gt;</content></entry>"
            if number % 9 == 0 { document += "<x:entry><title>Not an entry</title></x:entry>" }
        }
        return Data((document + "<author><name>Feed author</name></author></feed>").utf8)
    }

    @Test("Synthetic RSS, RSS 1.0 and Atom feeds give the serial feed, most items mapped by the workers")
    func synthetic() throws {
        for (data, expected) in [
            (Self.rss(items: 300), 301), (Self.rss(items: 300, rdf: true), 300), (Self.atom(entries: 300), 300),
        ] {
            let one = try serial(data)
            #expect(one.items.count == expected)
            for threads in [2, 3] {
                let (feed, premapped) = try pipelined(data, threads: threads)
                #expect(feed == one)
                #expect(premapped == expected)
            }
        }
        let atom = try serial(Self.atom(entries: 300))
        #expect(atom.items.filter { $0.author == "Feed author" }.count == 200)
        #expect(atom.items[4].link == "http://example.org/e4/l4")
    }

    /// The workers' results are paired with the parser's list by one walk in document order;
    /// asked for the items in another order, and for an element never offered, the pipeline
    /// still gives each element its own item.
    @Test("Items asked for in another order, or never offered, are each element's own")
    func itemsInAnotherOrder() throws {
        let data = Self.rss(items: 120)
        let pipeline = ItemPipeline(keepHTML: false, workers: 1)
        let document = try data.withUnsafeBytes { raw in
            try XMLTreeBuilder.parse(
                raw.bindMemory(to: UInt8.self), base: "http://example.com/feed/",
                itemClosed: { pipeline.offer($0, ancestors: $1) })
        }
        let channels = document.root.all("channel", in: Namespace.rss)
        #expect(channels.count == 2)
        let offered = channels[0].all("item", in: Namespace.rss)
        #expect(offered.count == 120)
        // The second channel's item is not offered (the parser reads the first channel only).
        let other = try #require(channels[1].first("item", in: Namespace.rss))
        let asked = Array(offered[60...].reversed()) + [other] + Array(offered[..<60].reversed())
        let items = pipeline.items(for: asked, chunks: ItemChunks(threads: 1)) {
            RSSParser.item($0, keepHTML: false)
        }
        #expect(pipeline.premapped == 120)
        let titles =
            (60..<120).reversed().map { "Item \($0)" } + ["Second channel"] + (0..<60).reversed().map { "Item \($0)" }
        #expect(items.map(\.title) == titles)
        let serialItems = try serial(data).items
        #expect(items[0] == serialItems[119] && items[120] == serialItems[0])
    }

    @Test(
        "The large shared feeds give the serial feed, pipelined",
        .enabled(if: ParallelItemsTests.available, "shared feeds ../shared/feeds not found"))
    func largeFeeds() throws {
        let folder = ParallelItemsTests.feedsRoot.appendingPathComponent("large")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".xml") }
        #expect(names.count >= 4)
        for name in names.sorted() {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            let one = try serial(data)
            let (feed, premapped) = try pipelined(data)
            #expect(feed == one, "\(name)")
            #expect(premapped == one.items.count, "\(name)")
            var parser = FeedParser.textOnly
            parser.itemThreads = 2
            #expect(try parser.parse(data, baseURL: "http://example.com/feed/") == one, "\(name)")
        }
    }

    @Test(
        "Every shared feed parses the same pipelined (or fails the same)",
        .enabled(if: ParallelItemsTests.available, "shared feeds ../shared/feeds not found"))
    func corpus() throws {
        let root = ParallelItemsTests.feedsRoot
        let enumerator = try #require(FileManager.default.enumerator(atPath: root.path))
        var files = 0
        var parser = FeedParser.textOnly
        parser.itemThreads = 2
        parser.itemChunks.pipelineMinimumBytes = 0
        for case let relative as String in enumerator where relative.hasSuffix(".xml") && !relative.hasPrefix("large/") {
            let data = try Data(contentsOf: root.appendingPathComponent(relative))
            files += 1
            let one = Result { () throws(FeedParsingError) in try serial(data) }
            let piped = Result { () throws(FeedParsingError) in try parser.parse(data, baseURL: "http://example.com/feed/") }
            #expect(piped == one, "\(relative)")
        }
        #expect(files > 500)
    }
}
