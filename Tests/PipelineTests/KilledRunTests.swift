import BriefingCore
import Foundation
import History
import TestSupport
import Testing

@testable import Pipeline

/// `kill -9` at every stage of a run, then a normal run: nothing lost, nothing repeated.
@Suite struct KilledRunTests {
    static func briefing(_ arguments: [String], environment: [String: String] = [:]) throws -> ProcessRun {
        try ProcessRun.run(arguments, environment: environment)
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: Repository.executable.path),
            "needs the built briefing executable"))
    func killedAtEveryStageThenRunAgain() throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("killed")
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("feeds.opml")
        try ChangingFeeds.opml(baseURL: server.baseURL).write(to: list, atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("briefing.toml")
        try """
        [briefing]
        feeds = ["feeds.opml"]
        max_item_age = "0"
        [state]
        directory = "state"
        """.write(to: config, atomically: true, encoding: .utf8)
        let output = folder.appendingPathComponent("out").path + "/"
        let arguments = ["run", "--config", config.path, "--output", output, "--quiet"]

        for (round, feedDay) in [(1, 1), (2, 3)] {
            feeds.setDay(feedDay)
            let force = round == 2 ? ["--force"] : []
            for point in ["locked", "built", "written", "committed"] {
                let killed = try Self.briefing(arguments + force, environment: ["BRIEFING_CRASH_AT": point])
                #expect(killed.signaled && killed.status == SIGKILL, "run not killed at \(point)")
            }
            let finished = try Self.briefing(arguments + force)
            #expect(finished.status == 0 || finished.status == 2, "run after kills exited \(finished.status)")
        }

        // Every item is in exactly one stored briefing.
        let state = try StateStore(directory: folder.appendingPathComponent("state").path, readOnly: true)
        let stored = try #require(try state.latestBriefing())
        let briefing = try JSONDecoder.briefing.decode(Briefing.self, from: stored.payload)
        var links: [String] = []
        for entry in briefing.sections.flatMap(\.entries) {
            links.append(entry.link ?? "")
            links.append(contentsOf: entry.alsoReportedBy.compactMap(\.link))
        }
        // --force on the same day remakes the day's briefing: the first round's items and the
        // second's, once each.
        let expected = ["alpha", "beta", "gamma", "delta"].flatMap { feed in
            feeds.items(feed: feed, day: 3).map { "https://\(feed).example/\($0.id)" }
        }
        #expect(links.sorted() == expected.sorted())
        #expect(Set(links).count == links.count)
    }
}
