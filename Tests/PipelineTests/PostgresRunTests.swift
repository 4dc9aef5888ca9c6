import Foundation
import History
import TestSupport
import Testing

/// `briefing run` with the state in PostgreSQL (`[state] url`), end to end over the bundled
/// sample feeds: the same briefing as with SQLite, recorded in the database, and made once.
@Suite struct PostgresRunTests {
    @Test func theDemoBriefingIsTheSameWithItsStateInPostgreSQL() throws {
        guard let server = PostgresServer.shared else {
            let reason = PostgresServer.unavailable ?? "PostgreSQL is not available"
            if PostgresServer.required {
                Issue.record("\(reason) (CI=true: required)")
            } else {
                print("skipped: \(reason)")
            }
            return
        }
        let url = try server.createDatabase()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "briefing-pgrun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = try String(
            contentsOf: Repository.root.appendingPathComponent("Config/demo.toml"), encoding: .utf8)
        let feeds = Repository.root.appendingPathComponent("Feeds/demo.opml").path
        let text = demo.replacingOccurrences(of: "\"../Feeds/demo.opml\"", with: "\"\(feeds)\"")
        #expect(text != demo)
        let sqliteConfig = folder.appendingPathComponent("sqlite.toml")
        try (text + "\n[state]\ndirectory = \"state\"\n").write(to: sqliteConfig, atomically: true, encoding: .utf8)
        let postgresConfig = folder.appendingPathComponent("postgres.toml")
        try (text + "\n[state]\nurl = \"\(url)\"\n").write(to: postgresConfig, atomically: true, encoding: .utf8)

        let sqlite = try ProcessRun.run(["run", "--config", sqliteConfig.path, "--quiet"])
        #expect(sqlite.status == 0, "\(sqlite.errors)")
        let postgres = try ProcessRun.run(["run", "--config", postgresConfig.path, "--quiet"])
        #expect(postgres.status == 0, "\(postgres.errors)")
        #expect(postgres.output.contains("Demo briefing"))
        #expect(postgres.output == sqlite.output)
        // The SQLite run kept its state in its directory; the PostgreSQL run in the database.
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("state/state.db").path))

        let state = try StateStore(location: .postgres(url: url, password: nil), readOnly: true)
        let briefings = try state.briefings(delivery: .none)
        #expect(briefings.count == 1)
        #expect(Int(try state.scalar("SELECT count(*) FROM stored_items")) == 24)
        #expect(Int(try state.scalar("SELECT count(*) FROM items WHERE briefing_id IS NOT NULL")) == 24)

        // Again the same day: the briefing made is shown again, not made a second time.
        let again = try ProcessRun.run(["run", "--config", postgresConfig.path, "--quiet"])
        #expect(again.status == 0, "\(again.errors)")
        #expect(again.output == postgres.output)
        #expect(try state.briefings(delivery: .none).count == 1)
    }

    /// The password from the environment, never from the command line; a wrong one is one
    /// clear error naming the URL and not the password.
    @Test func thePasswordComesFromTheEnvironment() throws {
        guard let server = PostgresServer.shared else {
            let reason = PostgresServer.unavailable ?? "PostgreSQL is not available"
            if PostgresServer.required {
                Issue.record("\(reason) (CI=true: required)")
            } else {
                print("skipped: \(reason)")
            }
            return
        }
        let database = try server.createDatabase().split(separator: "/").last.map(String.init) ?? ""
        let url = server.url(database: database, user: PostgresServer.secretUser)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "briefing-pgrun-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let feeds = Repository.root.appendingPathComponent("Feeds/demo.opml").path
        let config = folder.appendingPathComponent("c.toml")
        try "[briefing]\nfeeds = [\"\(feeds)\"]\nmax_item_age = \"0\"\n[state]\nurl = \"\(url)\"\n".write(
            to: config, atomically: true, encoding: .utf8)

        let run = try ProcessRun.run(
            ["run", "--config", config.path, "--quiet"],
            environment: ["BRIEFING_PG_PASSWORD": PostgresServer.secretPassword, "PGPASSFILE": "/nonexistent"])
        #expect(run.status == 0, "\(run.errors)")
        #expect(!run.output.isEmpty)

        let wrong = try ProcessRun.run(
            ["run", "--config", config.path, "--quiet"],
            environment: ["BRIEFING_PG_PASSWORD": "not-the-password", "PGPASSFILE": "/nonexistent"])
        #expect(wrong.status != 0)
        #expect(
            wrong.errors.contains(url) && wrong.errors.contains("password authentication failed"), "\(wrong.errors)")
        #expect(!wrong.errors.contains("not-the-password"))
    }
}
