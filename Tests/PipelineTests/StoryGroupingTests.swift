import BriefingCore
import Foundation
import Summarization
import TestSupport
import Testing

@testable import Pipeline

/// Story grouping: near-verbatim wire copy is one story whatever it names; different stories
/// that share a place stay apart.
@Suite struct StoryGroupingTests {
    /// Wire copy naming one place (and its agency): no two shared names, no figures.
    static let wire = [
        "Flood barriers along the river were raised early on Tuesday after forecasters warned that heavy rain and a spring tide could push water levels to their highest point in decades.",
        "Engineers worked through the night to close the gates, and residents of low-lying streets were told to move cars and valuables to higher ground.",
        "The environment agency said the barrier had been closed more often this winter than in any year since it was built, and that crews would stay on watch until the tide turned.",
    ]

    static let noon = Date(timeIntervalSince1970: 1_795_859_200)

    static func items(_ texts: [(title: String, text: String)], feeds: [String]? = nil, dates: [Date]? = nil)
        -> [StoryGrouping.Item]
    {
        zip(texts.indices, TextProfile.profiles(texts.map { (title: $0.title, text: $0.text) })).map { index, profile in
            StoryGrouping.Item(
                profile: profile, date: dates?[index] ?? noon, feed: feeds?[index] ?? "https://feed\(index).example/rss"
            )
        }
    }

    @Test func fourHundredFeedsCarryingOneParagraphAreOneStory() {
        let paragraph = "LONDON (Reuters) - " + Self.wire.joined(separator: " ")
        let groups = StoryGrouping().groups(
            Self.items(Array(repeating: (title: "Flood barriers raised", text: paragraph), count: 400)))
        #expect(groups.count == 1)
        #expect(groups.first?.count == 400)
    }

    @Test func fiveThousandCopiesAreOneStory() {
        let profile = TextProfile(title: "Flood barriers raised", text: Self.wire.joined(separator: " "))
        let items = (0..<5000).map {
            StoryGrouping.Item(profile: profile, date: Self.noon, feed: "https://feed\($0).example/rss")
        }
        // One comparison a copy (with the first): 0.3 s in a debug build.
        #expect(StoryGrouping().groups(items).map(\.count) == [5000])
    }

    @Test func lightlyEditedWireCopyIsOneStory() {
        let w = Self.wire
        let copies: [(title: String, text: String)] = [
            ("Flood barriers raised as river nears record", "LONDON (Reuters) - " + w.joined(separator: " ")),
            (
                "Gates shut against rain and spring tide",
                "LONDON (AP) — Flood barriers along the river were raised early Tuesday after forecasters warned that heavy rain and a spring tide could push water levels to their highest point in decades. "
                    + w[1] + " " + w[2]
            ),
            ("River barrier closed overnight", w[0] + " " + w[2]),  // a sentence dropped
            (
                "Residents told to move cars as barrier closes",
                w.joined(separator: "\n\n")
                    + "\n\nTrains into the city were expected to run normally, the operator said."
            ),
            (
                "FLOOD GATES CLOSED",
                "Flood barriers along the river were raised early on Tuesday; forecasters had warned that heavy rain and a spring tide could push water levels to their highest point in decades! Engineers worked through the night to close the gates – and residents of low-lying streets were told to move cars and valuables to higher ground..."
            ),
        ]
        let groups = StoryGrouping().groups(Self.items(copies))
        #expect(groups == [[0, 1, 2, 3, 4]])
    }

    @Test func differentStoriesSharingAPlaceStayApart() {
        let stories: [(title: String, text: String)] = [
            (
                "Medieval maps go on show",
                "LONDON - A new exhibition of medieval maps opened at the national library, where curators spent three years restoring parchment charts that once guided pilgrims across the continent. Visitors queued along the street before the doors opened."
            ),
            (
                "Bus drivers strike over pay",
                "LONDON - Bus drivers began a two-day strike over pay, leaving commuters to crowd onto trains and bicycles as the morning rush began across the capital. Union leaders said talks had broken down late at night."
            ),
            ("Flood barriers raised", "LONDON (Reuters) - " + Self.wire.joined(separator: " ")),
        ]
        #expect(StoryGrouping().groups(Self.items(stories)) == [[0], [1], [2]])
    }

