import Foundation
import Testing

@testable import History

/// What `commit` deletes when the run says how long to keep the history, and how cheaply
/// a run reads the history.
@Suite struct RetentionTests {
    static let day: TimeInterval = 86400
    static let start = Date(timeIntervalSince1970: 1_767_254_400)  // 2026-01-01 08:00 UTC

    static func run(
        on day: Int, items: [ItemRecord] = [], feeds: [FeedRecord] = [], listed: [String: [String]] = [:],
        keep: TimeInterval = 10 * RetentionTests.day
    ) -> RunRecord {
        RunRecord(
            day: "day \(day)", createdAt: start.addingTimeInterval(Double(day) * Self.day), payload: Data("{}".utf8),
            files: [], delivery: .none, feeds: feeds, items: items, listed: listed, keep: keep)
    }

    static func items(_ feed: String, _ ids: [String], shown: Bool = true) -> [ItemRecord] {
        ids.map { ItemRecord(feed: feed, id: $0, contentHash: "h\($0)", shown: shown) }
    }

    static func fetched(_ url: String) -> FeedRecord {
        FeedRecord(url: url, outcome: .fetched(etag: nil, lastModified: nil))
    }

    func count(_ store: StateStore, _ sql: String) throws -> Int { Int(try store.scalar(sql)) ?? -1 }

    @Test(arguments: Backend.allCases) func onlyItemsTheFeedNoLongerListsGoAndOnlyAfterKeep(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let feeds = [
            Self.fetched("f"), FeedRecord(url: "down", outcome: .failed("x")),
            FeedRecord(url: "same", outcome: .notModified),
        ]
        try store.commit(
            Self.run(
                on: 0, items: Self.items("f", ["old", "kept"]) + Self.items("down", ["d"]) + Self.items("same", ["s"]),
                feeds: [Self.fetched("f"), Self.fetched("down"), Self.fetched("same")]))

        // Day 5: "old" left the feed, but was first seen only 5 days ago.
        try store.commit(Self.run(on: 5, feeds: feeds, listed: ["f": ["kept"]]))
        #expect(try store.seenItems(feed: "f", ids: ["old", "kept"]).count == 2)

        // Day 11: first seen 11 days ago and gone from the feed: deleted. "kept" is still
        // listed; the failed and the unchanged feed list nothing, so keep everything.
        try store.commit(Self.run(on: 11, feeds: feeds, listed: ["f": ["kept"]]))
        #expect(try store.seenItems(feed: "f", ids: ["old", "kept"]) == ["kept": "hkept"])
        #expect(try store.seenItems(feed: "down", ids: ["d"]).count == 1)
        #expect(try store.seenItems(feed: "same", ids: ["s"]).count == 1)

        // Briefings made before the cutoff are gone; their items stay, unattached.
        #expect(try count(store, "SELECT COUNT(*) FROM briefings") == 2)
        #expect(try count(store, "SELECT COUNT(*) FROM items WHERE briefing_id IS NOT NULL") == 0)
    }

    @Test(arguments: Backend.allCases) func aFeedInNoListGoesWithItsItemsKeepAfterItWasLastRead(backend: Backend) throws
    {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        try store.commit(Self.run(on: 0, items: Self.items("gone", ["1", "2"]), feeds: [Self.fetched("gone")]))
        try store.commit(Self.run(on: 3, feeds: [Self.fetched("gone")], listed: ["gone": ["1", "2"]]))
        // Taken out of the lists on day 4: kept until 10 days after day 3.
        try store.commit(Self.run(on: 13, feeds: []))
        #expect(try store.feed("gone") != nil)
        #expect(try store.seenItems(feed: "gone", ids: ["1", "2"]).count == 2)
        try store.commit(Self.run(on: 14, feeds: []))
        #expect(try store.feed("gone") == nil)
        #expect(try store.seenItems(feed: "gone", ids: ["1", "2"]).isEmpty)
    }

    @Test(arguments: Backend.allCases) func keepZeroKeepsEverything(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        try store.commit(Self.run(on: 0, items: Self.items("f", ["1"]), feeds: [Self.fetched("f")], keep: 0))
        try store.commit(Self.run(on: 400, feeds: [Self.fetched("f")], listed: ["f": []], keep: 0))
        #expect(try store.seenItems(feed: "f", ids: ["1"]).count == 1)
        #expect(try count(store, "SELECT COUNT(*) FROM briefings") == 2)
    }

    @Test func theFileGivesBackWhatRetentionFrees() throws {
        let directory = StateStoreTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(directory: directory)
        let ids = (0..<5000).map { "item-\($0)-" + String(repeating: "x", count: 100) }
        try store.commit(Self.run(on: 0, items: Self.items("f", ids), feeds: [Self.fetched("f")]))
        let full = try count(store, "PRAGMA page_count")
        try store.commit(Self.run(on: 20, feeds: [Self.fetched("f")], listed: ["f": []]))
        #expect(try count(store, "PRAGMA freelist_count") == 0)
        #expect(try count(store, "PRAGMA page_count") < full / 4)
    }

    @Test(arguments: Backend.allCases) func aLookupReadsTheIdsAskedForNotTheFeedsHistory(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let history = (0..<10_000).map { "old-\($0)" }
        try store.commit(Self.run(on: 0, items: Self.items("f", history), feeds: [Self.fetched("f")]))

        let wanted = (9_990..<10_000).map { "old-\($0)" } + (0..<10).map { "new-\($0)" }
        let before = store.database.rowsRead
        let seen = try store.seenItems(feed: "f", ids: wanted)
        #expect(seen.count == 10)
        #expect(store.database.rowsRead - before == 10)
        // More ids than one statement may bind: looked up in chunks, all found.
        #expect(try store.seenItems(feed: "f", ids: history.prefix(1234)).count == 1234)
    }

    /// The statements that run on every run search an index; none scans the items.
    @Test(arguments: [
        StateStore.seenItemsQuery(count: 3, excluding: 0),
        StateStore.seenItemsQuery(count: 3, excluding: 2),
        StateStore.oldItemsQuery,
        // What ON DELETE SET NULL does for each pruned briefing, and what --force deletes.
        "UPDATE items SET briefing_id = NULL WHERE briefing_id = ?",
        "DELETE FROM items WHERE briefing_id = ?",
    ])
    func everyRunStatementSearchesAnIndex(sql: String) throws {
        let directory = StateStoreTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(directory: directory)
        let values = Array(repeating: SQLValue.text("x"), count: sql.filter { $0 == "?" }.count)
        let plan = try store.database.query("EXPLAIN QUERY PLAN " + sql, values).compactMap { $0.last?.string }
        #expect(plan.contains { $0.hasPrefix("SEARCH items USING") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN items") }, "\(plan)")
    }
}
