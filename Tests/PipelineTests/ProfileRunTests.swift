import BriefingCore
import FeedParsing
import Foundation
import History
import Synchronization
import TestSupport
import Testing

@testable import Pipeline

/// Feeds on 127.0.0.1 whose items a test adds to, answering conditional requests with 304
/// while a feed is unchanged, and counting what each feed was asked.
final class GrowingFeeds: Sendable {
    private struct State {
        var items: [String: [(id: String, title: String)]] = [:]
        var versions: [String: Int] = [:]
        var full: [String: Int] = [:]
        var notModified: [String: Int] = [:]
    }

    private let state = Mutex(State())

    /// Adds an item to `feed` (a new version of its document).
    func add(_ feed: String, id: String, title: String) {
        state.withLock {
            $0.items[feed, default: []].append((id, title))
            $0.versions[feed, default: 0] += 1
        }
    }

    /// Full answers (200) `feed` gave.
    func fullFetches(_ feed: String) -> Int { state.withLock { $0.full[feed] ?? 0 } }
    /// 304 answers `feed` gave.
    func notModified(_ feed: String) -> Int { state.withLock { $0.notModified[feed] ?? 0 } }

    func reply(_ request: TestHTTPServer.Request) -> TestHTTPServer.Reply {
        let feed = request.path.dropFirst().replacingOccurrences(of: ".xml", with: "")
        return state.withLock { state -> TestHTTPServer.Reply in
            guard let items = state.items[feed] else { return .response(status: 404) }
            let etag = "\"\(feed)-\(state.versions[feed] ?? 0)\""
            if request.headers["if-none-match"] == etag {
                state.notModified[feed, default: 0] += 1
                return .response(status: 304)
            }
            state.full[feed, default: 0] += 1
            let body = items.map { item in
                """
                <item><guid isPermaLink="false">\(item.id)</guid><title>\(item.title)</title>
                <link>https://\(feed).example/\(item.id)</link><pubDate>Thu, 26 Nov 2026 09:00:00 +0000</pubDate>
                <description>\(item.title) happened in the town of \(feed.capitalized) on Thursday, officials said.</description></item>
                """
            }
            let rss = """
                <?xml version="1.0" encoding="UTF-8"?>
                <rss version="2.0"><channel><title>\(feed.capitalized)</title>\(body.joined())</channel></rss>
                """
            return .response(
                status: 200, headers: ["Content-Type": "application/rss+xml", "ETag": etag], body: Data(rss.utf8))
        }
    }
}

@Suite struct ProfileRunTests {
    static let morning = Date(timeIntervalSince1970: 1_795_680_000)  // 2026-11-26 08:00 UTC

