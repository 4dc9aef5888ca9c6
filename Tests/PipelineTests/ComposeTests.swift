import BriefingCore
import Fetching
import Foundation
import History
import Synchronization
import TestSupport
import Testing

@testable import Pipeline

/// `briefing run --no-refresh` composes from the state alone; two composers racing record one
/// briefing and send it once; `briefing state export | import` moves a state to another back
/// end with what was seen.
@Suite struct ComposeTests {
    enum Backend: String, CaseIterable, Sendable {
        case sqlite, postgres
    }

    /// The `[state]` table of a new, empty state of `backend` under `folder`; nil (after
    /// saying why, or failing on CI) when PostgreSQL is not here.
    static func stateTable(_ backend: Backend, in folder: URL) throws -> String? {
        switch backend {
        case .sqlite:
            return "directory = \"\(folder.appendingPathComponent("state").path)\""
        case .postgres:
            guard let server = PostgresServer.shared else {
                let reason = PostgresServer.unavailable ?? "PostgreSQL is not available"
                if PostgresServer.required { Issue.record("\(reason) (CI=true: required)") } else { print("skipped: \(reason)") }
                return nil
            }
            return "url = \"\(try server.createDatabase())\""
        }
    }

    /// What a refresh worker stores: every feed fetched and stored, no briefing composed.
    static func refreshOnly(_ configuration: BriefingConfiguration, now: Date) async throws {
        let state = try StateStore(location: try configuration.stateLocation())
        let run = DailyRun(configuration: configuration, now: { now })
        let refresh = try await run.refresh([configuration], state: state, options: RunOptions())
        try state.store(refresh.record)
    }

    @Test func composingAfterARefreshOnlyGivesTheBriefingOfANormalRun() async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("compose-same")
        defer { try? FileManager.default.removeItem(at: folder) }
        let now = try #require(ThreeDayRunTests.days[1])
        var normal = try ThreeDayRunTests.configuration(server: server, folder: folder)
        var composed = normal
        normal.stateDirectory = folder.appendingPathComponent("normal").path
        composed.stateDirectory = folder.appendingPathComponent("composed").path

