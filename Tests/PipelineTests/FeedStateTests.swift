import Foundation
import History
import TestSupport
import Testing

@testable import Fetching
@testable import Pipeline

/// What the run remembers per feed: validators for a conditional GET, errors for backing off.
@Suite struct FeedStateTests {
    static let rss = """
        <rss version="2.0"><channel><title>Steady</title>
        <item><guid>s-1</guid><title>Steady item</title><link>https://steady.example/1</link>
        <pubDate>Thu, 26 Nov 2026 09:00:00 +0000</pubDate>
        <description>The Steady Council in Leeds approved 12 new parks on Thursday, Mayor Ada Brook said.</description></item>
        </channel></rss>
        """

    func setUp(_ handler: @escaping @Sendable (TestHTTPServer.Request) -> TestHTTPServer.Reply) throws -> (
        TestHTTPServer, BriefingConfiguration, URL
    ) {
        let server = try TestHTTPServer(handler: handler)
        let folder = Repository.temporaryDirectory("feed-state")
        let list = folder.appendingPathComponent("list.opml")
        try """
        <opml version="2.0"><head><title>T</title></head><body><outline text="News">
        <outline text="Steady" xmlUrl="\(server.baseURL)/steady.xml"/>
        <outline text="Broken" xmlUrl="\(server.baseURL)/broken.xml"/></outline></body></opml>
        """.write(to: list, atomically: true, encoding: .utf8)
        var configuration = BriefingConfiguration()
        configuration.feedLists = [list.path]
        configuration.stateDirectory = folder.appendingPathComponent("state").path
        configuration.maxItemAge = 0
        configuration.fetch.maxAttempts = 1
        return (server, configuration, folder)
    }

    @Test func validatorsAreSentAndA304IsUnchangedNotFailed() async throws {
        let (server, configuration, folder) = try setUp { request in
            if request.path == "/steady.xml" {
                if request.headers["if-none-match"] == "\"v1\"" { return .response(status: 304) }
                return .response(
                    status: 200, headers: ["ETag": "\"v1\"", "Last-Modified": "Thu, 26 Nov 2026 09:00:00 GMT"],
                    body: Data(Self.rss.utf8))
            }
            return .response(
                status: 200, body: Data("<rss version=\"2.0\"><channel><title>B</title></channel></rss>".utf8))
        }
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        var day = Date(timeIntervalSince1970: 1_795_680_000)
        let first = try await DailyJob(configuration: configuration, options: JobOptions(), now: { [day] in day }).run()
        #expect(first.briefing.entryCount == 1)
        day += 86400
        let second = try await DailyJob(configuration: configuration, options: JobOptions(), now: { [day] in day })
            .run()
        #expect(second.briefing.entryCount == 0)
        #expect(second.briefing.failures.isEmpty)
        let conditional = server.received.filter { $0.path == "/steady.xml" }.last
        #expect(conditional?.headers["if-none-match"] == "\"v1\"")
        #expect(conditional?.headers["if-modified-since"] == "Thu, 26 Nov 2026 09:00:00 GMT")
        let state = try StateStore(directory: configuration.stateDirectory, readOnly: true)
        #expect(try state.feed(server.baseURL + "/steady.xml")?.errorCount == 0)
    }

    @Test func aFeedFailingForDaysIsBackedOffAndItsErrorKept() async throws {
        let (server, configuration, folder) = try setUp { request in
            request.path == "/broken.xml" ? .response(status: 503) : .response(status: 200, body: Data(Self.rss.utf8))
        }
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let start = Date(timeIntervalSince1970: 1_795_680_000)
        for day in 0..<3 {
            let now = start.addingTimeInterval(Double(day) * 86400)
            let outcome = try await DailyJob(configuration: configuration, options: JobOptions(), now: { now }).run()
            #expect(outcome.briefing.failures.count == 1)
            #expect(outcome.briefing.failures.first?.reason.contains("HTTP 503") == true)
        }
        let state = try StateStore(directory: configuration.stateDirectory, readOnly: true)
        let broken = try #require(try state.feed(server.baseURL + "/broken.xml"))
        #expect(broken.errorCount == 3)
        #expect(broken.lastError == "fetch: HTTP 503 Service Unavailable")
        let requestsBefore = server.received.filter { $0.path == "/broken.xml" }.count

        // Within the back-off window the feed is not fetched, and the briefing says why.
        let soon = start.addingTimeInterval(2 * 86400 + 1800)
        var options = JobOptions()
        options.force = true
        let skipped = try await DailyJob(configuration: configuration, options: options, now: { soon }).run()
        #expect(server.received.filter { $0.path == "/broken.xml" }.count == requestsBefore)
        let reason = try #require(skipped.briefing.failures.first?.reason)
        #expect(reason.hasPrefix("skipped: failed 3 runs in a row (last: fetch: HTTP 503 Service Unavailable)"))

        // After it, the feed is tried again.
        let later = start.addingTimeInterval(3 * 86400)
        _ = try await DailyJob(configuration: configuration, options: JobOptions(), now: { later }).run()
        #expect(server.received.filter { $0.path == "/broken.xml" }.count == requestsBefore + 1)
    }
}
