import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// The briefing's count line says what became of every feed: read, unchanged (304) or failed.
@Suite struct CountLineTests {
    @Test func aFeedAnswering304AndOneFailingAreCounted() async throws {
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/steady.xml":
                if request.headers["if-none-match"] == "\"v1\"" { return .response(status: 304) }
                return .response(status: 200, headers: ["ETag": "\"v1\""], body: Data(FeedStateTests.rss.utf8))
            case "/quiet.xml":
                return .response(
                    status: 200, body: Data("<rss version=\"2.0\"><channel><title>Q</title></channel></rss>".utf8))
            default:
                return .response(status: 404)
            }
        }
        let folder = Repository.temporaryDirectory("count-line")
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let configuration = try FeedListFixture.configuration(
            in: folder,
            feeds: ["steady", "quiet", "gone"].map { (name: $0, url: "\(server.baseURL)/\($0).xml") })

        var day = Date(timeIntervalSince1970: 1_795_680_000)
        let first = try await DailyJob(configuration: configuration, options: JobOptions(), now: { [day] in day }).run()
        #expect(first.briefing.feedsRead == 2)
        #expect(first.printed?.contains("1 story from 2 feeds · 1 failed\n") == true)

        day += 86400
        let job = DailyJob(configuration: configuration, options: JobOptions(), now: { [day] in day })
        let second = try await job.run()
        #expect(second.briefing.unchangedFeeds == 1)
        #expect(second.printed?.contains("0 stories from 1 feed · 1 unchanged · 1 failed\n") == true)
        #expect(job.render(second.briefing, as: .markdown).contains("_0 stories from 1 feed · 1 unchanged · 1 failed_"))
    }

    @Test func briefingsStoredWithoutTheCountsCountTheirEntriesFeeds() throws {
        let stored = """
            {"title":"T","date":0,"sections":[{"name":"S","entries":[
            {"title":"a","source":"A","summary":[],"isUpdate":false,"alsoReportedBy":[]},
            {"title":"b","source":"B","summary":[],"isUpdate":false,"alsoReportedBy":[]}]}],
            "failures":[],"feedCount":3}
            """
        let briefing = try JSONDecoder().decode(Briefing.self, from: Data(stored.utf8))
        #expect(briefing.feedsRead == 2)
        #expect(briefing.unchangedFeeds == 0)
    }
}
