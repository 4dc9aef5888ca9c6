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
        try database.execute(StateStore.migrations[0])
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
