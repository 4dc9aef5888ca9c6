import Foundation
import History
import TestSupport
import Testing

@testable import Pipeline

/// `briefing run`'s documented exit codes, and the lock, through the real executable.
@Suite struct ExitCodeTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    static func config(in folder: URL, list: String) throws -> String {
        let path = folder.appendingPathComponent("briefing.toml").path
        try """
        [briefing]
        feeds = ["\(list)"]
        max_item_age = "0"
        [state]
        directory = "state"
        [fetch]
        attempts = 1
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func list(in folder: URL, feeds: [String]) throws -> String {
        let path = folder.appendingPathComponent("list.opml").path
        let outlines = feeds.map { "<outline text=\"F\" xmlUrl=\"\($0)\"/>" }.joined()
        try
            "<opml version=\"2.0\"><head><title>T</title></head><body><outline text=\"News\">\(outlines)</outline></body></opml>"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func zeroWhenAllGoodOneWhenNothingUsable() throws {
        let folder = Repository.temporaryDirectory("exit")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = Repository.root.appendingPathComponent("Feeds/samples/world.xml").absoluteString
        let config = try Self.config(in: folder, list: Self.list(in: folder, feeds: [good]))
        let ok = try KilledRunTests.briefing(["run", "--config", config, "--quiet"])
        #expect(ok.status == 0)
        #expect(ok.output.contains("Geneva"))

        let bad = try Self.config(in: folder, list: Self.list(in: folder, feeds: ["file:///nonexistent/feed.xml"]))
        let allFailed = try KilledRunTests.briefing(["run", "--config", bad, "--force", "--quiet"])
        #expect(allFailed.status == 1)

        let missing = try KilledRunTests.briefing(["run", "--config", folder.appendingPathComponent("none.toml").path])
        #expect(missing.status == 1)
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func aSecondRunExitsAtOnceWhileTheFirstHoldsTheLock() throws {
        let folder = Repository.temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let good = Repository.root.appendingPathComponent("Feeds/samples/world.xml").absoluteString
        let config = try Self.config(in: folder, list: Self.list(in: folder, feeds: [good]))
        let state = folder.appendingPathComponent("state").path
        _ = try StateStore(directory: state)
        let held = try RunLock(directory: state)
        let started = Date()
        let second = try FaultInjectionTests.shell("'\(Repository.executable.path)' run --config '\(config)'")
        #expect(second.status == 1)
        #expect(second.output.contains("another briefing run is in progress"))
        #expect(Date().timeIntervalSince(started) < 10)
        withExtendedLifetime(held) {}
    }

    @Test func passwordFilesMustBePrivate() throws {
        let folder = Repository.temporaryDirectory("password")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("smtp-password").path
        try "secret\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: PipelineError.self) { try Credentials.password(environment: [:], file: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try Credentials.password(environment: [:], file: path) == "secret")
        #expect(try Credentials.password(environment: ["BRIEFING_SMTP_PASSWORD": "env"], file: path) == "env")
        #expect(try Credentials.password(environment: [:], file: nil) == nil)
    }
}
