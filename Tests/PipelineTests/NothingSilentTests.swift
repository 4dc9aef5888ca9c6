import BriefingCore
import Foundation
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
        do {
            _ = try await DailyRun(configuration: configuration).run()
            Issue.record("an empty feed list made a briefing")
        } catch {
            #expect(error.description == "\(list.path): no feeds: the feed list names none")
        }
        await #expect(throws: PipelineError.self) { try await FeedCheck(configuration: configuration).run() }
    }
}
