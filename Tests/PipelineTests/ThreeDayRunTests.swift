import BriefingCore
import Foundation
import History
import Synchronization
import TestSupport
import Testing

@testable import Fetching
@testable import Pipeline

/// Feeds that change across three simulated days, served on 127.0.0.1, briefed with state.
final class ChangingFeeds: Sendable {
    struct Item {
        var id: String
        var title: String
        var body: String
        var date: String
    }

    private let day = Mutex(1)

    func setDay(_ value: Int) {
        day.withLock { $0 = value }
    }

    var currentDay: Int {
        day.withLock { $0 }
    }

    static let railStory = [
        "Northwind Rail agreed on Thursday to buy the Oslo tram operator Fjordline for $2.4 billion, Ingrid Solberg, its chief executive, told reporters in Oslo.",
        "The deal, approved by 87% of Fjordline shareholders, creates the largest rail company in Norway with 14,000 employees.",
        "Ms. Solberg said Northwind Rail would keep the Fjordline name until 2028.",
        "Analysts at Nordbank said the price was 31% above the market value of Fjordline.",
    ]

    /// The items each feed carries on each day.
    func items(feed: String, day: Int) -> [Item] {
        func item(_ id: String, _ title: String, _ sentences: [String], _ date: String) -> Item {
            Item(id: id, title: title, body: sentences.joined(separator: " "), date: date)
        }
        // Each feed's everyday items are its own stories, told in its own words.
        let everyday: [String: [(String, [String])]] = [
            "alpha": [
                (
                    "Aalborg council approves budget",
                    [
                        "The Aalborg city council approved a budget of €410 million on Tuesday, Mayor Lena Brandt said.",
                        "It pays for 120 new teachers.",
                    ]
                ),
                (
                    "Kunsthal Nord reopens",
                    [
                        "Kunsthal Nord, the art hall in Aalborg, reopened its doors after a €58 million refit.",
                        "Sofia Marquez, its director, expects 90,000 visitors a year.",
                    ]
                ),
            ],
            "beta": [
                (
                    "Bilbao port traffic rises",
                    [
                        "Container traffic through the port of Bilbao rose 7.2% in October, the port authority reported.",
                        "Harbour master Iker Zubiri credited a new rail link to Madrid.",
                    ]
                ),
                (
                    "Athletic Club signs striker",
                    [
                        "Athletic Club signed the striker Unai Goikoetxea from Real Sociedad for €19 million.",
                        "Coach Ernesto Valverde praised his pace.",
                    ]
                ),
            ],
            "gamma": [
                (
                    "Graz tram line opens",
                    [
                        "A new tram line linking Graz main station with the university opened on Monday.",
                        "Transport councillor Klara Hofer said 30,000 riders would use it daily.",
                    ]
                ),
                (
                    "Styrian vintners report small harvest",
                    [
                        "Winemakers in Styria picked 18% fewer grapes this autumn after a wet spring.",
                        "Growers' chairman Paul Steiner warned of higher prices.",
                    ]
                ),
            ],
            "delta": [
                (
                    "Dundee games studio hires 200",
                    [
                        "The Dundee games studio Tayforth Interactive will hire 200 developers next year.",
                        "Chief executive Fiona Baird said a £12 million grant made it possible.",
                    ]
                ),
                (
                    "Scottish ferry fleet delayed again",
                    [
                        "Two new ferries for the Hebrides will be late again, CalMac said, now due in 2027.",
                        "Islanders' spokesman Callum Reid called the news dismal.",
                    ]
                ),
            ],
        ]
        let dates = ["Tue, 24 Nov 2026 09:00:00 +0000", "Wed, 25 Nov 2026 10:00:00 +0000"]
        var result: [Item] = (everyday[feed] ?? []).enumerated().map { offset, story in
            item("\(feed)-\(offset + 1)", story.0, story.1, dates[offset])
        }
        if day >= 2, ["alpha", "beta", "gamma"].contains(feed) {
            let order = ["alpha": [0, 1, 2, 3], "beta": [1, 0, 3, 2], "gamma": [3, 0, 1, 2]][feed] ?? [0, 1, 2, 3]
            result.append(
                item(
                    "\(feed)-rail", "\(feed.capitalized) Post: Northwind Rail buys Fjordline",
                    order.map { Self.railStory[$0] }, "Thu, 26 Nov 2026 12:00:00 +0000"))
        }
        if day >= 2, feed == "alpha" {
            let extra =
                day >= 3
                ? "Updated figures show 2,300 homes in Bergen were flooded, up from 1,800, officials said on Friday."
                : "About 1,800 homes in Bergen were flooded, officials said."
            result.append(
                item(
                    "alpha-flood", "Floods hit Bergen",
                    [
                        "Heavy rain flooded the centre of Bergen on Thursday, closing 14 schools, the Norwegian Water Agency said.",
                        extra,
                        "Mayor Erik Lunde asked residents to avoid the harbour district.",
                    ], "Thu, 26 Nov 2026 15:00:00 +0000"))
        }
        return result
    }