    @Test func reportsWrittenToOneTemplateAboutDifferentCompaniesStayApart() {
        func report(_ company: String, _ place: String, _ rival: String, _ figures: [String]) -> (
            title: String, text: String
        ) {
            (
                "\(company) shares rise",
                "Shares of \(company) closed \(figures[0])% higher in \(place) trading after the company said revenue rose \(figures[1])% in the third quarter to $\(figures[2]) billion. Analysts at \(rival) said the price was \(figures[3])% above market value. Officials declined to give further details."
            )
        }
        let reports = [
            report("Northwind Rail", "Oslo", "Nordbank", ["4.2", "12", "1.8", "31"]),
            report("Calloway Foods", "Madrid", "Ibercaja", ["2.7", "9", "3.4", "18"]),
        ]
        #expect(StoryGrouping().groups(Self.items(reports)) == [[0], [1]])
    }

    @Test func nearVerbatimCopyStillKeepsTheWindowAndOneItemPerFeed() {
        let text = Self.wire.joined(separator: " ")
        let copies = Array(repeating: (title: "Flood barriers raised", text: text), count: 3)
        let week = Self.noon.addingTimeInterval(7 * 86400)
        #expect(StoryGrouping().groups(Self.items(copies, dates: [Self.noon, Self.noon, week])) == [[0, 1], [2]])
        let oneFeed = ["https://a.example/rss", "https://a.example/rss", "https://b.example/rss"]
        #expect(StoryGrouping().groups(Self.items(copies, feeds: oneFeed)) == [[0, 2], [1]])
    }

    @Test func theProfileReadsAsTheSummarizerDoes() {
        let profile = TextProfile(
            title: "Rail deal agreed",
            text:
                "President Ingrid Solberg said Northwind Rail would pay $2.4 billion, 31% above the 14,000-share offer, on Thursday."
        )
        let hash = { (word: String) in TextProfile(title: nil, text: "The visit of \(word) ended.").names }
        // Titles are not part of a name; names are word by word; weekdays are not names.
        #expect(profile.names.count == 4)
        #expect(Set(profile.names).isSuperset(of: hash("Solberg") + hash("Northwind") + hash("Rail")))
        #expect(hash("President").isEmpty)
        #expect(profile.figures.count == 3)  // 2.4, 31, 14,000
        // Punctuation, case and function words do not change the shingles.
        let a = TextProfile(title: nil, text: Self.wire[0])
        let b = TextProfile(
            title: nil,
            text: Self.wire[0].uppercased().replacingOccurrences(of: " the ", with: " a ").replacingOccurrences(
                of: ",", with: ";"))
        #expect(!a.shingles.isEmpty)
        #expect(a.shingles == b.shingles)
    }

    /// End to end: 150 feed files (more than a name's 60 postings) carrying one wire paragraph give one entry listing every source.
    @Test func theBriefingShowsSyndicatedCopyOnceWithItsSources() async throws {
        let folder = Repository.temporaryDirectory("syndicated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let feedsFolder = folder.appendingPathComponent("feeds")
        try FileManager.default.createDirectory(at: feedsFolder, withIntermediateDirectories: true)
        let count = 150
        var feeds: [(name: String, url: String)] = []
        for n in 0..<count {
            let body = (n % 2 == 0 ? "LONDON (Reuters) - " : "LONDON (AP) - ") + Self.wire.joined(separator: " ")
            try """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Outlet \(n)</title><link>https://outlet\(n).example/</link>
            <item><guid>wire-\(n)</guid><title>Flood barriers raised (\(n))</title>
            <link>https://outlet\(n).example/flood</link><pubDate>Sat, 28 Nov 2026 06:00:00 +0000</pubDate>
            <description>\(body)</description></item></channel></rss>
            """.write(to: feedsFolder.appendingPathComponent("\(n).xml"), atomically: true, encoding: .utf8)
            feeds.append((name: "Outlet \(n)", url: "feeds/\(n).xml"))
        }
        let configuration = try FeedListFixture.configuration(in: folder, feeds: feeds)
        var options = JobOptions()
        options.output = folder.appendingPathComponent("briefing.txt").path
        let now = Self.noon
        let outcome = try await DailyJob(configuration: configuration, options: options, now: { now }).run()
        let entries = outcome.briefing.sections.flatMap(\.entries)
        #expect(outcome.briefing.failures.isEmpty)
        #expect(entries.count == 1)
        #expect(entries.first?.alsoReportedBy.count == count - 1)
        let text = try String(contentsOf: folder.appendingPathComponent("briefing.txt"), encoding: .utf8)
        #expect(text.components(separatedBy: "Also reported by:").count == 2)
        #expect(text.components(separatedBy: "Flood barriers raised (").count == 2)
        for n in [0, 1, 75, 149] { #expect(text.contains("https://outlet\(n).example/flood")) }
    }
}
