import Foundation

@testable import Pipeline

/// A feed list written for a test, and a configuration that reads it.
enum FeedListFixture {
    /// Writes `list.opml` in `folder` with one outline group `group` naming `feeds` (name, URL)
    /// and returns a configuration reading it: no age limit, one fetch attempt, state in
    /// `folder/state`.
    static func configuration(
        in folder: URL, group: String = "News", feeds: [(name: String, url: String)], fileName: String = "list.opml"
    ) throws -> BriefingConfiguration {
        let list = folder.appendingPathComponent(fileName)
        let outlines = feeds.map { "<outline text=\"\($0.name)\" xmlUrl=\"\($0.url)\"/>" }.joined(separator: "\n")
        try """
        <opml version="2.0"><head><title>T</title></head><body><outline text="\(group)">
        \(outlines)</outline></body></opml>
        """.write(to: list, atomically: true, encoding: .utf8)
        var configuration = BriefingConfiguration()
        configuration.feedLists = [list.path]
        configuration.stateDirectory = folder.appendingPathComponent("state").path
        configuration.maxItemAge = 0
        configuration.fetch.maxAttempts = 1
        return configuration
    }
}
