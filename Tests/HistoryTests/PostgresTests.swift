import Foundation
import TestSupport
import Testing

@testable import History

/// What only the PostgreSQL back end does: passwords kept out of URLs, reconnecting after a
/// restart, migrating under a lock, read-only connections.
@Suite struct PostgresTests {
    @Test func parametersAreNumberedOutsideQuotesAndComments() {
        #expect(
            PostgresDatabase.numberedParameters(
                "SELECT '?', \"a?\", x FROM t WHERE a = ? AND b IN (?, ?) -- ?\nAND c = ?")
                == "SELECT '?', \"a?\", x FROM t WHERE a = $1 AND b IN ($2, $3) -- ?\nAND c = $4")
        #expect(PostgresDatabase.numberedParameters("SELECT 1") == "SELECT 1")
    }

    @Test func resultsAreTypedByTheirColumnsAndParametersRoundTrip() throws {
        guard let server = try Backend.server() else { return }
        let database = try PostgresDatabase(url: try server.createDatabase(), password: nil)
        let row = try #require(
            try database.query(
                """
                SELECT true, false, 1::int2, 2::int4, 3::int8, 1.5::float4, 2.5::float8, 3.25::numeric,
                    'x'::varchar, NULL, '?', ?::text, ?::float8, ?::bigint, ?::text IS NULL
                """, [.text("it's ?"), .real(0.1 + 0.2), .integer(Int64.min), .null]
            ).first)
        #expect(
            row == [
                .integer(1), .integer(0), .integer(1), .integer(2), .integer(3), .real(1.5), .real(2.5), .real(3.25),
                .text("x"), .null, .text("?"), .text("it's ?"), .real(0.1 + 0.2), .integer(Int64.min), .integer(1),
            ])
        try database.execute("CREATE TABLE t (a TEXT); INSERT INTO t VALUES ('1'), ('2'), ('3')")
        try database.query("UPDATE t SET a = a || ? WHERE a != ?", [.text("!"), .text("2")])
        #expect(database.changes == 2)
        // An error has the server's words and the statement.
        let error = try #require(throws: StateError.self) { try database.query("SELECT * FROM no_such_table") }
        #expect(error.message.contains("relation \"no_such_table\" does not exist"), "\(error)")
        #expect(error.message.hasSuffix("in: SELECT * FROM no_such_table"))
    }

    @Test func aPasswordInTheURLIsRefusedWithoutShowingIt() throws {
        for url in [
            "postgresql://user:hunter2@db.example/briefing", "postgres://user:hunter2@db.example:5432/briefing",
            "postgresql://user@db.example/briefing?sslmode=require&password=hunter2",
        ] {
            let error = try #require(throws: StateError.self) {
                _ = try StateStore(location: .postgres(url: url, password: nil))
            }
            #expect(!error.description.contains("hunter2"), "\(error)")
            #expect(error.description.contains("password_file"), "\(error)")
            #expect(error.path.hasPrefix("postgres") && error.path.contains("user@db.example"), "\(error)")
            #expect(!StateLocation.postgres(url: url, password: nil).description.contains("hunter2"))
        }
        let error = try #require(throws: StateError.self) {
            try StateLocation.checkPostgresURL("mysql://user@db/briefing")
        }
        #expect(error.message.contains("not a PostgreSQL URL"))
    }

    @Test func thePasswordIsGivenApartFromTheURL() throws {
        guard let server = try Backend.server() else { return }
        let database = try server.createDatabase()
        let url = server.url(
            database: String(database.split(separator: "/").last ?? ""), user: PostgresServer.secretUser)
        let store = try StateStore(location: .postgres(url: url, password: PostgresServer.secretPassword))
        try store.commit(StateStoreTests.run(day: "2026-12-02", items: []))
        #expect(try store.briefings(day: "2026-12-02").count == 1)

        // A wrong password: the server's words, the URL, never the password.
        let error = try #require(throws: StateError.self) {
            _ = try StateStore(location: .postgres(url: url, password: "wrong-guess"))
        }
        #expect(error.message.contains("password authentication failed"), "\(error)")
        #expect(error.path == url)
        #expect(!error.description.contains("wrong-guess"))
    }

    @Test func twoProcessesOpeningANewDatabaseAtOnceMigrateItOnce() async throws {
        guard let server = try Backend.server() else { return }
        let url = try server.createDatabase()
        let versions = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try StateStore(location: .postgres(url: url, password: nil)).schemaVersion()
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(versions == Array(repeating: StateStore.migrations.count, count: 4))
        let store = try StateStore(location: .postgres(url: url, password: nil))
        #expect(try store.scalar("SELECT count(*) FROM schema_version") == "1")
    }

    @Test func aNewerSchemaIsAClearError() throws {
        guard let server = try Backend.server() else { return }
        let url = try server.createDatabase()
        let store = try StateStore(location: .postgres(url: url, password: nil))
        try store.database.execute("UPDATE schema_version SET version = 99")
        let error = try #require(throws: StateError.self) {
            _ = try StateStore(location: .postgres(url: url, password: nil))
        }
        #expect(
            error.message == "state schema version 99 is newer than this program knows (\(StateStore.migrations.count))"
        )
        #expect(error.path == url)
    }

    @Test func aReadOnlyConnectionRefusesWrites() throws {
        guard let server = try Backend.server() else { return }
        let url = try server.createDatabase()
        // Not migrated yet: read-only cannot migrate, and says so.
        let early = try #require(throws: StateError.self) {
            _ = try StateStore(location: .postgres(url: url, password: nil), readOnly: true)
        }
        #expect(early.message.contains("cannot be migrated read-only"), "\(early)")
        _ = try StateStore(location: .postgres(url: url, password: nil))
        let store = try StateStore(location: .postgres(url: url, password: nil), readOnly: true)
        #expect(try store.briefings(day: "2026-12-02").isEmpty)
        let error = try #require(throws: StateError.self) {
            try store.commit(StateStoreTests.run(day: "2026-12-02", items: []))
        }
        #expect(error.message.contains("read-only transaction"), "\(error)")
    }

    /// A transaction the server aborts as a serialization failure (40001) is run again, whole;
    /// any other error is reported at once, and nothing of the transaction stays.
    @Test func aSerializationFailureRunsTheTransactionAgain() throws {
        guard let server = try Backend.server() else { return }
        let store = try StateStore(location: .postgres(url: try server.createDatabase(), password: nil))
        var attempts = 0
        try store.database.transaction { () throws(StateError) in
            attempts += 1
            try store.database.query("INSERT INTO feeds (url, error_count) VALUES (?, ?)", [.text("a"), .integer(0)])
            if attempts == 1 {
                try store.database.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'as if' USING ERRCODE = 'serialization_failure'; END $$")
            }
        }
        #expect(attempts == 2)
        #expect(try store.scalar("SELECT count(*) FROM feeds") == "1")

        attempts = 0
        #expect(throws: StateError.self) {
            try store.database.transaction { () throws(StateError) in
                attempts += 1
                try store.database.query("INSERT INTO feeds (url, error_count) VALUES ('b', 0)")
                try store.database.execute("DO $$ BEGIN RAISE EXCEPTION 'plain' USING ERRCODE = 'P0001'; END $$")
            }
        }
        #expect(attempts == 1)
        #expect(try store.feed("b") == nil)
    }

    /// The server restarts in the middle of a transaction: the connection is found lost, a new
    /// one made, and the whole transaction run again; its writes are all there, once.
    @Test func aTransactionCutByARestartRunsAgainOnANewConnection() throws {
        guard try Backend.server() != nil else { return }
        let server = try PostgresServer.makePrivate()
        let url = try server.createDatabase()
        let store = try StateStore(location: .postgres(url: url, password: nil))
        var attempts = 0
        try store.database.transaction { () throws(StateError) in
            attempts += 1
            try store.database.query("INSERT INTO feeds (url, error_count) VALUES (?, 0)", [.text("a")])
            if attempts == 1 {
                do { try server.restart() } catch { Issue.record("restart: \(error)") }
            }
            try store.database.query("INSERT INTO feeds (url, error_count) VALUES (?, 0)", [.text("b")])
        }
        #expect(attempts == 2)
        #expect(try store.scalar("SELECT count(*) FROM feeds") == "2")

        // Outside a transaction, a read after a restart reconnects too; the state is all there.
        // A read-only connection is read-only again after it reconnects.
        let reader = try StateStore(location: .postgres(url: url, password: nil), readOnly: true)
        try server.restart()
        #expect(try store.feed("a") != nil && store.feed("b") != nil)
        let refused = try #require(throws: StateError.self) {
            try reader.commit(StateStoreTests.run(day: "2026-12-02", items: []))
        }
        #expect(refused.message.contains("read-only transaction"), "\(refused)")

        // A server that stays down: the retries give up after the limit, naming the URL.
        try server.stop()
        (store.database as? PostgresDatabase)?.retryLimit = 0.5
        let error = try #require(throws: StateError.self) { _ = try store.feed("a") }
        #expect(error.path == url)
        try server.start()
    }
}

