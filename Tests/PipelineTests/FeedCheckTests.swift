import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// `briefing feeds check`: one line (or JSON object) per feed, exit code 2 when some fail.
@Suite struct FeedCheckTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func reportsEveryFeedAndExitsTwoWhenSomeFail() throws {
        let server = try TestHTTPServer { request in
            request.path == "/ok.xml"
                ? .response(status: 200, body: Data(FeedStateTests.rss.utf8)) : .response(status: 404)
        }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("check")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("list.opml")
        try """
        <opml version="2.0"><head><title>T</title></head><body><outline text="News">
        <outline text="Good" xmlUrl="\(server.baseURL)/ok.xml"/>
        <outline text="Gone" xmlUrl="\(server.baseURL)/gone.xml"/></outline></body></opml>
        """.write(to: list, atomically: true, encoding: .utf8)

        let json = try KilledRunTests.briefing(["feeds", "check", "--feeds", list.path, "--json"])
        #expect(json.status == 2)
        let objects = json.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(objects.count == 2)
        let good = try #require(objects.first { ($0["url"] as? String)?.hasSuffix("/ok.xml") == true })
        #expect(good["status"] as? String == "ok")
        #expect(good["http_status"] as? Int == 200)
        #expect(good["items"] as? Int == 1)
        #expect((good["bytes"] as? Int ?? 0) > 100)
        #expect(good["ms"] is Int)
        #expect(good["error"] is NSNull)
        let gone = try #require(objects.first { ($0["url"] as? String)?.hasSuffix("/gone.xml") == true })
        #expect(gone["status"] as? String == "error")
        #expect(gone["http_status"] as? Int == 404)
        #expect(gone["error"] as? String == "fetch: HTTP 404 Not Found")

        let lines = try KilledRunTests.briefing(["feeds", "check", "--feeds", list.path])
        #expect(lines.status == 2)
        #expect(lines.output.contains("ok     200  1 items"))
        #expect(lines.output.contains("FAIL   404"))

        let healthy = folder.appendingPathComponent("healthy.opml")
        try """
        <opml version="2.0"><head><title>T</title></head><body>
        <outline text="Good" xmlUrl="\(server.baseURL)/ok.xml"/></body></opml>
        """.write(to: healthy, atomically: true, encoding: .utf8)
        #expect(try KilledRunTests.briefing(["feeds", "check", "--feeds", healthy.path]).status == 0)
    }

    @Test func importAddsNewFeedsOnceAndExportReadsBack() throws {
        let folder = Repository.temporaryDirectory("import")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("mine.opml").path
        let demo = Repository.root.appendingPathComponent("Feeds/demo.opml").path
        #expect(try FeedListEditing.importList(from: demo, into: target).added == 4)
        #expect(try FeedListEditing.importList(from: demo, into: target).added == 0)
        let exported = try FeedListEditing.export([target])
        #expect(exported.contains("Circuit Weekly"))
        #expect(exported.contains("<outline"))
    }

    /// `feeds check` and `run` judge a feed by the same rules: a truncated document from which
    /// no item can be read fails in both, with the same reason (check used to say "ok, 0 items").
    @Test func checkAndRunAgreeOnATruncatedFeed() async throws {
        let server = try TestHTTPServer { request in
            request.path == "/ok.xml"
                ? .response(status: 200, body: Data(FeedStateTests.rss.utf8))
                : .response(status: 200, body: Data("<rss version=\"2.0\"><channel><title>Cut".utf8))
        }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("agree")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try FeedListFixture.configuration(
            in: folder, feeds: [("Good", server.baseURL + "/ok.xml"), ("Cut", server.baseURL + "/cut.xml")])
        configuration.fullText.mode = .never

        let reports = try await FeedCheck(configuration: configuration).run()
        let cut = try #require(reports.first { $0.url.hasSuffix("/cut.xml") })
        #expect(cut.status == .error)
        let briefing = try await DailyRun(configuration: configuration).run()
        let failure = try #require(briefing.failures.first { $0.source.location.hasSuffix("/cut.xml") })
        #expect(cut.error == failure.reason)
        #expect(reports.first { $0.url.hasSuffix("/ok.xml") }?.status == .ok)
    }

    /// `feeds check` sends the validators the last run stored, so a feed whose server answers
    /// 304 Not Modified is "unchanged" (and succeeds).
    /// (The status was documented but never produced: check sent no validators.)
    @Test func aFeedAnswering304ToTheStoredValidatorsIsUnchanged() async throws {
        let (server, configuration, folder) = try FeedStateTests().setUp { request in
            if request.path == "/steady.xml" {
                if request.headers["if-none-match"] == "\"v1\"" { return .response(status: 304) }
                return .response(status: 200, headers: ["ETag": "\"v1\""], body: Data(FeedStateTests.rss.utf8))
            }
            return .response(status: 500)
        }
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        _ = try await DailyJob(configuration: configuration, options: JobOptions()).run()
        let reports = try await FeedCheck(configuration: configuration).run()
        let steady = try #require(reports.first { $0.url.hasSuffix("/steady.xml") })
        #expect(steady.status == .unchanged)
        #expect(steady.httpStatus == 304)
        #expect(steady.succeeded)
        #expect(FeedCheck.json(steady).contains(#""status":"unchanged""#))
        let broken = try #require(reports.first { $0.url.hasSuffix("/broken.xml") })
        #expect(broken.status == .error)
        #expect(broken.httpStatus == 500)
    }
}
