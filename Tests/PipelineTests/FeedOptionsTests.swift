import BriefingCore
import Foundation
import History
import Logging
import TestSupport
import Testing

@testable import Fetching
@testable import Pipeline

/// `[feeds."URL"]` and the filters, end to end: a loopback server that wants basic auth and a
/// key header, a briefing whose filtered items stay seen, `briefing feeds test`, and the
/// configuration errors.
@Suite struct FeedOptionsTests {
    static let rss = """
        <rss version="2.0"><channel><title>Harbour Post</title>
        <item><guid>hp-1</guid><title>Budget talks resume in Berlin</title><link>https://harbourpost.example/1</link>
        <pubDate>Thu, 26 Nov 2026 09:00:00 +0000</pubDate><category>Politics</category>
        <description>The Berlin Council met on Thursday to resume budget talks, Mayor Ada Brook said.</description></item>
        <item><guid>hp-2</guid><title>Sunny weekend ahead for Leeds</title><link>https://harbourpost.example/2</link>
        <pubDate>Thu, 26 Nov 2026 08:00:00 +0000</pubDate><category>Weather</category>
        <description>Forecasters in Leeds expect 25 degrees on Saturday, the Met Office said.</description></item>
        </channel></rss>
        """
    static let authorization = "Basic " + Data("reader:pa55word".utf8).base64EncodedString()

