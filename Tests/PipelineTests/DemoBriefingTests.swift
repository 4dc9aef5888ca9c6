import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// The offline demo, end to end: Config/demo.toml over the bundled sample feeds.
@Suite struct DemoBriefingTests {
    static func demoBriefing() async throws -> Briefing {
        let configuration = try BriefingConfiguration.load(
            path: Repository.root.appendingPathComponent("Config/demo.toml").path)
        let fixedNow = Date(timeIntervalSince1970: 1_795_859_200)
        return try await DailyRun(configuration: configuration, now: { fixedNow }).run()
    }

    @Test func sectionsFollowTheFeedListGroups() async throws {
        let briefing = try await Self.demoBriefing()
        #expect(briefing.title == "Demo briefing")
        #expect(briefing.sections.map(\.name) == ["World", "Business", "Technology"])
        #expect(briefing.failures.isEmpty)
        #expect(briefing.feedCount == 4)
    }

    @Test func everyItemIsThereWithASummary() async throws {
        let briefing = try await Self.demoBriefing()
        let entries = briefing.sections.flatMap(\.entries)
        // 24 items; the orbital-debris story told by two feeds is one entry.
        #expect(entries.count == 23)
        let reported = entries.reduce(0) { $0 + 1 + $1.alsoReportedBy.count }
        #expect(reported == 24)
        for entry in entries {
            #expect((2...3).contains(entry.summary.count), "\(entry.title): \(entry.summary.count) sentences")
            #expect(entry.link?.hasPrefix("https://") == true, "\(entry.title) has no link")
            #expect(entry.date != nil, "\(entry.title) has no date")
            for sentence in entry.summary {
                #expect(!sentence.contains("<"), "markup in summary: \(sentence)")
            }
        }
    }

    @Test func theSharedStoryIsGroupedWithBothSources() async throws {
        let briefing = try await Self.demoBriefing()
        let world = try #require(briefing.sections.first { $0.name == "World" })
        let story = try #require(world.entries.first { !$0.alsoReportedBy.isEmpty })
        let sources = [story.source] + story.alsoReportedBy.map(\.source)
        #expect(Set(sources) == ["Harbour Post — World", "Field & Lab Science Desk"])
        #expect(story.title.contains("Geneva") || story.title.contains("orbit"))
        // Grouped stories rank first in their section.
        #expect(world.entries.first == story)
    }

    @Test func failingFeedsAreListedAndTheOthersStillAppear() async throws {
        var configuration = BriefingConfiguration()
        configuration.feedLists = [Repository.root.appendingPathComponent("Tests/Fixtures/with-broken.opml").path]
        configuration.maxItemAge = 0
        let briefing = try await DailyRun(configuration: configuration).run()
        #expect(briefing.failures.count == 2)
        let reasons = briefing.failures.map(\.reason).joined(separator: "\n")
        #expect(reasons.contains("parse:"))
        #expect(reasons.contains("no such file"))
        #expect(briefing.entryCount == 7)
        #expect(!briefing.allFeedsFailed)
    }

    @Test func anUnreadableFeedListIsOneClearError() async throws {
        var configuration = BriefingConfiguration()
        configuration.feedLists = ["/nonexistent/list.opml"]
        let error = try await #require(throws: PipelineError.self) {
            _ = try await DailyRun(configuration: configuration).run()
        }
        // The same words as for any input that is not there (SourceReader), and as the job's own check.
        #expect(error.description == "/nonexistent/list.opml: no such file")
    }
}
