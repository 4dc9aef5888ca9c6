import Foundation
import Testing

@testable import History

/// A briefing is recorded once per profile, day, edition and inputs (schema: `briefings_key`),
/// its delivery claimed by one process, and the migration that adds the key folds the
/// duplicates of before.
@Suite struct BriefingKeyTests {
    static func run(_ item: String, madeFrom: String = "lists=a", delivery: Delivery = .pending) -> RunRecord {
        RunRecord(
            day: "2026-12-02", createdAt: Date(timeIntervalSince1970: 1_796_198_400),
            payload: Data("{\"title\":\"\(item)\"}".utf8), files: [], delivery: delivery, feeds: [],
            items: [ItemRecord(feed: "f", id: item, contentHash: "h", shown: true)], profile: "p", edition: "morning",
            madeFrom: madeFrom)
    }

    @Test(arguments: Backend.allCases) func theSecondRecordOfAKeyStoresNothing(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let first = try state.open()
        let second = try state.open()
        guard case .recorded(let id) = try first.record(Self.run("1")) else {
            Issue.record("the first record did not record")
            return
        }
        // A second process composed the same briefing with another item: nothing of it is kept.
        #expect(try second.record(Self.run("2")) == .madeAlready(try #require(first.briefings(day: "2026-12-02").first)))
        #expect(try first.briefings(day: "2026-12-02").map(\.id) == [id])
        #expect(try first.seenItems(feed: "f", ids: ["1", "2"], profile: "p") == ["1": "h"])
        #expect(throws: StateError.self) { try second.commit(Self.run("3")) }
        // Other inputs are another briefing of the day.
        guard case .recorded = try second.record(Self.run("4", madeFrom: "lists=b")) else {
            Issue.record("a briefing of other inputs was refused")
            return
        }
        #expect(try first.briefings(day: "2026-12-02").count == 2)
    }

    @Test(arguments: Backend.allCases) func oneClaimOfADeliveryWins(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let first = try state.open()
        let second = try state.open()
        let id = try first.commit(Self.run("1"))
        #expect(try first.claimDelivery(briefing: id, from: [.pending]))
        #expect(try !second.claimDelivery(briefing: id, from: [.pending, .failed]))
        #expect(try second.briefings(delivery: .sending).map(\.id) == [id])
        try first.setDelivery(.failed, error: "smtp: down", briefing: id)
        #expect(try !second.claimDelivery(briefing: id, from: [.none]))
        #expect(try second.claimDelivery(briefing: id, from: [.pending, .failed]))
    }

    /// The index of the schema version that adds the key (renumbering-proof).
    static var keyMigration: Int {
        StateStore.migrations.firstIndex { $0.sqlite.contains("briefings_key") } ?? StateStore.migrations.count
    }

    /// A state of `backend` at the schema before the key, with duplicate briefings.
    @Test(arguments: Backend.allCases) func theKeyFoldsEarlierDuplicatesIntoTheNewest(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let database: any SQLConnection
        switch state.location {
        case .directory(let directory):
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            database = try Database(path: (directory as NSString).appendingPathComponent(StateStore.fileName))
            for index in 0..<Self.keyMigration { try database.execute(StateStore.migrations[index].sqlite) }
            try database.execute("PRAGMA user_version = \(Self.keyMigration)")
        case .postgres(let url, let password):
            database = try PostgresDatabase(url: url, password: password)
            for index in 0..<Self.keyMigration { try database.execute(StateStore.migrations[index].postgres) }
            try database.execute(
                "CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (\(Self.keyMigration))")
        }
        // Briefings 1 and 2: one key (2 wins); 3: same day, other lists; 4: a payload that is no JSON.
        try database.execute(
            """
            INSERT INTO briefings (id, day, created_at, payload, delivery, profile, edition) VALUES
                (1, '2026-12-01', 1, '{"madeFrom":"lists=a","title":"old"}', 'sent', 'p', ''),
                (2, '2026-12-01', 2, '{"madeFrom":"lists=a","title":"new"}', 'none', 'p', ''),
                (3, '2026-12-01', 3, '{"madeFrom":"lists=b","title":"other"}', 'none', 'p', ''),
                (4, '2026-12-01', 4, 'garbled', 'none', 'q', '');
            INSERT INTO items (feed, item_id, profile, content_hash, first_seen, briefing_id) VALUES
                ('f', '1', 'p', 'h', 1, 1), ('f', '2', 'p', 'h', 2, 2), ('f', '3', 'p', 'h', 3, 3);
            """)
        let store = try state.open()
        #expect(try store.schemaVersion() == StateStore.migrations.count)
        let kept = try store.briefings(day: "2026-12-01")
        #expect(kept.map(\.id) == [2, 3, 4])
        #expect(
            try store.database.query("SELECT id, made_from FROM briefings ORDER BY id") == [
                [.integer(2), .text("lists=a")], [.integer(3), .text("lists=b")], [.integer(4), .text("")],
            ])
        // What the folded briefing showed stays shown, now as the newest one's.
        #expect(
            try store.database.query("SELECT item_id, briefing_id FROM items ORDER BY item_id") == [
                [.text("1"), .integer(2)], [.text("2"), .integer(2)], [.text("3"), .integer(3)],
            ])
    }
}
