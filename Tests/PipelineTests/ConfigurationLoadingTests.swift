import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// Which configuration a command runs on: the file named, the file at the default path, or the
/// built-in defaults.
@Suite struct ConfigurationLoadingTests {
    static func environment(_ folder: URL) -> [String: String] {
        ["HOME": folder.path, "XDG_STATE_HOME": folder.appendingPathComponent("state").path]
    }

    @Test func withNoFileAtTheDefaultPathTheDefaultsApply() throws {
        let folder = Repository.temporaryDirectory("defaults")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try BriefingConfiguration.loadOrDefault(
            path: nil, needsFeeds: false, environment: Self.environment(folder))
        #expect(configuration.feedLists.isEmpty)
        #expect(configuration.stateDirectory == folder.appendingPathComponent("state/briefing").path)
        #expect(configuration.sentences == BriefingConfiguration().sentences)
    }

    @Test func withoutFeedsTheErrorSaysWhatToRun() throws {
        let folder = Repository.temporaryDirectory("nofeeds")
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(
            throws: ConfigurationError(
                path: "~/.config/briefing/briefing.toml",
                message:
                    #"no configuration file and no --feeds: run "briefing init" to make one, or pass --feeds FILE.opml"#
            )
        ) {
            try BriefingConfiguration.loadOrDefault(path: nil, needsFeeds: true, environment: Self.environment(folder))
        }
    }

    @Test func theHintNamesTheCommandsOwnOptionOrNone() throws {
        let folder = Repository.temporaryDirectory("hint")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = "~/.config/briefing/briefing.toml"
        #expect(
            throws: ConfigurationError(
                path: path,
                message:
                    #"no configuration file and no --into: run "briefing init" to make one, or pass --into FILE.opml"#)
        ) {
            try BriefingConfiguration.loadOrDefault(
                path: nil, needsFeeds: true, option: "--into FILE.opml", environment: Self.environment(folder))
        }
        #expect(
            throws: ConfigurationError(path: path, message: #"no configuration file: run "briefing init" to make one"#)
        ) {
            try BriefingConfiguration.loadOrDefault(
                path: nil, needsFeeds: true, option: nil, environment: Self.environment(folder))
        }
    }

    @Test func aFileAtTheDefaultPathIsRead() throws {
        let folder = Repository.temporaryDirectory("default-file")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(".config/briefing/briefing.toml")
        try FileManager.default.createDirectory(
            at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
        try ReferenceConfiguration.text.write(to: path, atomically: true, encoding: .utf8)
        let configuration = try BriefingConfiguration.loadOrDefault(
            path: nil, needsFeeds: true, environment: Self.environment(folder))
        #expect(configuration.feedLists == [folder.appendingPathComponent(".config/briefing/feeds.opml").path])
    }

    @Test func aMissingExplicitFileIsStillAnError() throws {
        let folder = Repository.temporaryDirectory("explicit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("none.toml").path
        #expect(throws: ConfigurationError(path: path, message: "no such file")) {
            try BriefingConfiguration.loadOrDefault(
                path: path, needsFeeds: false, environment: Self.environment(folder))
        }
    }
}