/// A PostgreSQL database of schema 1 upgrades in place and keeps its rows (as a version 1
/// SQLite file does: `MigrationTests`).
@Suite struct PostgresMigrationTests {
    @Test func aVersion1DatabaseUpgradesAndKeepsItsRows() throws {
        guard let server = try Backend.server() else { return }
        let url = try server.createDatabase()
        let database = try PostgresDatabase(url: url, password: nil)
        try database.execute(StateStore.migrations[0].postgres)
        try database.execute(
            """
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version VALUES (1);
            INSERT INTO feeds (url, etag, last_success) VALUES ('f', '"e"', 1795680000);
            INSERT INTO briefings (day, created_at, payload) VALUES ('2026-11-26', 1795680000, '{}');
            INSERT INTO items VALUES ('f', '1', 'a', 1795680000, 1), ('f', '2', 'b', 1795680000, NULL);
            """)
        let store = try StateStore(location: .postgres(url: url, password: nil))
        #expect(try store.schemaVersion() == StateStore.migrations.count)
        #expect(try store.seenItems(feed: "f", ids: ["1", "2"]) == ["1": "a", "2": "b"])
        #expect(try store.seenItems(feed: "f", ids: ["1"], profile: "other").isEmpty)
        #expect(try store.feed("f")?.etag == "\"e\"")
        #expect(try store.briefing(day: "2026-11-26")?.id == 1)
        let next = try store.commit(StateStoreTests.run(day: "2026-11-27", items: []))
        #expect(next == 2)
        // Freeing the briefing's items: foreign keys hold on PostgreSQL too.
        try store.database.query("DELETE FROM briefings WHERE id = 1")
        #expect(try store.scalar("SELECT count(*) FROM items WHERE briefing_id IS NULL") == "2")
    }
}
