import BriefingCore
import Foundation
import History
import Synchronization
import TestSupport
import Testing

@testable import Pipeline

/// Runs that used to end quietly with nothing: each is now an error that names its input.
@Suite struct NothingSilentTests {
    @Test func aFeedListWithNoFeedsIsAnErrorNamingIt() async throws {
        let folder = Repository.temporaryDirectory("empty-list")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("empty.opml")
        try "<opml version=\"2.0\"><head><title>T</title></head><body></body></opml>"
            .write(to: list, atomically: true, encoding: .utf8)
        var configuration = BriefingConfiguration()
        configuration.feedLists = [list.path]
        let error = try await #require(throws: PipelineError.self) {
            _ = try await DailyRun(configuration: configuration).run()
        }
        #expect(error.description == "\(list.path): no feeds: the feed list names none")
        await #expect(throws: PipelineError.self) { try await FeedCheck(configuration: configuration).run() }
    }

    /// A server that answers 304 whenever it is asked conditionally, as real servers do.
    static func steadyServer() throws -> TestHTTPServer {
        try TestHTTPServer { request in
            if request.headers["if-none-match"] == "\"v1\"" { return .response(status: 304) }
            return .response(status: 200, headers: ["ETag": "\"v1\""], body: Data(FeedStateTests.rss.utf8))
        }
    }

    static func configuration(server: TestHTTPServer, folder: URL) throws -> BriefingConfiguration {
        var configuration = try FeedListFixture.configuration(
            in: folder, feeds: [("Steady", server.baseURL + "/steady.xml")])
        configuration.fullText.mode = .never
        return configuration
    }

    /// `--force` and `--since` while the server answers 304: the items a fresh state would
    /// give (they used to make "0 stories" and overwrite the day's files).
    @Test func forceAndSinceSeeTheItemsWhateverTheServerAnswers() async throws {
        let server = try Self.steadyServer()
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("force-304")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(server: server, folder: folder)
        let output = folder.appendingPathComponent("out").path + "/"
        var options = JobOptions()
        options.output = output
        let first = try await DailyJob(configuration: configuration, options: options).run()
        #expect(first.briefing.entryCount == 1)
        let text = try String(contentsOfFile: try #require(first.files.first), encoding: .utf8)

        options.force = true
        let forced = try await DailyJob(configuration: configuration, options: options).run()
        #expect(forced.briefing.entryCount == 1)
        #expect(try String(contentsOfFile: try #require(forced.files.first), encoding: .utf8) == text)

        var since = JobOptions()
        since.since = 30 * 86400 * 12 * 10
        since.dryRun = true
        let recent = try await DailyJob(configuration: configuration, options: since).run()
        #expect(recent.briefing.entryCount == 1)
    }

    /// A remade briefing with no stories (every feed down) keeps the day's earlier briefing.
    @Test func anEmptyRemakeNeverReplacesTheDaysBriefing() async throws {
        let up = Switch(true)
        let server = try TestHTTPServer { _ in
            up.isOn ? .response(status: 200, body: Data(FeedStateTests.rss.utf8)) : .response(status: 503)
        }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("empty-remake")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(server: server, folder: folder)
        var options = JobOptions()
        options.output = folder.appendingPathComponent("out").path + "/"
        let first = try await DailyJob(configuration: configuration, options: options).run()
        #expect(first.briefing.entryCount == 1)

        up.isOn = false
        options.force = true
        let remade = try await DailyJob(configuration: configuration, options: options).run()
        #expect(remade.reused)
        #expect(remade.briefing.sections == first.briefing.sections)
        #expect(remade.keptEarlierBriefing)
        #expect(remade.notes.first?.contains("the remade briefing had no stories (1 of 1 feeds failed)") == true)
        let file = try String(contentsOfFile: try #require(remade.files.first), encoding: .utf8)
        #expect(file.contains("Steady item"))
    }

    /// `run --feeds nosuch.opml` is an error even when today's briefing exists.
    @Test func aMissingFeedListIsAnErrorEvenWhenTheDayHasABriefing() async throws {
        let server = try Self.steadyServer()
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("missing-list")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try Self.configuration(server: server, folder: folder)
        _ = try await DailyJob(configuration: configuration, options: JobOptions()).run()
        configuration.feedLists = [folder.appendingPathComponent("nosuch.opml").path]
        let error = try await #require(throws: PipelineError.self) {
            _ = try await DailyJob(configuration: configuration, options: JobOptions()).run()
        }
        #expect(error.description == "\(configuration.feedLists[0]): no such file")
    }

    /// The day's briefing is shown again only for the same feed lists: `--feeds other.opml`
    /// on the same state makes its own (it used to show the first list's briefing).
    @Test func aBriefingIsReusedOnlyForTheSameFeedLists() async throws {
        let server = try Self.steadyServer()
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("other-lists")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try Self.configuration(server: server, folder: folder)
        let first = try await DailyJob(configuration: configuration, options: JobOptions()).run()
        #expect(first.briefing.entryCount == 1)
        let again = try await DailyJob(configuration: configuration, options: JobOptions()).run()
        #expect(again.reused)

        configuration.feedLists = try FeedListFixture.configuration(
            in: folder, group: "Other", feeds: [("Steady again", server.baseURL + "/other.xml")], fileName: "other.opml"
        ).feedLists
        let other = try await DailyJob(configuration: configuration, options: JobOptions()).run()
        #expect(!other.reused)
        #expect(other.briefing.sections.map(\.name) == ["Other"])
    }

    /// `--force` with one feed list makes only its own briefing again: the day's briefing from
    /// another list keeps its items, which are then not briefed twice.
    @Test func forceRemakesOnlyTheBriefingOfTheSameLists() async throws {
        let server = try Self.steadyServer()
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("force-other-lists")
        defer { try? FileManager.default.removeItem(at: folder) }
        let noon = Date(timeIntervalSince1970: 1_795_780_800)  // 27 November 2026, 12:00 UTC
        let first = try Self.configuration(server: server, folder: folder)
        var second = first
        second.feedLists = try FeedListFixture.configuration(
            in: folder, group: "Other", feeds: [("Other", server.baseURL + "/other.xml")], fileName: "other.opml"
        ).feedLists
        #expect(
            try await DailyJob(configuration: first, options: JobOptions(), now: { noon }).run().briefing.entryCount
                == 1)
        #expect(
            try await DailyJob(configuration: second, options: JobOptions(), now: { noon }).run().briefing.entryCount
                == 1)

        var force = JobOptions()
        force.force = true
        #expect(try await DailyJob(configuration: first, options: force, now: { noon }).run().briefing.entryCount == 1)
        let again = try await DailyJob(configuration: second, options: JobOptions(), now: { noon }).run()
        #expect(again.reused)
        #expect(again.briefing.entryCount == 1)
        let state = try StateStore(directory: first.stateDirectory)
        #expect(try state.briefings(day: "2026-11-27").count == 2)
    }

    /// When recording a delivery fails after the mail went out, the run fails (exit 1) and the
    /// next run does not send it again; it says the delivery was interrupted.
    @Test func aFailedDeliveryRecordNeverLeadsToASecondSend() async throws {
        let server = try Self.steadyServer()
        defer { server.stop() }
        let smtp = try TestSMTPServer()
        defer { smtp.stop() }
        let folder = Repository.temporaryDirectory("delivery-record")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try Self.configuration(server: server, folder: folder)
        configuration.email.smtpURL = smtp.url
        configuration.email.to = ["reader@example.com"]
        configuration.email.startTLS = false
        var options = JobOptions()
        options.send = true
        let error = try await #require(throws: PipelineError.self) {
            _ = try await DailyJob(
                configuration: configuration, options: options, environment: ["BRIEFING_FAIL_AT": "record-sent"]
            ).run()
        }
        #expect(error.description.contains("cannot record that briefing 1 is sent"))
        #expect(error.description.contains("it is not sent again"))
        #expect(smtp.received.count == 1)

        let next = try await DailyJob(configuration: configuration, options: options, environment: [:]).run()
        #expect(smtp.received.count == 1)
        #expect(
            next.retriedDeliveries.contains {
                $0.contains("was interrupted; it may have arrived, and is not sent again")
            })
        let state = try StateStore(directory: configuration.stateDirectory)
        #expect(try state.briefings(delivery: .abandoned).count == 1)
    }

    /// A pending briefing that cannot be read is reported and given up, not skipped forever.
    @Test func anUnreadablePendingBriefingIsReported() async throws {
        let server = try Self.steadyServer()
        defer { server.stop() }
        let smtp = try TestSMTPServer()
        defer { smtp.stop() }
        let folder = Repository.temporaryDirectory("unreadable-pending")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try Self.configuration(server: server, folder: folder)
        configuration.email.smtpURL = smtp.url
        configuration.email.to = ["reader@example.com"]
        configuration.email.startTLS = false
        configuration.retention = 0  // The stored briefing is older than any default keep.
        let state = try StateStore(directory: configuration.stateDirectory)
        _ = try state.commit(
            RunRecord(
                day: "2026-01-01", createdAt: Date(timeIntervalSince1970: 1_767_225_600),
                payload: Data("{not json".utf8),
                files: [], delivery: .pending, feeds: [], items: []))
        var options = JobOptions()
        options.send = true
        let outcome = try await DailyJob(configuration: configuration, options: options, environment: [:]).run()
        #expect(
            outcome.retriedDeliveries.contains {
                $0.contains("the briefing of 2026-01-01 cannot be read from the state and is not sent")
            })
        #expect(try state.briefings(delivery: .abandoned).map(\.day) == ["2026-01-01"])
        #expect(smtp.received.count == 1)
    }
}

/// A flag that a test server's handler reads from its own thread.
final class Switch: Sendable {
    private let value: Mutex<Bool>

    init(_ value: Bool) { self.value = Mutex(value) }

    var isOn: Bool {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
