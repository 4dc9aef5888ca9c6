import Foundation
import Testing

@testable import History

@Suite struct StateStoreTests {
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("briefing-state-\(UUID().uuidString)").path
        return path
    }

    static func run(
        day: String, items: [ItemRecord], feeds: [FeedRecord] = [], delivery: Delivery = .none,
        replacing: [Int64] = []
    ) -> RunRecord {
        RunRecord(
            day: day, createdAt: Date(timeIntervalSince1970: 1_795_859_200), payload: Data("{}".utf8), files: [],
            delivery: delivery, feeds: feeds, items: items, replacing: replacing)
    }

    @Test func createsTheDirectoryPrivateAndMigrates() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = try StateStore(directory: directory)
        let attributes = try FileManager.default.attributesOfItem(atPath: directory)
        #expect((attributes[.posixPermissions] as? Int) == 0o700)
        #expect(try store.database.query("PRAGMA user_version").first?.first?.int == Int64(StateStore.migrations.count))
        #expect(StateStore.migrations.count == 5)
        #expect(try store.database.query("PRAGMA journal_mode").first?.first?.string == "wal")
        // Opening again does not migrate twice.
        _ = try StateStore(directory: directory)
    }

    @Test(arguments: Backend.allCases) func itemsAndFeedsAreStoredTogether(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let id = try store.commit(
            Self.run(
                day: "2026-11-28",
                items: [
                    ItemRecord(feed: "f", id: "1", contentHash: "a", shown: true),
                    ItemRecord(feed: "f", id: "2", contentHash: "b", shown: false),
                ],
                feeds: [
                    FeedRecord(url: "f", outcome: .fetched(etag: "\"e\"", lastModified: "Sat")),
                    FeedRecord(url: "g", outcome: .failed("fetch: HTTP 500")),
                ]))
        #expect(try store.seenItems(feed: "f", ids: ["1", "2", "3"]) == ["1": "a", "2": "b"])
        #expect(try store.feed("f")?.etag == "\"e\"")
        #expect(try store.feed("g")?.errorCount == 1)
        #expect(try store.feed("g")?.lastError == "fetch: HTTP 500")
        #expect(try store.briefing(day: "2026-11-28")?.id == id)

        // A second failure counts up; a success resets.
        try store.commit(Self.run(day: "2026-11-29", items: [], feeds: [FeedRecord(url: "g", outcome: .failed("x"))]))
        #expect(try store.feed("g")?.errorCount == 2)
        try store.commit(
            Self.run(day: "2026-11-30", items: [], feeds: [FeedRecord(url: "g", outcome: .notModified)]))
        #expect(try store.feed("g")?.errorCount == 0)
    }

    @Test(arguments: Backend.allCases) func forceReplacesTheDaysBriefingAndFreesItsItems(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let first = try store.commit(
            Self.run(day: "2026-11-28", items: [ItemRecord(feed: "f", id: "1", contentHash: "a", shown: true)]))
        // Another briefing of the day, from other feed lists: not remade, its items stay seen.
        let other = try store.commit(
            Self.run(day: "2026-11-28", items: [ItemRecord(feed: "g", id: "2", contentHash: "b", shown: true)]))
        #expect(try store.seenItems(feed: "f", ids: ["1"], excludingBriefings: [first]).isEmpty)
        #expect(try store.seenItems(feed: "g", ids: ["2"], excludingBriefings: [first]).count == 1)
        try store.commit(Self.run(day: "2026-11-28", items: [], replacing: [first]))
        #expect(try store.seenItems(feed: "f", ids: ["1"]).isEmpty)
        #expect(try store.seenItems(feed: "g", ids: ["2"]).count == 1)
        #expect(try store.briefings(day: "2026-11-28").map(\.id).contains(other))
        #expect(try store.database.query("SELECT COUNT(*) FROM briefings").first?.first?.int == 2)
    }

    @Test(arguments: Backend.allCases) func deliveryStatusIsKeptForRetries(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let id = try store.commit(Self.run(day: "2026-11-28", items: [], delivery: .pending))
        #expect(try store.undelivered().map(\.id) == [id])
        try store.setDelivery(.failed, error: "smtp: connection refused", briefing: id)
        #expect(try store.undelivered().first?.deliveryError == "smtp: connection refused")
        try store.setDelivery(.sent, briefing: id)
        #expect(try store.undelivered().isEmpty)
    }

    @Test(arguments: Backend.allCases) func aFailedTransactionStoresNothing(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        #expect(throws: StateError.self) {
            try store.database.transaction { () throws(StateError) in
                try store.database.query(
                    "INSERT INTO feeds (url, error_count) VALUES ('x', 0)")
                try store.database.query("INSERT INTO no_such_table VALUES (1)")
            }
        }
        #expect(try store.feed("x") == nil)
    }

    @Test func dryRunOnMissingStateReadsEmptyAndCreatesNothing() throws {
        let directory = Self.temporaryDirectory()
        let store = try StateStore(directory: directory, readOnly: true)
        #expect(try store.seenItems(feed: "f", ids: ["1"]).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory))
    }

    @Test func secondLockIsRefusedAtOnce() throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try StateStore(directory: directory)
        let first = try RunLock(directory: directory)
        #expect(throws: StateError.self) { _ = try RunLock(directory: directory) }
        _ = first
    }

    @Test func stateDirectoryThatIsAFileIsAClearError() throws {
        let path = Self.temporaryDirectory()
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let error = try #require(throws: StateError.self) {
            _ = try StateStore(directory: path)
        }
        #expect(error.description == "state: \(path): not a directory")
    }
}
