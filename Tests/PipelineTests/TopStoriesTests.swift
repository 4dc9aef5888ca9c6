import BriefingCore
import Foundation
import Rendering
import TestSupport
import Testing

@testable import Fetching
@testable import Pipeline

@Suite struct TopStoriesTests {
    static func entry(_ title: String, sources: Int) -> BriefingEntry {
        BriefingEntry(
            title: title, link: nil, source: "\(title) feed", date: nil, summary: [],
            alsoReportedBy: (1..<max(1, sources)).map { SourceLink(source: "\(title) other \($0)", link: nil) })
    }

    static let sections = [
        BriefingSection(name: "World", entries: [entry("w1", sources: 2), entry("w2", sources: 1)]),
        BriefingSection(name: "Sport", entries: [entry("s1", sources: 1)]),
        BriefingSection(name: "Business", entries: [entry("b1", sources: 2), entry("b2", sources: 4)]),
    ]

    static func titles(_ sections: [BriefingSection]) -> [String: [String]] {
        Dictionary(uniqueKeysWithValues: sections.map { ($0.name, $0.entries.map(\.title)) })
    }

    @Test func theMostCarriedStoriesComeFirstTiesByRankThenSectionEachStoryOnce() {
        let result = TopStories.apply(Self.sections, count: 2)
        #expect(result.map(\.name) == ["Top stories", "World", "Sport", "Business"])
        // b2 has 4 sources; w1 and b1 have 2 each and the same rank in their sections: World is first.
        #expect(result[0].entries.map(\.title) == ["b2", "w1"])
        #expect(Self.titles(result)["World"] == ["w2"])
        #expect(Self.titles(result)["Business"] == ["b1"])
        let all = result.flatMap(\.entries).map(\.title)
        #expect(all.sorted() == Self.sections.flatMap(\.entries).map(\.title).sorted())
    }

    @Test func aSectionLeftEmptyDisappearsAndRankBreaksTiesWithinASection() {
        let result = TopStories.apply(Self.sections, count: 4)
        // Among the stories of one feed, s1 leads its section and w2 does not.
        #expect(result[0].entries.map(\.title) == ["b2", "w1", "b1", "s1"])
        #expect(result.map(\.name) == ["Top stories", "World"])
        // A count beyond the stories takes them all.
        #expect(TopStories.apply(Self.sections, count: 100).map(\.name) == ["Top stories"])
    }

    @Test func zeroOrNoStoriesLeaveTheSectionsAlone() {
        #expect(TopStories.apply(Self.sections, count: 0) == Self.sections)
        let empty = [BriefingSection(name: "World", entries: [])]
        #expect(TopStories.apply(empty, count: 3) == empty)
    }

    @Test func aFeedCountedTwiceInAStoryCountsOnce() {
        var twice = Self.entry("t", sources: 1)
        twice.alsoReportedBy = [SourceLink(source: "t feed", link: nil), SourceLink(source: "t feed", link: nil)]
        let sections = [BriefingSection(name: "A", entries: [Self.entry("a", sources: 2), twice])]
        #expect(TopStories.apply(sections, count: 1)[0].entries.map(\.title) == ["a"])
    }

    /// End to end: the rail story three feeds carry heads the briefing, once, in every format.
    @Test func theRunPutsTheStoryOfThreeFeedsFirstInEveryFormat() async throws {
        let feeds = ChangingFeeds()
        feeds.setDay(2)
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("top-stories")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try ThreeDayRunTests.configuration(server: server, folder: folder)
        configuration.fetch.maxAttempts = 1
        let now = ThreeDayRunTests.days[2] ?? Date()
        let plain = try await DailyRun(configuration: configuration, now: { now }).run()
        configuration.topStories = 1
        let briefing = try await DailyRun(configuration: configuration, now: { now }).run()

        #expect(briefing.sections.first?.name == "Top stories")
        let top = try #require(briefing.sections.first?.entries.first)
        #expect(top.title.contains("Northwind Rail"))
        #expect(top.alsoReportedBy.count == 2)
        #expect(briefing.sections.first?.entries.count == 1)
        #expect(briefing.entryCount == plain.entryCount)
        let titles = briefing.sections.flatMap(\.entries).map(\.title)
        #expect(titles.filter { $0.contains("Northwind Rail") }.count == 1)
        #expect(titles.sorted() == plain.sections.flatMap(\.entries).map(\.title).sorted())

        let job = DailyJob(configuration: configuration, options: JobOptions())
        let headings: [(OutputFormat, top: String, news: String)] = [
            (.text, "\nTOP STORIES\n", "\nNEWS\n"), (.markdown, "\n## Top stories\n", "\n## News\n"),
            (.html, ">Top stories</h2>", ">News</h2>"),
        ]
        for (format, topHeading, newsHeading) in headings {
            let text = job.render(briefing, as: format)
            let topAt = try #require(text.range(of: topHeading), "\(format)")
            let newsAt = try #require(text.range(of: newsHeading), "\(format)")
            let railAt = try #require(text.range(of: "Northwind Rail"), "\(format)")
            #expect(topAt.lowerBound < railAt.lowerBound && railAt.lowerBound < newsAt.lowerBound, "\(format)")
        }
        // The email's text part is the text rendering (its HTML part the HTML one, checked above).
        #expect(job.render(briefing, as: .email).contains("\r\n\r\nTOP STORIES\r\n-----------\r\n"))
    }

    @Test func theOptionIsReadAndBounded() throws {
        let base = "[briefing]\nfeeds = [\"f.opml\"]\n"
        #expect(try BriefingConfiguration.parse(base, path: "b.toml").topStories == 0)
        #expect(try BriefingConfiguration.parse(base + "top_stories = 3\n", path: "b.toml").topStories == 3)
        let error = #expect(throws: ConfigurationError.self) {
            try BriefingConfiguration.parse(base + "top_stories = 101\n", path: "b.toml")
        }
        #expect(error?.description == "config: b.toml: line 3: briefing.top_stories: 101 is out of range (0 to 100)")
    }
}
