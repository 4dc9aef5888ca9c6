import Foundation
import History
import TestSupport
import Testing

@testable import Pipeline

/// The whole run against servers that misbehave in every way at once, a full disk and a
/// read-only state directory.
@Suite struct FaultInjectionTests {
    /// The misbehaviours of the fetch issue, each given to three feeds.
    static let faults = [
        "not-found", "server-error", "rate-limited", "redirect-loop", "redirect-file", "stall", "too-big",
        "too-big-chunked", "gzip-bomb", "truncated", "reset", "garbage",
    ]

    static func healthyFeed(_ number: Int) -> String {
        let items = (0..<2).map { k in
            """
            <item><guid>h\(number)-\(k)</guid><title>Healthy story \(number)-\(k)</title>
            <link>https://healthy\(number).example/\(k)</link><pubDate>Thu, 26 Nov 2026 0\(k):00:00 +0000</pubDate>
            <description>The council of Qelton\(number)x\(k) approved \(number * 10 + k) new homes on Thursday, Mayor Vira\(number)y\(k) said. Work starts in Zarnov\(number)z\(k).</description></item>
            """
        }
        return "<rss version=\"2.0\"><channel><title>Healthy \(number)</title>\(items.joined())</channel></rss>"
    }

    static func reply(_ request: TestHTTPServer.Request) -> TestHTTPServer.Reply {
        let parts = request.path.split(separator: "/").map(String.init)
        guard parts.count == 2 else { return .response(status: 404) }
        let number = Int(parts[1].split(separator: ".")[0]) ?? 0
        switch parts[0] {
        case "healthy": return .response(status: 200, body: Data(healthyFeed(number).utf8))
        case "not-found": return .response(status: 404)
        case "server-error": return .response(status: 500)
        case "rate-limited": return .response(status: 429, headers: ["Retry-After": "3600"])
        case "redirect-loop": return .response(status: 302, headers: ["Location": request.path])
        case "redirect-file": return .response(status: 302, headers: ["Location": "file:///etc/passwd"])
        case "stall": return .stall
        case "too-big": return .response(status: 200, body: Data(repeating: 0x20, count: 600_000))
        case "too-big-chunked":
            return .chunked(status: 200, chunks: Array(repeating: Data(repeating: 0x20, count: 100_000), count: 6))
        case "gzip-bomb":
            return .response(
                status: 200, headers: ["Content-Encoding": "gzip"], body: Compression.gzipBomb(size: 20_000_000))
        case "truncated": return .truncated(announced: 10_000, body: Data(healthyFeed(number).utf8.prefix(300)))
        case "reset": return .reset
        case "garbage":
            return .response(status: 200, body: Data((0..<4000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        default: return .response(status: 404)
        }
    }

    struct Setup {
        var server: TestHTTPServer
        var folder: URL
        var config: URL
        var healthy: [Int]
        var failing: [String]
    }

    static func setUp(healthyCount: Int = 64) throws -> Setup {
        let server = try TestHTTPServer(handler: reply)
        let folder = Repository.temporaryDirectory("faults")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path)
        var outlines: [String] = []
        let healthy = Array(0..<healthyCount)
        for number in healthy {
            outlines.append("<outline text=\"Healthy \(number)\" xmlUrl=\"\(server.baseURL)/healthy/\(number).xml\"/>")
        }
        var failing: [String] = []
        for fault in faults {
            for copy in 0..<3 {
                let url = "\(server.baseURL)/\(fault)/\(copy).xml"
                failing.append(url)
                outlines.append("<outline text=\"\(fault) \(copy)\" xmlUrl=\"\(url)\"/>")
            }
        }
        try
            "<opml version=\"2.0\"><head><title>F</title></head><body><outline text=\"All\">\(outlines.joined())</outline></body></opml>"
            .write(to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("briefing.toml")
        try """
        [briefing]
        feeds = ["feeds.opml"]
        max_item_age = "0"
        max_items_per_section = 0
        [state]
        directory = "state"
        [full_text]
        mode = "never"
        [fetch]
        timeout = 1
        connect_timeout = 1
        attempts = 2
        retry_delay = 0.01
        max_retry_after = 5
        max_body_bytes = 262144
        """.write(to: config, atomically: true, encoding: .utf8)
        return Setup(server: server, folder: folder, config: config, healthy: healthy, failing: failing)
    }

    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func everyFaultAtOnceOnAHundredFeeds() throws {
        let setup = try Self.setUp()
        defer {
            setup.server.stop()
            try? FileManager.default.removeItem(at: setup.folder)
        }
        let output = setup.folder.appendingPathComponent("out").path + "/"
        let run = try KilledRunTests.briefing(["run", "--config", setup.config.path, "--output", output])
        #expect(run.status == 2)
        let text = try String(
            contentsOfFile: setup.folder.appendingPathComponent("out/briefing-\(Self.today()).txt").path,
            encoding: .utf8)
        for number in setup.healthy {
            for k in 0..<2 { #expect(text.contains("Healthy story \(number)-\(k)"), "missing \(number)-\(k)") }
        }
        // Every failure once, in the footer.
        let footer = try #require(text.components(separatedBy: "FEEDS THAT FAILED").last)
        for url in setup.failing {
            #expect(footer.components(separatedBy: "(\(url))").count == 2, "\(url) not reported exactly once")
        }
        #expect(text.contains("\(setup.healthy.count * 2) stories from \(setup.healthy.count) feeds · 36 failed"))

        // The state agrees, and is sound.
        let state = try StateStore(directory: setup.folder.appendingPathComponent("state").path, readOnly: true)
        for url in setup.failing {
            #expect(try state.feed(url)?.errorCount == 1, "\(url)")
        }
        #expect(try state.seenItems(feed: "\(setup.server.baseURL)/healthy/0.xml", ids: ["h0-0", "h0-1"]).count == 2)
        let check = try Self.sqlite(setup.folder, "PRAGMA integrity_check")
        #expect(check == "ok")
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func aFullDiskLeavesNoPartialFileAndTheStateSound() throws {
        let setup = try Self.setUp(healthyCount: 4)
        defer {
            setup.server.stop()
            try? FileManager.default.removeItem(at: setup.folder)
        }
        let output = setup.folder.appendingPathComponent("out").path + "/"
        // First a normal run, so that a state exists.
        _ = try KilledRunTests.briefing(["run", "--config", setup.config.path, "--dry-run"])
        _ = try KilledRunTests.briefing(["run", "--config", setup.config.path, "--feeds", Self.emptyList(setup)])
        // Then with files limited to 8 KiB: writes fail as on a full disk (EFBIG).
        let limited = try Self.shell(
            "trap '' XFSZ; ulimit -f 8; exec '\(Repository.executable.path)' run --config '\(setup.config.path)' --output '\(output)' --force"
        )
        #expect(limited.status == 1)
        #expect(limited.output.contains("(is the disk full?)"), "\(limited.output)")
        let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        #expect(leftovers.filter { $0.hasPrefix(".") || $0.hasSuffix(".tmp") }.isEmpty, "\(leftovers)")
        #expect(try Self.sqlite(setup.folder, "PRAGMA integrity_check") == "ok")
        // An output file that cannot be written: the run stops before recording anything, and no
        // temporary file is left behind.
        let blocked = output + "briefing-\(Self.today()).eml"
        try FileManager.default.createDirectory(atPath: blocked, withIntermediateDirectories: true)
        let briefingsBefore = try Self.sqlite(setup.folder, "SELECT COUNT(*) FROM briefings")
        let refused = try Self.shell(
            "'\(Repository.executable.path)' run --config '\(setup.config.path)' --output '\(output)' --force")
        #expect(refused.status == 1)
        #expect(refused.output.contains("\(blocked): cannot write"), "\(refused.output)")
        #expect(try Self.sqlite(setup.folder, "SELECT COUNT(*) FROM briefings") == briefingsBefore)
        let remaining = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        #expect(remaining.filter { $0.hasPrefix(".") }.isEmpty, "\(remaining)")
        try FileManager.default.removeItem(atPath: blocked)

        // Room again: the next run makes the briefing.
        let after = try KilledRunTests.briefing(["run", "--config", setup.config.path, "--output", output, "--force"])
        #expect(after.status == 2)
        #expect(FileManager.default.fileExists(atPath: output + "briefing-\(Self.today()).eml"))
    }

    @Test(.enabled(if: hasExecutable && getuid() == 0, "needs root, to run the program as another user"))
    func aReadOnlyStateDirectoryIsAClearError() throws {
        let setup = try Self.setUp(healthyCount: 2)
        defer {
            setup.server.stop()
            try? FileManager.default.removeItem(at: setup.folder)
        }
        // A state made by its owner, then read by a user who may not write it.
        _ = try KilledRunTests.briefing(["run", "--config", setup.config.path, "--feeds", Self.emptyList(setup)])
        let stateDirectory = setup.folder.appendingPathComponent("state").path
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: stateDirectory)
        for file in try FileManager.default.contentsOfDirectory(atPath: stateDirectory) {
            try FileManager.default.setAttributes(
                [.posixPermissions: 0o644], ofItemAtPath: stateDirectory + "/" + file)
        }
        let before = try Self.sqlite(setup.folder, "SELECT COUNT(*) FROM briefings")
        let run = try Self.shell(
            "exec setpriv --reuid=65534 --regid=65534 --clear-groups '\(Repository.executable.path)' run --config '\(setup.config.path)' --force"
        )
        #expect(run.status == 1)
        #expect(run.output.contains("state: \(stateDirectory)"), "\(run.output)")
        #expect(try Self.sqlite(setup.folder, "PRAGMA integrity_check") == "ok")
        #expect(try Self.sqlite(setup.folder, "SELECT COUNT(*) FROM briefings") == before)
    }

    // MARK: Helpers

    static func today() -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: Date())
    }

    /// A feed list with no feeds, for making a state without fetching.
    static func emptyList(_ setup: Setup) throws -> String {
        let path = setup.folder.appendingPathComponent("empty.opml").path
        try "<opml version=\"2.0\"><head><title>E</title></head><body><outline text=\"None\"/></body></opml>"
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func shell(_ command: String) throws -> ProcessRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", command]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessRun(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            output: String(decoding: data, as: UTF8.self))
    }

    static func sqlite(_ folder: URL, _ sql: String) throws -> String {
        let state = try StateStore(directory: folder.appendingPathComponent("state").path, readOnly: true)
        return try state.scalar(sql)
    }
}