    func rss(feed: String) -> String {
        let items = items(feed: feed, day: currentDay).map { item in
            """
            <item><guid isPermaLink="false">\(item.id)</guid><title>\(item.title)</title>
            <link>https://\(feed).example/\(item.id)</link><pubDate>\(item.date)</pubDate>
            <description><![CDATA[<p>\(item.body)</p>]]></description></item>
            """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>\(feed.capitalized) News</title><link>https://\(feed).example/</link>
            \(items.joined(separator: "\n"))
            </channel></rss>
            """
    }

    /// Serves /FEED.xml; the delta feed fails on day 2.
    func reply(_ request: TestHTTPServer.Request) -> TestHTTPServer.Reply {
        let feed = request.path.dropFirst().replacingOccurrences(of: ".xml", with: "")
        if feed == "delta" && currentDay == 2 { return .response(status: 500) }
        guard ["alpha", "beta", "gamma", "delta"].contains(feed) else { return .response(status: 404) }
        return .response(
            status: 200, headers: ["Content-Type": "application/rss+xml"], body: Data(rss(feed: feed).utf8))
    }

    static func opml(baseURL: String) -> String {
        let outlines = ["alpha", "beta", "gamma", "delta"].map {
            "<outline type=\"rss\" text=\"\($0.capitalized) News\" xmlUrl=\"\(baseURL)/\($0).xml\"/>"
        }
        return """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>Test</title></head><body>
            <outline text="News">\(outlines.joined())</outline>
            </body></opml>
            """
    }
}

@Suite struct ThreeDayRunTests {
    static let days: [Int: Date] = [
        1: Date(timeIntervalSince1970: 1_795_680_000),  // 2026-11-26 08:00 UTC
        2: Date(timeIntervalSince1970: 1_795_766_400),  // 2026-11-27 08:00 UTC
        3: Date(timeIntervalSince1970: 1_795_852_800),  // 2026-11-28 08:00 UTC
    ]

    /// A configuration briefing the changing feeds served by `server`, with state in `folder`.
    static func configuration(server: TestHTTPServer, folder: URL) throws -> BriefingConfiguration {
        let list = folder.appendingPathComponent("feeds.opml")
        try ChangingFeeds.opml(baseURL: server.baseURL).write(to: list, atomically: true, encoding: .utf8)
        var configuration = BriefingConfiguration()
        configuration.feedLists = [list.path]
        configuration.stateDirectory = folder.appendingPathComponent("state").path
        configuration.maxItemAge = 0
        // The items link to pages on example domains: fetching them would look those names up in
        // the machine's DNS, whose answer (an error, or a timeout) then lands in the briefing.
        // FullTextTests fetches pages from the loopback server instead.
        configuration.fullText.mode = .never
        return configuration
    }

    @Test func newItemsOnlyStoriesOnceFailuresReportedUpdatesMarkedMailDelivered() async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let smtp = try TestSMTPServer()
        defer { smtp.stop() }
        let folder = Repository.temporaryDirectory("three-days")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try Self.configuration(server: server, folder: folder)
        configuration.fetch.retryBaseDelay = 0.01
        configuration.fetch.maxAttempts = 2
        configuration.email.smtpURL = smtp.url
        configuration.email.to = ["reader@example.com"]
        configuration.email.startTLS = false
        let fetcher = Fetcher(configuration: configuration.fetch)

        func run(day: Int, send: Bool = false, output: String? = nil) async throws -> JobOutcome {
            feeds.setDay(day)
            var options = JobOptions()
            options.send = send
            options.output = output
            let now = Self.days[day] ?? Date()
            return try await DailyJob(configuration: configuration, options: options, fetcher: fetcher, now: { now })
                .run()
        }

        // Day 1: everything is new.
        let day1 = try await run(day: 1)
        #expect(day1.briefing.entryCount == 8)
        #expect(day1.briefing.failures.isEmpty)

        // Running again the same day shows the same briefing and records nothing new; with
        // --send, the briefing made without it is sent now.
        let again = try await run(day: 1, send: true)
        #expect(again.reused)
        #expect(again.briefing == day1.briefing)
        #expect(smtp.received.count == 1)

        // Day 2: only the new items; the rail story once with its three sources; delta fails.
        let day2 = try await run(day: 2)
        let entries2 = day2.briefing.sections.flatMap(\.entries)
        #expect(entries2.count == 2)
        let rail = try #require(entries2.first { $0.title.contains("Northwind") })
        #expect(rail.alsoReportedBy.count == 2)
        #expect(Set([rail.source] + rail.alsoReportedBy.map(\.source)) == ["Alpha News", "Beta News", "Gamma News"])
        let summary = rail.summary.joined(separator: " ")
        #expect(summary.contains("$2.4 billion"))
        #expect(Set(rail.summary).count == rail.summary.count)
        #expect(entries2.contains { $0.title == "Floods hit Bergen" && !$0.isUpdate })
        #expect(day2.briefing.failures.count == 1)
        #expect(day2.briefing.failures.first?.source.location.hasSuffix("/delta.xml") == true)
        #expect(day2.briefing.failures.first?.reason.contains("HTTP 500") == true)

        // Day 3: the flood story changed and comes back marked; sent by mail; files written.
        let output = folder.appendingPathComponent("out").path + "/"
        let day3 = try await run(day: 3, send: true, output: output)
        let entries3 = day3.briefing.sections.flatMap(\.entries)
        #expect(entries3.count == 1)
        #expect(entries3.first?.title == "Floods hit Bergen")
        #expect(entries3.first?.isUpdate == true)
        #expect(day3.briefing.failures.isEmpty)
        #expect(day3.sendError == nil)
        #expect(
            day3.files.map { ($0 as NSString).lastPathComponent }.sorted() == [
                "briefing-2026-11-28.eml", "briefing-2026-11-28.html", "briefing-2026-11-28.md",
                "briefing-2026-11-28.txt",
            ])
        #expect(smtp.received.count == 2)
        let mail = try #require(smtp.received.last)
        #expect(mail.recipients == ["<reader@example.com>"])
        #expect(mail.data.contains("Content-Type: multipart/alternative;"))
        #expect(mail.data.contains("Subject: =?UTF-8?B?"))
        let state = try StateStore(directory: configuration.stateDirectory)
        #expect(try state.undelivered().isEmpty)
    }

    @Test func aFailedSendKeepsTheBriefingAndTheNextRunSendsIt() async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("send-retry")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try Self.configuration(server: server, folder: folder)
        configuration.email.to = ["reader@example.com"]
        configuration.email.startTLS = false
        var options = JobOptions()
        options.send = true

        let refusing = try TestSMTPServer(refuse: true)
        configuration.email.smtpURL = refusing.url
        let first = try await DailyJob(configuration: configuration, options: options, now: { Self.days[1] ?? Date() })
            .run()
        refusing.stop()
        #expect(first.sendError != nil)
        #expect(first.briefing.entryCount == 8)

        let working = try TestSMTPServer()
        defer { working.stop() }
        configuration.email.smtpURL = working.url
        let second = try await DailyJob(configuration: configuration, options: options, now: { Self.days[1] ?? Date() })
            .run()
        #expect(second.retriedDeliveries == ["briefing of 2026-11-26 sent"])
        #expect(second.reused)
        #expect(working.received.count == 1)
    }

    @Test func dryRunTouchesNoState() async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("dry-run")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration(server: server, folder: folder)
        var options = JobOptions()
        options.dryRun = true
        let outcome = try await DailyJob(configuration: configuration, options: options).run()
        #expect(outcome.briefing.entryCount == 8)
        #expect(outcome.printed?.contains("Aalborg council approves budget") == true)
        #expect(!FileManager.default.fileExists(atPath: configuration.stateDirectory))
    }
}