        let expected = try await DailyJob(configuration: normal, options: JobOptions(), now: { now }).run()
        #expect(expected.briefing.entryCount == 8)
        try await Self.refreshOnly(composed, now: now)
        let requests = server.received.count
        var options = JobOptions()
        options.noRefresh = true
        let outcome = try await DailyJob(configuration: composed, options: options, now: { now }).run()
        #expect(server.received.count == requests)  // no feed fetched
        #expect(!outcome.reused)
        #expect(outcome.briefing == expected.briefing)
        // Composed once: a second compose shows it again, and a refresh-only state whose items
        // were all shown composes nothing new the next day.
        let again = try await DailyJob(configuration: composed, options: options, now: { now }).run()
        #expect(again.reused)
        #expect(again.briefing == expected.briefing)
    }

    @Test func noRefreshRefusesSince() async throws {
        var options = JobOptions()
        options.noRefresh = true
        options.since = 3600
        var configuration = BriefingConfiguration()
        configuration.feedLists = []
        await #expect(throws: PipelineError.self) {
            try await DailyJob(configuration: configuration, options: options).run()
        }
        let run = try ProcessRun.run(["run", "--no-refresh", "--since", "1h"])
        #expect(run.status == 64)
        #expect(run.errors.contains("--since cannot be used with --no-refresh"))
    }

    @Test(arguments: Backend.allCases)
    func twoComposersStartedTogetherRecordOneBriefingAndSendItOnce(backend: Backend) async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let smtp = try TestSMTPServer()
        defer { smtp.stop() }
        let folder = Repository.temporaryDirectory("compose-race")
        defer { try? FileManager.default.removeItem(at: folder) }
        guard let state = try Self.stateTable(backend, in: folder) else { return }
        try ChangingFeeds.opml(baseURL: server.baseURL).write(
            to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("briefing.toml").path
        try """
        [briefing]
        feeds = ["feeds.opml"]
        max_item_age = "0"

        [state]
        \(state)

        [email]
        smtp_url = "\(smtp.url)"
        from = "briefing@example.com"
        to = ["reader@example.com"]
        starttls = false
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let configuration = try BriefingConfiguration.load(path: path)
        try await Self.refreshOnly(configuration, now: Date())

        let runs = Mutex<[Int: ProcessRun]>([:])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let output = folder.appendingPathComponent("out\(index)").path + "/"
            let run = try? ProcessRun.run(["run", "--no-refresh", "--send", "-c", path, "-o", output])
            runs.withLock { $0[index] = run }
        }
        let results = runs.withLock { $0 }
        for index in 0..<2 {
            let run = try #require(results[index])
            #expect(run.status == 0, "composer \(index): \(run.errors)")
        }
        let store = try StateStore(location: try configuration.stateLocation())
        let day = DailyJob.day(of: Date(), in: TimeZone(identifier: configuration.timeZone) ?? .gmt)
        let recorded = try store.briefings(day: day)
        #expect(recorded.count == 1)
        #expect(recorded.first?.delivery == .sent)
        #expect(smtp.received.count == 1)
        // The loser's files are the winner's briefing.
        let name = "briefing-\(day).txt"
        let first = try String(contentsOfFile: folder.appendingPathComponent("out0/\(name)").path, encoding: .utf8)
        let second = try String(contentsOfFile: folder.appendingPathComponent("out1/\(name)").path, encoding: .utf8)
        #expect(first == second)
        #expect(first.contains("8 stories"))
    }

    @Test(arguments: Backend.allCases)
    func aStateMovedByExportAndImportKeepsWhatWasSeen(backend: Backend) async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("state-transfer")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = try ThreeDayRunTests.configuration(server: server, folder: folder)
        let day1 = try #require(ThreeDayRunTests.days[1])
        let day2 = try #require(ThreeDayRunTests.days[2])
        _ = try await DailyJob(configuration: source, options: JobOptions(), now: { day1 }).run()

        // The target: PostgreSQL, or a second SQLite state.
        var target = source
        guard let table = try Self.stateTable(backend, in: folder.appendingPathComponent("target")) else { return }
        if backend == .postgres {
            target.stateURL = String(table.dropFirst("url = \"".count).dropLast())
        } else {
            target.stateDirectory = folder.appendingPathComponent("target/state").path
        }
        let exported = folder.appendingPathComponent("state.jsonl").path
        try StateMaintenance(configuration: source).export(to: exported)
        let into = try StateMaintenance(configuration: target)
        let imported = try into.importing(from: exported, replace: false)
        #expect(imported.rows["briefings"] == 1)
        #expect(imported.total > 20)
        // Byte for byte the same state.
        let again = folder.appendingPathComponent("again.jsonl").path
        try into.export(to: again)
        #expect(try Data(contentsOf: URL(fileURLWithPath: again)) == Data(contentsOf: URL(fileURLWithPath: exported)))
        // Refused a second time, and with --replace the same.
        #expect(throws: PipelineError.self) { try into.importing(from: exported, replace: false) }
        #expect(try into.importing(from: exported, replace: true) == imported)

        // The next day's briefing on the target is the source's: only the new items, nothing
        // already shown; new rows get ids after the imported ones.
        feeds.setDay(2)
        let fromSource = try await DailyJob(configuration: source, options: JobOptions(), now: { day2 }).run()
        let fromTarget = try await DailyJob(configuration: target, options: JobOptions(), now: { day2 }).run()
        #expect(fromSource.briefing.entryCount == 2)
        #expect(fromTarget.briefing == fromSource.briefing)
        let ids = try StateStore(location: try target.stateLocation()).briefings(day: "2026-11-27").map(\.id)
        #expect(ids == [2])
    }

    @Test func aGarbledLineImportsNothingAndNamesTheFileAndLine() throws {
        let folder = Repository.temporaryDirectory("state-garbled")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cut.jsonl").path
        let version = try StateStore(directory: folder.appendingPathComponent("probe").path).schemaVersion()
        try """
        {"briefing_state":\(version),"rows":{"feeds":2}}
        {"table":"feeds","row":{"url":"https://a.example/feed","error_count":0}}
        {"table":"feeds","row":{"url":"https://b.exa
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let state = StateMaintenance(location: .directory(folder.appendingPathComponent("state").path))
        #expect {
            try state.importing(from: file, replace: false)
        } throws: { error in
            "\(error)".contains("\(file): line 3: not JSON")
        }
        let empty = folder.appendingPathComponent("empty.jsonl").path
        try state.export(to: empty)
        #expect(try String(contentsOfFile: empty, encoding: .utf8).split(separator: "\n").count == 1)
        // A file cut at a line's end: the header's counts tell.
        try """
        {"briefing_state":\(version),"rows":{"feeds":2}}
        {"table":"feeds","row":{"url":"https://a.example/feed","error_count":0}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try state.importing(from: file, replace: false)
        } throws: { error in
            "\(error)".contains("announces 2 rows, the file holds 1")
        }
        // Another version: migrate first.
        try """
        {"briefing_state":\(version - 1),"rows":{}}
        """.write(toFile: file, atomically: true, encoding: .utf8)
        #expect {
            try state.importing(from: file, replace: false)
        } throws: { error in
            "\(error)".contains("migrate")
        }
    }
}