    /// A configuration file with `profiles` text after `[briefing]`, OPML lists `lists` (name →
    /// feeds) beside it, state in the folder; loaded as the command would.
    static func configuration(
        server: TestHTTPServer, folder: URL, lists: [String: [String]], briefing: String = "", profiles: String
    ) throws -> BriefingConfiguration {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, feeds) in lists {
            let outlines = feeds.map {
                "<outline type=\"rss\" text=\"\($0.capitalized)\" xmlUrl=\"\(server.baseURL)/\($0).xml\"/>"
            }
            try """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>\(name)</title></head><body>
            <outline text="News">\(outlines.joined())</outline></body></opml>
            """.write(to: folder.appendingPathComponent("\(name).opml"), atomically: true, encoding: .utf8)
        }
        let path = folder.appendingPathComponent("briefing.toml")
        try """
        [briefing]
        feeds = ["\(lists.keys.sorted().first ?? "").opml"]
        max_item_age = "0"
        \(briefing)
        [state]
        directory = "state"
        [fetch]
        attempts = 1
        [full_text]
        mode = "never"
        \(profiles)
        """.write(to: path, atomically: true, encoding: .utf8)
        return try BriefingConfiguration.load(path: path.path)
    }

    static func run(
        _ configuration: BriefingConfiguration, at time: Date, profiles: [String] = [], edition: String? = nil,
        force: Bool = false, output: String? = nil
    ) async throws -> [JobOutcome] {
        var options = JobOptions()
        options.profiles = profiles
        options.edition = edition
        options.force = force
        options.output = output
        return try await DailyJob(configuration: configuration, options: options, now: { time }).runAll()
    }

    static func titles(_ outcome: JobOutcome?) -> [String] {
        (outcome?.briefing.sections.flatMap(\.entries).map(\.title) ?? []).sorted()
    }

    @Test func twoProfilesOverSharedFeedsEachItemOncePerProfileEachFeedFetchedOnce() async throws {
        let feeds = GrowingFeeds()
        feeds.add("alpha", id: "a1", title: "Alpha opens a bridge")
        feeds.add("beta", id: "b1", title: "Beta elects a mayor")
        feeds.add("gamma", id: "g1", title: "Gamma builds a school")
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("profiles-shared")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(
            server: server, folder: folder, lists: ["left": ["alpha", "beta"], "right": ["beta", "gamma"]],
            profiles: """
                [profiles.west]
                feeds = ["left.opml"]
                title = "West"
                [profiles.east]
                feeds = ["right.opml"]
                """)
        #expect(configuration.profiles.map(\.profile) == ["east", "west"])

        let output = folder.appendingPathComponent("out").path + "/"
        let first = try await Self.run(configuration, at: Self.morning, output: output)
        let east = first.first { $0.profile == "east" }
        let west = first.first { $0.profile == "west" }
        #expect(Self.titles(west) == ["Alpha opens a bridge", "Beta elects a mayor"])
        #expect(Self.titles(east) == ["Beta elects a mayor", "Gamma builds a school"])
        #expect(west?.briefing.title == "West")
        #expect(east?.briefing.title == "Daily briefing")
        // The feed both profiles read was fetched once for both.
        #expect(feeds.fullFetches("alpha") == 1 && feeds.fullFetches("beta") == 1 && feeds.fullFetches("gamma") == 1)
        #expect(server.received.count == 3)
        // Files named by profile, in the one directory.
        let names = Set(first.flatMap(\.files).map { ($0 as NSString).lastPathComponent })
        #expect(names.contains("briefing-west-2026-11-26.md") && names.contains("briefing-east-2026-11-26.html"))
        #expect(names.count == 8)

        // The same day again: each profile's briefing is shown again; nothing is fetched.
        let again = try await Self.run(configuration, at: Self.morning.addingTimeInterval(600))
        #expect(again.allSatisfy { $0.reused })
        #expect(server.received.count == 3)

        // The next day: a new item in the shared feed, once in each profile, and only it.
        feeds.add("beta", id: "b2", title: "Beta floods its harbour")
        let next = try await Self.run(configuration, at: Self.morning.addingTimeInterval(86400))
        #expect(next.map(\.profile) == ["east", "west"])
        #expect(next.allSatisfy { Self.titles($0) == ["Beta floods its harbour"] })
        #expect(feeds.fullFetches("beta") == 2)
        #expect(feeds.notModified("alpha") == 1 && feeds.notModified("gamma") == 1)
    }

    /// The conditional-GET trap: profile a's run fetches the feed; the next day profile b's
    /// conditional request is answered 304, and b still gets the items a's run fetched.
    @Test func profileBTheDayAfterProfileAStillGetsTheItemsDespite304() async throws {
        let feeds = GrowingFeeds()
        feeds.add("alpha", id: "a1", title: "Alpha opens a bridge")
        feeds.add("alpha", id: "a2", title: "Alpha hires teachers")
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("profiles-304")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(
            server: server, folder: folder, lists: ["news": ["alpha"]],
            profiles: "[profiles.a]\n[profiles.b]\n")

        let a = try await Self.run(configuration, at: Self.morning, profiles: ["a"])
        #expect(a.map(\.profile) == ["a"])
        #expect(Self.titles(a.first) == ["Alpha hires teachers", "Alpha opens a bridge"])

        let b = try await Self.run(configuration, at: Self.morning.addingTimeInterval(86400), profiles: ["b"])
        #expect(feeds.notModified("alpha") == 1)
        #expect(feeds.fullFetches("alpha") == 1)
        #expect(Self.titles(b.first) == ["Alpha hires teachers", "Alpha opens a bridge"])
        #expect(b.first?.briefing.failures.isEmpty == true)

        // And each once: the day after, neither profile has anything.
        let both = try await Self.run(configuration, at: Self.morning.addingTimeInterval(2 * 86400), profiles: ["a,b"])
        #expect(both.map(\.profile) == ["a", "b"])
        #expect(both.allSatisfy { $0.briefing.entryCount == 0 })
    }

    /// Filters per profile: a profile's `include` or `exclude` replaces the briefing's, the one
    /// it does not set falls back; a filtered item counts as seen by that profile only.
    @Test func eachProfileFiltersTheSharedFeedsWithItsOwnRules() async throws {
        let feeds = GrowingFeeds()
        feeds.add("alpha", id: "a1", title: "Budget talks resume")
        feeds.add("alpha", id: "a2", title: "Alpha opens a bridge")
        feeds.add("alpha", id: "a3", title: "Inflation eases in spring")
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("profiles-filters")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(
            server: server, folder: folder, lists: ["news": ["alpha"]], briefing: "exclude = [\"bridge\"]",
            profiles: """
                [profiles.markets]
                include = ["budget", "/\\\\binflation\\\\b/i"]
                [profiles.general]
                exclude = ["budget"]
                """)
        let outcomes = try await Self.run(configuration, at: Self.morning)
        #expect(outcomes.map(\.profile) == ["general", "markets"])
        // markets: its own include, the briefing's exclude.
        #expect(Self.titles(outcomes.last) == ["Budget talks resume", "Inflation eases in spring"])
        // general: its exclude replaces the briefing's, so the bridge is shown.
        #expect(Self.titles(outcomes.first) == ["Alpha opens a bridge", "Inflation eases in spring"])
        #expect(feeds.fullFetches("alpha") == 1)

        // The filtered items count as seen: with a new item the next day, each profile gets
        // only what is new and kept by its rules.
        feeds.add("alpha", id: "a4", title: "Budget vote delayed")
        let next = try await Self.run(configuration, at: Self.morning.addingTimeInterval(86400))
        #expect(Self.titles(next.last) == ["Budget vote delayed"])
        #expect(next.first?.briefing.entryCount == 0)
    }

    /// `--output DIR/` with two profiles and two editions: each profile's and edition's files,
    /// and one archive entry for each, linking to that briefing's HTML file, read back by our
    /// feed parser.
    @Test func profilesAndEditionsEachGetTheirFilesAndArchiveEntries() async throws {
        let feeds = GrowingFeeds()
        feeds.add("alpha", id: "a1", title: "Budget talks resume")
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("profiles-archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(
            server: server, folder: folder, lists: ["news": ["alpha"]],
            briefing: "editions = [\"06:30\", \"18:00\"]", profiles: "[profiles.markets]\n[profiles.general]\n")
        let output = folder.appendingPathComponent("out").path + "/"
        _ = try await Self.run(configuration, at: Self.morning, output: output)
        feeds.add("alpha", id: "a2", title: "Inflation eases in spring")
        _ = try await Self.run(configuration, at: Self.morning.addingTimeInterval(11 * 3600), output: output)
        let files = try FileManager.default.contentsOfDirectory(atPath: output).filter { $0.hasSuffix(".html") }
        #expect(
            files.sorted() == [
                "briefing-general-2026-11-26-evening.html", "briefing-general-2026-11-26-morning.html",
                "briefing-markets-2026-11-26-evening.html", "briefing-markets-2026-11-26-morning.html",
                "index.html",
            ])
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "briefings.atom"))
        let feed = try FeedParser().parse(data, baseURL: "https://archive.example/out/briefings.atom")
        #expect(feed.items.count == 4)
        #expect(Set(feed.items.map(\.id)).count == 4)
        #expect(
            Set(feed.items.compactMap(\.link)) == Set(
                files.filter { $0 != "index.html" }.map { "https://archive.example/out/" + $0 }))
    }

    @Test func twoEditionsInOneDayTheSecondHasOnlyTheNewItemsEachMadeOnce() async throws {
        let feeds = GrowingFeeds()
        feeds.add("alpha", id: "a1", title: "Alpha opens a bridge")
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("editions")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(
            server: server, folder: folder, lists: ["news": ["alpha"]], briefing: "editions = [\"06:30\", \"18:00\"]",
            profiles: "")
        #expect(
            configuration.editions == [Edition(name: "morning", minute: 390), Edition(name: "evening", minute: 1080)])
        let output = folder.appendingPathComponent("out").path + "/"
        let day = Self.morning.addingTimeInterval(-8 * 3600)  // 2026-11-26 00:00 UTC

        let morning = try await Self.run(configuration, at: day.addingTimeInterval(7 * 3600), output: output)
        #expect(morning.first?.edition == "morning")
        #expect(morning.first?.briefing.title == "Morning briefing")
        #expect(Self.titles(morning.first) == ["Alpha opens a bridge"])
        #expect(morning.first?.files.contains { $0.hasSuffix("/briefing-2026-11-26-morning.txt") } == true)

        feeds.add("alpha", id: "a2", title: "Alpha hires teachers")
        // Still morning: the morning edition again, unchanged.
        let later = try await Self.run(configuration, at: day.addingTimeInterval(11 * 3600))
        #expect(later.first?.reused == true)
        #expect(Self.titles(later.first) == ["Alpha opens a bridge"])

        let evening = try await Self.run(configuration, at: day.addingTimeInterval(19 * 3600), output: output)
        #expect(evening.first?.edition == "evening")
        #expect(evening.first?.reused == false)
        #expect(evening.first?.briefing.title == "Evening briefing")
        #expect(Self.titles(evening.first) == ["Alpha hires teachers"])
        #expect(evening.first?.files.contains { $0.hasSuffix("/briefing-2026-11-26-evening.txt") } == true)
        let text = try String(
            contentsOfFile: folder.appendingPathComponent("out/briefing-2026-11-26-evening.txt").path, encoding: .utf8)
        #expect(text.contains("Evening briefing"))

        // Idempotence per edition: the evening again is reused, the morning by name too; --force
        // remakes the evening with the same items.
        let eveningAgain = try await Self.run(configuration, at: day.addingTimeInterval(20 * 3600))
        #expect(eveningAgain.first?.reused == true)
        #expect(Self.titles(eveningAgain.first) == ["Alpha hires teachers"])
        let morningAgain = try await Self.run(configuration, at: day.addingTimeInterval(20 * 3600), edition: "morning")
        #expect(morningAgain.first?.reused == true)
        #expect(Self.titles(morningAgain.first) == ["Alpha opens a bridge"])
        let remade = try await Self.run(configuration, at: day.addingTimeInterval(21 * 3600), force: true)
        #expect(remade.first?.reused == false)
        #expect(Self.titles(remade.first) == ["Alpha hires teachers"])

        // Before the first edition of the next day, the run is the previous day's evening.
        let early = try await Self.run(configuration, at: day.addingTimeInterval(29 * 3600))
        #expect(early.first?.edition == "evening")
        #expect(early.first?.reused == true)
    }

    /// Two profiles' items linking to one article page: the page is fetched once for both.
    @Test func anArticlePageTwoProfilesNeedIsFetchedOnce() async throws {
        let server = try FullTextTests.teaserServer()
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("profiles-pages")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try FeedListFixture.configuration(
            in: folder, group: "Coast", feeds: [("Coast Times", server.baseURL + "/feed.xml")])
        configuration.fetch.allowPrivateNetworks = true
        configuration.maxItemAge = 0
        configuration.stateDirectory = folder.appendingPathComponent("state").path
        for name in ["a", "b"] {
            var profile = configuration
            profile.profile = name
            configuration.profiles.append(profile)
        }
        let outcomes = try await DailyJob(configuration: configuration, options: JobOptions(), now: { Self.morning })
            .runAll()
        #expect(outcomes.count == 2)
        for outcome in outcomes {
            #expect(
                outcome.briefing.sections.first?.entries.first?.summary.joined(separator: " ").contains("£95 million")
                    == true)
        }
        #expect(server.received.filter { $0.path == "/quay" }.count == 1)
        #expect(server.received.filter { $0.path == "/feed.xml" }.count == 1)
    }

    @Test func anUnknownProfileOrEditionNamesTheKnownOnes() async throws {
        let feeds = GrowingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("profiles-unknown")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(
            server: server, folder: folder, lists: ["news": ["alpha"]],
            profiles: "[profiles.markets]\n[profiles.general]\neditions = { early = \"05:00\" }\n")
        let profile = await #expect(throws: PipelineError.self) {
            _ = try await Self.run(configuration, at: Self.morning, profiles: ["market"])
        }
        #expect(
            profile?.description == "--profile: unknown profile market; did you mean markets? (known: general, markets)"
        )
        let edition = await #expect(throws: PipelineError.self) {
            _ = try await Self.run(configuration, at: Self.morning, profiles: ["general"], edition: "late")
        }
        #expect(edition?.description == "--edition: unknown edition late (profile general has early)")
        #expect(server.received.isEmpty)
        #expect(
            throws: ConfigurationError(
                path: "--profile", message: "unknown profile x (the configuration has no [profiles])")
        ) { try BriefingConfiguration().briefings(named: ["x"]) }
    }
}