    /// A server whose /private.xml wants basic auth and an X-Key header; a folder with a feed
    /// list naming it and a password file. Returns the configuration text's folder.
    func setUp() throws -> (TestHTTPServer, URL) {
        let server = try TestHTTPServer { request in
            guard request.path == "/private.xml" else { return .response(status: 404) }
            guard request.headers["authorization"] == Self.authorization, request.headers["x-key"] == "k-1" else {
                return .response(status: 401)
            }
            return .response(status: 200, body: Data(Self.rss.utf8))
        }
        let folder = Repository.temporaryDirectory("feed-options")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
        <opml version="2.0"><head><title>T</title></head><body><outline text="News">
        <outline text="Harbour Post" xmlUrl="\(server.baseURL)/private.xml"/></outline></body></opml>
        """.write(to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let password = folder.appendingPathComponent("feed-password")
        try "pa55word\n".write(to: password, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: password.path)
        return (server, folder)
    }

    func configuration(_ folder: URL, server: TestHTTPServer, briefing: String = "", feed: String = "") throws
        -> BriefingConfiguration
    {
        let text = """
            [briefing]
            feeds = ["feeds.opml"]
            max_item_age = "0"
            \(briefing)

            [state]
            directory = "state"

            [fetch]
            attempts = 1

            [feeds."\(server.baseURL)/private.xml"]
            username = "reader"
            password_file = "feed-password"
            headers = { "X-Key" = "k-1" }
            user_agent = "Briefing-Test/1"
            \(feed)
            """
        let path = folder.appendingPathComponent("briefing.toml")
        try text.write(to: path, atomically: true, encoding: .utf8)
        return try BriefingConfiguration.load(path: path.path)
    }

    static let day = Date(timeIntervalSince1970: 1_795_680_000)

    @Test func aFeedBehindBasicAuthWithAKeyHeaderIsBriefed() async throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let configuration = try configuration(folder, server: server)
        let outcome = try await DailyJob(configuration: configuration, options: JobOptions(), now: { Self.day }).run()
        #expect(outcome.briefing.failures.isEmpty)
        #expect(outcome.briefing.entryCount == 2)
        let seen = try #require(server.received.first)
        #expect(seen.headers["authorization"] == Self.authorization)
        #expect(seen.headers["x-key"] == "k-1")
        #expect(seen.headers["user-agent"] == "Briefing-Test/1")
    }

    @Test func aPasswordFileOthersCanReadFailsTheFeedAndNothingIsSent() async throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let password = folder.appendingPathComponent("feed-password")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: password.path)
        let configuration = try configuration(folder, server: server)
        let briefing = try await DailyRun(configuration: configuration, now: { Self.day }).run()
        let failure = try #require(briefing.failures.first)
        #expect(failure.reason.contains("chmod 600 \(password.path)"))
        #expect(!failure.reason.contains("pa55word"))
        #expect(server.received.isEmpty)
    }

    @Test func aPasswordFromTheEnvironment() throws {
        var options = FeedOptions()
        options.username = "reader"
        options.password = .environment("FEED_PASSWORD")
        let request = FetchRequest(url: "https://example.com/feed.xml")
        let applied = try options.apply(to: request, environment: ["FEED_PASSWORD": "pa55word"])
        #expect(applied.credentials == BasicCredentials(username: "reader", password: "pa55word"))
        #expect(throws: FetchError.self) { try options.apply(to: request, environment: [:]) }
        do {
            _ = try options.apply(to: request, environment: ["FEED_PASSWORD": ""])
        } catch {
            #expect(error.description.contains("environment variable FEED_PASSWORD, which is not set"))
        }
    }

    @Test func aFilteredItemIsNotShownAndCountsAsSeen() async throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let filtered = try configuration(folder, server: server, briefing: "exclude = [\"budget\"]")
        let first = try await DailyJob(configuration: filtered, options: JobOptions(), now: { Self.day }).run()
        #expect(first.briefing.sections.flatMap(\.entries).map(\.title) == ["Sunny weekend ahead for Leeds"])
        // The next day, without the rule: the budget item was seen (filtered), so nothing is new.
        let unfiltered = try configuration(folder, server: server)
        let second = try await DailyJob(
            configuration: unfiltered, options: JobOptions(), now: { Self.day.addingTimeInterval(86400) }
        ).run()
        #expect(second.briefing.entryCount == 0)
        let state = try StateStore(directory: unfiltered.stateDirectory, readOnly: true)
        let seen = try state.seenItems(feed: server.baseURL + "/private.xml", ids: ["hp-1", "hp-2"])
        #expect(seen.count == 2)
    }

    @Test func aFeedsIncludeRuleAndTheBriefingsBothApply() async throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let both = try configuration(
            folder, server: server, briefing: "include = [\"category:weather\", \"budget\"]",
            feed: "include = [\"title:/^Budget/\"]")
        let briefing = try await DailyRun(configuration: both, now: { Self.day }).run()
        #expect(briefing.sections.flatMap(\.entries).map(\.title) == ["Budget talks resume in Berlin"])
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: Repository.executable.path),
            "needs the built briefing executable"))
    func feedsTestShowsWhatARuleKeepsAndDrops() throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        _ = try configuration(folder, server: server)
        let config = folder.appendingPathComponent("briefing.toml").path
        let text = try ProcessRun.run(["feeds", "test", "title:budget", "--config", config])
        #expect(text.status == 0, "\(text.errors)")
        #expect(
            text.output == """
                keep  Budget talks resume in Berlin  (Harbour Post)  title matches title:budget
                drop  Sunny weekend ahead for Leeds  (Harbour Post)
                1 kept, 1 dropped, of 2 items from 1 feed

                """)
        let json = try ProcessRun.run(["feeds", "test", "--exclude", "/leeds/i", "--json", "--config", config])
        #expect(json.status == 0)
        #expect(
            json.output == """
                {"feed":"\(server.baseURL)/private.xml","title":"Budget talks resume in Berlin","link":"https://harbourpost.example/1","action":"keep","rule":null,"field":null}
                {"feed":"\(server.baseURL)/private.xml","title":"Sunny weekend ahead for Leeds","link":"https://harbourpost.example/2","action":"drop","rule":"/leeds/i","field":"title"}

                """)
        // The state is neither read nor written.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("state").path))
        let invalid = try ProcessRun.run(["feeds", "test", "/(unclosed/", "--config", config])
        #expect(invalid.status == 64)
        #expect(invalid.errors.contains("rule \"/(unclosed/\": invalid regular expression"))
    }

    @Test func aFeedTableThatNamesNoFeedIsToldNotIgnored() async throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        var configuration = try configuration(folder, server: server)
        configuration.feeds[server.baseURL + "/privat.xml"] = FeedOptions()
        let capture = CapturedLog()
        let logger = Logger(label: "test") { _ in capture }
        _ = try await DailyRun(configuration: configuration, logger: logger, now: { Self.day }).run()
        #expect(
            capture.lines.contains {
                $0.hasPrefix("warning [feeds.\"\(server.baseURL)/privat.xml\"] names no feed of the feed lists")
            })
        #expect(!capture.lines.contains { $0.contains("/private.xml\"] names no feed") })
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: Repository.executable.path),
            "needs the built briefing executable"))
    func aPasswordFromTheEnvironmentThroughTheCommands() throws {
        let (server, folder) = try setUp()
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: folder)
        }
        let config = folder.appendingPathComponent("env.toml")
        try """
        [briefing]
        feeds = ["feeds.opml"]
        [feeds."\(server.baseURL)/private.xml"]
        username = "reader"
        password_env = "BRIEFING_TEST_FEED_PASSWORD"
        headers = { "X-Key" = "k-1" }
        """.write(to: config, atomically: true, encoding: .utf8)
        let environment = ["BRIEFING_TEST_FEED_PASSWORD": "pa55word"]
        let check = try ProcessRun.run(["feeds", "check", "--json", "--config", config.path], environment: environment)
        #expect(check.status == 0, "\(check.output) \(check.errors)")
        #expect(check.output.contains("\"status\":\"ok\",\"http_status\":200,\"items\":2"))
        let test = try ProcessRun.run(["feeds", "test", "budget", "--config", config.path], environment: environment)
        #expect(test.status == 0)
        #expect(test.output.hasSuffix("1 kept, 1 dropped, of 2 items from 1 feed\n"))
        // Without the variable the feed fails, saying where the password was looked for.
        let without = try ProcessRun.run(
            ["feeds", "test", "budget", "--config", config.path], environment: ["BRIEFING_TEST_FEED_PASSWORD": ""])
        #expect(without.status == 2)
        #expect(without.errors.contains("environment variable BRIEFING_TEST_FEED_PASSWORD, which is not set"))
        #expect(!without.errors.contains("pa55word"))
        #expect(server.received.count == 2)
    }

    @Test func feedTablesThatCannotBeUsedAreRefusedWithTheirLine() {
        let cases: [(String, String)] = [
            ("username = \"reader\"", "line 5: feeds.https://a.example/f.xml.username: needs a password"),
            ("password_env = \"P\"", "line 5: feeds.https://a.example/f.xml.password_env: a password needs a username"),
            (
                "username = \"a:b\"\npassword_env = \"P\"",
                "line 5: feeds.https://a.example/f.xml.username: a user name for basic authentication may not hold a colon"
            ),
            (
                "username = \"r\"\npassword_env = \"P\"\npassword_file = \"p\"",
                "feeds.https://a.example/f.xml.password_env: give either password_file or password_env, not both"
            ),
            (
                "headers = { \"X-Key\" = \"v\\r\\nX-Injected: 1\" }",
                "line 5: feeds.https://a.example/f.xml.headers.X-Key: header X-Key: the value holds a carriage return (U+000D)"
            ),
            ("headers = { Host = \"evil.example\" }", "headers.Host: header Host may not be set"),
            ("headers = { \"X-Key\" = \"a\", \"x-key\" = \"b\" }", "is given twice"),
            (
                "username = \"r\"\npassword_env = \"P\"\nheaders = { Authorization = \"Bearer x\" }",
                "give either username or an Authorization header"
            ),
            (
                "user_agent = \"a\\nb\"",
                "feeds.https://a.example/f.xml.user_agent: the value holds a line feed (U+000A)"
            ),
            ("full_text = \"sometimes\"", "expected auto, always or never, found sometimes"),
            (
                "ful_text = \"always\"",
                "line 5: feeds.https://a.example/f.xml.ful_text: unknown option; did you mean full_text?"
            ),
            ("include = [\"++\"]", "include: rule \"++\": no letters or digits to match"),
        ]
        for (body, message) in cases {
            let text = "[briefing]\nfeeds = [\"f.opml\"]\n\n[feeds.\"https://a.example/f.xml\"]\n\(body)\n"
            do {
                _ = try BriefingConfiguration.parse(text, path: "c.toml")
                Issue.record("accepted: \(body)")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }

    @Test func fullTextModesOfBothTablesMeetAndMayNotDisagree() throws {
        let agree = """
            [briefing]
            feeds = ["f.opml"]
            [full_text.feeds]
            "https://a.example/f.xml" = "always"
            [feeds."https://a.example/f.xml"]
            full_text = "always"
            [feeds."https://b.example/f.xml"]
            full_text = "never"
            """
        let configuration = try BriefingConfiguration.parse(agree, path: "c.toml")
        #expect(configuration.fullText.mode(for: "https://a.example/f.xml") == .always)
        #expect(configuration.fullText.mode(for: "https://b.example/f.xml") == .never)
        let disagree = agree.replacingOccurrences(of: "full_text = \"always\"", with: "full_text = \"never\"")
        #expect {
            try BriefingConfiguration.parse(disagree, path: "c.toml")
        } throws: { error in
            "\(error)".contains(
                "line 6: feeds.https://a.example/f.xml.full_text: never, but [full_text.feeds] gives this feed always")
        }
    }
}

/// A log handler that keeps each message as "level message".
final class CapturedLog: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var kept: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    var lines: [String] { lock.withLock { kept } }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { kept.append("\(event.level) \(event.message)") }
    }
}
