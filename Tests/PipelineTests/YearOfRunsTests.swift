import Foundation
import TestSupport
import Testing

@testable import History
@testable import Pipeline

/// Local feed files rewritten before each simulated day, as a publisher would.
struct DailyFeedFiles {
    static let start = Date(timeIntervalSince1970: 1_767_254_400)  // 2026-01-01 08:00 UTC
    let folder: URL

    static func time(_ day: Int) -> Date { start.addingTimeInterval(Double(day) * 86400) }

    /// An RSS item for story `number` of `feed`, published `date` (undated when nil), with
    /// words of its own so that no two stories are grouped.
    static func item(feed: String, id: String, number: Int, date: Date?) -> String {
        let pubDate = date.map { "<pubDate>\(ISO8601DateFormatter().string(from: $0))</pubDate>" } ?? ""
        return """
            <item><guid isPermaLink="false">\(id)</guid><title>\(feed) story \(id)</title>
            <link>https://\(feed).example/\(id)</link>\(pubDate)
            <description>The council of Qelton\(number)x\(feed) approved \(number * 10 + feed.unicodeScalars.reduce(0) { $0 + Int($1.value) }) new homes on Thursday, Mayor Vira\(number)y\(feed) said. Work starts in Zarnov\(number)z\(feed) next spring.</description></item>
            """
    }

    func url(_ feed: String) -> String { folder.appendingPathComponent("\(feed).xml").absoluteString }

