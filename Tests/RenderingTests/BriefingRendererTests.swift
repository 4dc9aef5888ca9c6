import BriefingCore
import Foundation
import Testing

@testable import Rendering

@Suite struct BriefingRendererTests {
    static let briefing = Briefing(
        title: "Morning briefing",
        date: Date(timeIntervalSince1970: 1_795_859_200),  // Saturday 28 November 2026, 09:46:40 UTC
        sections: [
            BriefingSection(
                name: "World",
                entries: [
                    BriefingEntry(
                        title: "Port strike ends after 12 days",
                        link: "https://example.com/world/strike",
                        source: "Harbour Post",
                        date: Date(timeIntervalSince1970: 1_795_770_000),
                        summary: [
                            "Dock workers in Rotterdam accepted a 6.5% pay rise on Thursday, ending a 12-day strike that had idled 40 ships.",
                            "The union said 81% of members voted in favour.",
                        ])
                ]),
            BriefingSection(name: "Empty", entries: []),
            BriefingSection(
                name: "Business",
                entries: [
                    BriefingEntry(
                        title: "Rates [held] at *4%*", link: nil, source: "Ledger", date: nil,
                        summary: ["The bank kept rates at 4%."])
                ]),
        ],
        failures: [
            FeedFailure(
                source: FeedSource(location: "https://bad.example/feed", title: "Bad Feed", group: "World"),
                reason: "fetch: HTTP 404 Not Found")
        ],
        feedCount: 3)

    @Test func plainTextIsWrappedAndComplete() {
        let text = BriefingRenderer(format: .text).render(Self.briefing)
        let expected = """
            Morning briefing — Saturday, 28 November 2026
            =============================================
            2 stories from 2 feeds · 1 failed

            WORLD
            -----

            * Port strike ends after 12 days
              Harbour Post · 27 Nov 2026, 09:00 UTC
              https://example.com/world/strike

              Dock workers in Rotterdam accepted a 6.5% pay rise on Thursday, ending
              a 12-day strike that had idled 40 ships. The union said 81% of members
              voted in favour.

            BUSINESS
            --------

            * Rates [held] at *4%*
              Ledger

              The bank kept rates at 4%.

            FEEDS THAT FAILED
            -----------------
            - Bad Feed (https://bad.example/feed): fetch: HTTP 404 Not Found

            """
        #expect(text == expected)
        for line in text.split(separator: "\n") {
            #expect(line.count <= 72, "line too long: \(line)")
        }
    }

    @Test func markdownHasHeadingsLinksAndEscapes() {
        let markdown = BriefingRenderer(format: .markdown).render(Self.briefing)
        let expected = """
            # Morning briefing — Saturday, 28 November 2026

            _2 stories from 2 feeds · 1 failed_

            ## World

            ### [Port strike ends after 12 days][1]

            *Harbour Post · 27 Nov 2026, 09:00 UTC*

            Dock workers in Rotterdam accepted a 6.5% pay rise on Thursday, ending a 12-day strike that had idled 40 ships. The union said 81% of members voted in favour.

            ## Business

            ### Rates \\[held\\] at \\*4%\\*

            *Ledger*

            The bank kept rates at 4%.

            ## Feeds that failed

            - **Bad Feed** (https://bad.example/feed): fetch: HTTP 404 Not Found

            [1]: <https://example.com/world/strike>

            """
        #expect(markdown == expected)
        #expect(!markdown.contains("<p>"))
    }

    @Test func emptyBriefingSaysSo() {
        let empty = Briefing(title: "B", date: Self.briefing.date, sections: [], failures: [], feedCount: 1)
        #expect(BriefingRenderer(format: .text).render(empty).contains("No new stories."))
        #expect(BriefingRenderer(format: .markdown).render(empty).contains("No new stories."))
    }

    @Test func wrappingKeepsLongWordsWhole() {
        let lines = TextWrap.wrap(
            "see https://example.com/a/very/long/path/that/does/not/fit/anywhere/at/all/really ok", width: 30,
            indent: "  ")
        #expect(
            lines == ["see", "  https://example.com/a/very/long/path/that/does/not/fit/anywhere/at/all/really", "  ok"])
    }
}