/// `briefing run --profile` through the real executable.
@Suite struct ProfileCommandTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func profilesByNameOrAllAndAnUnknownNameIsAUsageError() throws {
        let folder = try CommandLineTests.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
        [briefing]
        feeds = ["list.opml"]
        max_item_age = "0"
        [state]
        directory = "state"
        [profiles.alpha]
        title = "Alpha"
        [profiles.beta]
        editions = { noon = "12:00" }
        """.write(to: folder.appendingPathComponent("briefing.toml"), atomically: true, encoding: .utf8)
        let config = folder.appendingPathComponent("briefing.toml").path

        let unknown = try ProcessRun.run(["run", "--config", config, "--profile", "alpa"], in: folder)
        #expect(unknown.status == 64, "\(unknown.errors)")
        #expect(
            unknown.errors.contains("unknown profile alpa; did you mean alpha? (known: alpha, beta)"),
            "\(unknown.errors)")
        let edition = try ProcessRun.run(
            ["run", "--config", config, "--profile", "beta", "--edition", "dusk"], in: folder)
        #expect(
            edition.status == 64 && edition.errors.contains("unknown edition dusk (profile beta has noon)"),
            "\(edition.errors)")

        let out = folder.appendingPathComponent("out").path + "/"
        let alpha = try ProcessRun.run(
            ["run", "--config", config, "--profile", "alpha", "-o", out, "--quiet"], in: folder)
        #expect(alpha.status == 0, "\(alpha.errors)")
        let both = try ProcessRun.run(
            ["run", "--config", config, "--edition", "noon", "--profile", "beta"], in: folder)
        #expect(both.status == 0, "\(both.errors)")
        #expect(both.output.contains("Noon briefing"), "\(both.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains { $0.hasPrefix("briefing-alpha-") && $0.hasSuffix(".html") }, "\(files)")
    }
}

/// `--send` with profiles: each briefing goes to its profile's recipients, else `[email] to`.
@Suite struct ProfileMailTests {
    @Test func eachProfileIsSentToItsOwnRecipients() async throws {
        let feeds = GrowingFeeds()
        feeds.add("alpha", id: "a1", title: "Alpha opens a bridge")
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let smtp = try TestSMTPServer()
        defer { smtp.stop() }
        let folder = Repository.temporaryDirectory("profiles-mail")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try ProfileRunTests.configuration(
            server: server, folder: folder, lists: ["news": ["alpha"]],
            profiles: """
                [email]
                smtp_url = "\(smtp.url)"
                starttls = false
                to = ["everyone@example.com"]
                [profiles.markets]
                title = "Markets"
                to = ["markets@example.com"]
                [profiles.general]
                """)
        var options = JobOptions()
        options.send = true
        let outcomes = try await DailyJob(
            configuration: configuration, options: options, now: { ProfileRunTests.morning }
        ).runAll()
        #expect(outcomes.allSatisfy { $0.sendError == nil })
        let sent = smtp.received.sorted { $0.recipients.joined() < $1.recipients.joined() }
        #expect(sent.map(\.recipients) == [["<everyone@example.com>"], ["<markets@example.com>"]])
        // Each message is its own profile's briefing (the title heads its text).
        #expect(sent.last?.data.contains("Markets") == true)
        #expect(sent.first?.data.contains("Markets") == false)
        #expect(sent.first?.data.contains("Daily briefing") == true)
    }
}