    func write(_ feed: String, items: [String]) throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>\(feed)</title><link>https://\(feed).example/</link>
            \(items.joined(separator: "\n"))
            </channel></rss>
            """
        try text.write(to: folder.appendingPathComponent("\(feed).xml"), atomically: true, encoding: .utf8)
    }

    /// Writes the feed list naming `feeds`; returns its path.
    @discardableResult
    func writeList(_ feeds: [String]) throws -> String {
        let outlines = feeds.map { "<outline text=\"\($0)\" xmlUrl=\"\(url($0))\"/>" }.joined()
        let path = folder.appendingPathComponent("feeds.opml")
        try
            "<opml version=\"2.0\"><head><title>T</title></head><body><outline text=\"News\">\(outlines)</outline></body></opml>"
            .write(to: path, atomically: true, encoding: .utf8)
        return path.path
    }
}

@Suite struct YearOfRunsTests {
    /// A year of daily runs with `keep = "30d"`: "news" publishes one story a day and lists a
    /// week of them, plus one undated item it lists all year; "gone" is in the feed list for
    /// the first ten days only.
    @Test func aYearOfRunsKeepsAMonthAndBriefsEveryItemOnce() async throws {
        let files = DailyFeedFiles(folder: Repository.temporaryDirectory("year"))
        defer { try? FileManager.default.removeItem(at: files.folder) }
        try files.writeList(["news", "gone"])
        let configPath = files.folder.appendingPathComponent("briefing.toml")
        try """
        [briefing]
        feeds = ["feeds.opml"]
        max_item_age = "7d"
        max_items_per_section = 0
        [state]
        directory = "state"
        keep = "30d"
        [full_text]
        mode = "never"
        """.write(to: configPath, atomically: true, encoding: .utf8)
        let configuration = try BriefingConfiguration.load(path: configPath.path)
        let pinned = DailyFeedFiles.item(feed: "news", id: "pinned", number: 9999, date: nil)

        var shown: [String] = []
        func count(_ sql: String) throws -> Int {
            Int(try StateStore(directory: configuration.stateDirectory).scalar(sql)) ?? -1
        }
        for day in 0..<365 {
            let week = (max(0, day - 6)...day).reversed().map {
                DailyFeedFiles.item(feed: "news", id: "n\($0)", number: $0, date: DailyFeedFiles.time($0) - 7200)
            }
            try files.write("news", items: [pinned] + week)
            try files.write(
                "gone",
                items: [DailyFeedFiles.item(feed: "gone", id: "g\(day)", number: day, date: DailyFeedFiles.time(day))])
            if day == 10 { try files.writeList(["news"]) }
            let now = DailyFeedFiles.time(day)
            let outcome = try await DailyJob(configuration: configuration, options: JobOptions(), now: { now }).run()
            let titles = outcome.briefing.sections.flatMap(\.entries).map(\.title)
            shown += titles
            #expect(titles.contains("news story n\(day)"), "day \(day): \(titles)")

            switch day {
            case 30:
                // n0 left the feed on day 7 but was first seen only 30 days ago.
                #expect(try count("SELECT COUNT(*) FROM items WHERE item_id = 'n0'") == 1)
            case 31:
                #expect(try count("SELECT COUNT(*) FROM items WHERE item_id = 'n0'") == 0)
            case 39:
                // "gone" was last read on day 9: kept 30 days after that.
                #expect(try count("SELECT COUNT(*) FROM items WHERE item_id LIKE 'g%'") == 10)
            case 40:
                #expect(try count("SELECT COUNT(*) FROM items WHERE item_id LIKE 'g%'") == 0)
                #expect(try count("SELECT COUNT(*) FROM feeds WHERE url LIKE '%gone.xml'") == 0)
            default: break
            }
        }
        // Every item briefed once: the undated one listed all year on day 0 only.
        #expect(shown.count == 365 + 1 + 10)
        #expect(Set(shown).count == shown.count)
        #expect(shown.filter { $0 == "news story pinned" }.count == 1)
        // What is left: the 31 days within keep, and the item still listed; 31 briefings.
        #expect(try count("SELECT COUNT(*) FROM items WHERE item_id LIKE 'n%'") == 31)
        #expect(try count("SELECT COUNT(*) FROM items WHERE item_id = 'pinned' AND briefing_id IS NULL") == 1)
        #expect(try count("SELECT COUNT(*) FROM briefings") == 31)
        let state = try StateStore(directory: configuration.stateDirectory)
        #expect(try state.scalar("SELECT MIN(day) FROM briefings") == "2026-12-01")
    }

    /// A feed with 10,000 items in the state and 20 in its document: the run reads 20 of them.
    @Test func aRunReadsTheItemsItFetchedNotTheFeedsHistory() async throws {
        let files = DailyFeedFiles(folder: Repository.temporaryDirectory("lookup"))
        defer { try? FileManager.default.removeItem(at: files.folder) }
        var configuration = BriefingConfiguration()
        configuration.feedLists = [try files.writeList(["news"])]
        configuration.stateDirectory = files.folder.appendingPathComponent("state").path
        configuration.maxItemAge = 0
        configuration.fullText.mode = .never
        try files.write(
            "news", items: (0..<20).map { DailyFeedFiles.item(feed: "news", id: "n\($0)", number: $0, date: nil) })
        let first = DailyFeedFiles.time(0)
        _ = try await DailyJob(configuration: configuration, options: JobOptions(), now: { first }).run()

        let state = try StateStore(directory: configuration.stateDirectory)
        let history = (0..<10_000).map {
            ItemRecord(feed: files.url("news"), id: "old\($0)", contentHash: "h", shown: false)
        }
        try state.commit(
            RunRecord(
                day: "2026-01-01", createdAt: first, payload: Data("{}".utf8), files: [], delivery: .none, feeds: [],
                items: history))
        #expect(try state.scalar("SELECT COUNT(*) FROM items") == "10020")

        let second = DailyFeedFiles.time(1)
        let before = state.database.rowsRead
        let result = try await DailyRun(configuration: configuration, now: { second })
            .build(state: state, options: RunOptions())
        #expect(result.briefing.entryCount == 0)
        #expect(result.listed[files.url("news")]?.count == 20)
        // The 20 items and the feed's validators; the whole history would be 10,020 rows.
        #expect(state.database.rowsRead - before == 21)
    }
}
