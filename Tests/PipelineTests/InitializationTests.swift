import BriefingCore
import FeedParsing
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// `briefing init`: the reference configuration and a feed list, never overwriting.
@Suite struct InitializationTests {
    @Test func initWritesTheReferenceAndAnEmptyListThatReads() throws {
        let folder = Repository.temporaryDirectory("init")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("conf/briefing/briefing.toml").path
        let outcome = try Initialization.write(configuration: path, feeds: [])
        #expect(outcome.feeds == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == ReferenceConfiguration.text)
        let list = try #require(FileManager.default.contents(atPath: outcome.feedList))
        #expect(String(decoding: list, as: UTF8.self).contains("briefing feeds add"))
        #expect(try OPML.read(list, baseURL: nil).sources.isEmpty)
    }

    @Test func initAddsFeedURLsAndMergesOPMLFiles() throws {
        let folder = Repository.temporaryDirectory("init-feeds")
        defer { try? FileManager.default.removeItem(at: folder) }
        let demo = Repository.root.appendingPathComponent("Feeds/demo.opml").path
        let path = folder.appendingPathComponent("briefing.toml").path
        let outcome = try Initialization.write(
            configuration: path,
            feeds: ["https://example.com/feed.xml", demo, "https://example.com/feed.xml"])
        #expect(outcome.feeds == 5)
        let list = try OPML.read(try #require(FileManager.default.contents(atPath: outcome.feedList)), baseURL: nil)
        #expect(list.groups.map(\.name) == ["Feeds", "World", "Business", "Technology"])
        #expect(list.groups.first?.feeds.map(\.location) == ["https://example.com/feed.xml"])
    }

    @Test(arguments: ["briefing.toml", "feeds.opml"])
    func initNeverOverwrites(existing: String) throws {
        let folder = Repository.temporaryDirectory("init-exists")
        defer { try? FileManager.default.removeItem(at: folder) }
        let taken = folder.appendingPathComponent(existing)
        try "mine".write(to: taken, atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("briefing.toml").path
        #expect(
            throws: PipelineError(
                input: taken.path, message: "already exists; nothing was written (edit it, or move it away first)")
        ) {
            try Initialization.write(configuration: path, feeds: ["https://example.com/feed.xml"])
        }
        #expect(try String(contentsOf: taken, encoding: .utf8) == "mine")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(left == [existing])
    }

    @Test func anUnreadableListLeavesNothingBehind() throws {
        let folder = Repository.temporaryDirectory("init-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("briefing.toml").path
        let missing = folder.appendingPathComponent("missing.opml").path
        #expect(throws: PipelineError(input: missing, message: "no such file")) {
            try Initialization.write(configuration: path, feeds: [missing])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
