import BriefingCore
import Foundation
import Testing

@testable import History

/// State files made by earlier versions open, upgrade and keep their contents.
@Suite struct MigrationTests {
    /// A state file as version 1 made it: WAL, no auto-vacuum, the first schema, some rows.
    static func makeVersion1(in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let database = try Database(path: (directory as NSString).appendingPathComponent(StateStore.fileName))
        try database.execute("PRAGMA journal_mode = WAL")
        try database.execute(StateStore.migrations[0].sqlite)
        try database.execute("PRAGMA user_version = 1")
        try database.execute(
            """
            INSERT INTO feeds (url, etag, last_success) VALUES ('f', '"e"', 1795680000);
            INSERT INTO briefings (id, day, created_at, payload) VALUES (1, '2026-11-26', 1795680000, '{}');
            INSERT INTO items VALUES ('f', '1', 'a', 1795680000, 1), ('f', '2', 'b', 1795680000, NULL);
            """)
    }

    @Test func aVersion1FileUpgradesInPlaceAndKeepsItsRows() throws {
        let directory = StateStoreTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Self.makeVersion1(in: directory)

        let store = try StateStore(directory: directory)
        #expect(try store.scalar("PRAGMA user_version") == "\(StateStore.migrations.count)")
        // 2 = incremental: the one VACUUM has run, so pruning can shrink the file.
        #expect(try store.scalar("PRAGMA auto_vacuum") == "2")
        #expect(try store.scalar("PRAGMA journal_mode") == "wal")
        #expect(try store.scalar("PRAGMA integrity_check") == "ok")
        let indexes = try store.database.query("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .compactMap { $0.first?.string }
        #expect(indexes.contains("items_feed_first_seen"))
        #expect(indexes.contains("items_briefing"))
        #expect(try store.seenItems(feed: "f", ids: ["1", "2"]) == ["1": "a", "2": "b"])
        #expect(try store.feed("f")?.etag == "\"e\"")
        #expect(try store.briefing(day: "2026-11-26")?.id == 1)

        // Opening again neither migrates nor vacuums again.
        let again = try StateStore(directory: directory)
        #expect(try again.scalar("PRAGMA user_version") == "\(StateStore.migrations.count)")
    }

    @Test func aNewFileIsIncrementalFromTheStart() throws {
        let directory = StateStoreTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(directory: directory)
        #expect(try store.scalar("PRAGMA auto_vacuum") == "2")
    }
}

/// The state file of the version before profiles (schema 2) keeps its seen items and briefings,
/// as the implicit profile's.
@Suite struct ProfileMigrationTests {
    @Test func aVersion2FileKeepsItsSeenItemsAsTheImplicitProfiles() throws {
        let directory = StateStoreTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try MigrationTests.makeVersion1(in: directory)
        do {
            let database = try Database(path: (directory as NSString).appendingPathComponent(StateStore.fileName))
            try database.execute(StateStore.migrations[1].sqlite)
            try database.execute("PRAGMA user_version = 2")
        }
        let store = try StateStore(directory: directory)
        #expect(try store.scalar("PRAGMA user_version") == String(StateStore.migrations.count))
        #expect(try store.scalar("PRAGMA integrity_check") == "ok")
        #expect(try store.scalar("PRAGMA foreign_key_check") == "")
        #expect(try store.seenItems(feed: "f", ids: ["1", "2"]) == ["1": "a", "2": "b"])
        #expect(try store.seenItems(feed: "f", ids: ["1", "2"], profile: "markets").isEmpty)
        let briefing = try #require(try store.briefing(day: "2026-11-26"))
        #expect(briefing.profile == "" && briefing.edition == "")
        #expect(try store.briefings(day: "2026-11-26", profile: "", edition: "").map(\.id) == [1])
        #expect(try store.briefings(day: "2026-11-26", profile: "", edition: "evening").isEmpty)
        // The briefing link survived the table's rebuild: deleting the briefing frees its item.
        try store.database.execute("DELETE FROM briefings WHERE id = 1")
        #expect(try store.scalar("SELECT count(*) FROM items WHERE briefing_id IS NULL") == "2")
        let indexes = try store.database.query("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
            .compactMap { $0.first?.string }
        #expect(indexes.contains("items_feed_first_seen") && indexes.contains("stored_items_feed_first_seen"))
    }

    /// A stored item comes back with its categories, so a `category:` rule judges an item
    /// composed from the store as it judges one just fetched (found merging the filters with the
    /// stored items: without the column, the categories were lost).
    @Test(arguments: Backend.allCases) func storedItemsKeepTheirCategories(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let items = [
            StoredItem(feed: "f", item: FeedItem(id: "1", categories: ["Sport", "Local news"]), contentHash: "h1"),
            StoredItem(feed: "f", item: FeedItem(id: "2"), contentHash: "h2"),
        ]
        try store.store(
            RefreshRecord(createdAt: RetentionTests.start, feeds: [RetentionTests.fetched("f")], items: items))
        #expect(try store.unseenStoredItems(feed: "f").map(\.item.categories) == [["Sport", "Local news"], []])
        #expect(try store.storedItems(feed: "f").map(\.item.categories) == [["Sport", "Local news"], []])
        #expect(try store.storedItems(feed: "other").isEmpty)
    }

    @Test(arguments: Backend.allCases) func eachProfileHasItsOwnSeenItemsAndStoredItemsAreSharedAndPruned(
        backend: Backend
    ) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let start = RetentionTests.start
        let day = RetentionTests.day
        let items = ["1", "2"].map {
            StoredItem(feed: "f", item: FeedItem(id: $0, title: "Item \($0)"), contentHash: "h\($0)")
        }
        try store.store(
            RefreshRecord(
                createdAt: start, feeds: [RetentionTests.fetched("f")], items: items, listed: ["f": ["1", "2"]],
                keep: 10 * day))
        #expect(try store.unseenStoredItems(feed: "f", profile: "a").map(\.id) == ["1", "2"])
        #expect(try store.unseenStoredItems(feed: "f", profile: "a").first?.item.title == "Item 1")
        let shown = RunRecord(
            day: "d", createdAt: start, payload: Data("{}".utf8), files: [], delivery: .none, feeds: [],
            items: RetentionTests.items("f", ["1"]), profile: "a")
        let id = try store.commit(shown)
        #expect(try store.unseenStoredItems(feed: "f", profile: "a").map(\.id) == ["2"])
        #expect(try store.unseenStoredItems(feed: "f", profile: "b").map(\.id) == ["1", "2"])
        #expect(try store.unseenStoredItems(feed: "f", profile: "a", excludingBriefings: [id]).map(\.id) == ["1", "2"])
        #expect(try store.unseenStoredItems(feed: "f", profile: "b", since: start.addingTimeInterval(1)).isEmpty)
        // A new version of item 1 is an update for a, with the hash a was shown.
        try store.store(
            RefreshRecord(
                createdAt: start.addingTimeInterval(day), feeds: [],
                items: [StoredItem(feed: "f", item: FeedItem(id: "1"), contentHash: "new")]))
        let update = try #require(try store.unseenStoredItems(feed: "f", profile: "a").first { $0.id == "1" })
        #expect(update.shownHash == "h1" && update.contentHash == "new")
        #expect(update.firstSeen == start)

        // Retention: the stored text of what the feed no longer lists goes after keep, as the
        // seen records do; what it still lists stays.
        try store.store(
            RefreshRecord(
                createdAt: start.addingTimeInterval(11 * day), feeds: [RetentionTests.fetched("f")], items: [],
                listed: ["f": ["2"]], keep: 10 * day))
        #expect(try store.storedItemCount(feed: "f") == 1)
        #expect(try store.unseenStoredItems(feed: "f", profile: "b").map(\.id) == ["2"])
        #expect(try store.seenItems(feed: "f", ids: ["1"], profile: "a").isEmpty)
        // With keepText shorter than keep, the stored text of what the feed no longer lists
        // goes after keepText; the seen records stay until keep.
        try store.store(
            RefreshRecord(
                createdAt: start.addingTimeInterval(12 * day), feeds: [RetentionTests.fetched("f")],
                items: [StoredItem(feed: "f", item: FeedItem(id: "3"), contentHash: "h3")], listed: ["f": ["3"]],
                keep: 10 * day))
        var short = RefreshRecord(
            createdAt: start.addingTimeInterval(15 * day), feeds: [RetentionTests.fetched("f")], items: [],
            listed: ["f": []], keep: 10 * day)
        short.keepText = 2 * day
        let id3 = RunRecord(
            day: "d3", createdAt: start.addingTimeInterval(12 * day), payload: Data("{}".utf8), files: [],
            delivery: .none, feeds: [], items: RetentionTests.items("f", ["3"]), profile: "a")
        try store.commit(id3)
        try store.store(short)
        #expect(try store.storedItemCount(feed: "f") == 0)
        #expect(try store.seenItems(feed: "f", ids: ["3"], profile: "a").count == 1)
        // A feed in no list, not read within keep, goes with its stored items.
        try store.store(
            RefreshRecord(createdAt: start.addingTimeInterval(30 * day), feeds: [], items: [], keep: 10 * day))
        #expect(try store.storedItemCount(feed: "f") == 0)
    }

    @Test func theUnseenLookupSearchesIndexes() throws {
        let directory = StateStoreTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(directory: directory)
        for sql in [
            StateStore.unseenStoredItemsQuery(excluding: 0), StateStore.unseenStoredItemsQuery(excluding: 2),
            StateStore.oldStoredItemsQuery,
        ] {
            let values = Array(repeating: SQLValue.text("x"), count: sql.filter { $0 == "?" }.count)
            let plan = try store.database.query("EXPLAIN QUERY PLAN " + sql, values).compactMap { $0.last?.string }
            #expect(
                plan.contains { $0.hasPrefix("SEARCH s USING") || $0.hasPrefix("SEARCH stored_items USING") }, "\(plan)"
            )
            #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
        }
    }
}
