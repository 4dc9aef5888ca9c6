import BriefingCore
import Foundation
import Testing

@testable import Rendering

/// `DisplayText` and `Presentation`: what feeds wrote, cleaned once before any renderer runs.
@Suite struct PresentationTests {
    @Test(arguments: [
        ("plain", "plain"),
        ("  padded\t", "padded"),
        ("one\ntwo\r\nthree\tfour\u{B}five\u{C}six", "one two three four five six"),
        ("runs    of \n\n  space", "runs of space"),
        ("NEL\u{85}LS\u{2028}PS\u{2029}end", "NEL LS PS end"),
        ("nul\u{0}bell\u{7}esc\u{1B}del\u{7F}csi\u{9B}", "nulbellescdelcsi"),
        ("\u{202E}gpj.exe", "gpj.exe"),
        (
            "a\u{202A}b\u{202B}c\u{202C}d\u{202D}e\u{2066}f\u{2067}g\u{2068}h\u{2069}i\u{200E}j\u{200F}k\u{61C}l",
            "abcdefghijkl"
        ),
        ("no-break\u{A0}space kept", "no-break\u{A0}space kept"),
        ("\u{0}\u{202E} \n", ""),
    ])
    func cleansToOneLine(raw: String, expected: String) {
        #expect(DisplayText.line(raw, limit: 300) == expected)
    }

    @Test func cutsLongTextOnACharacterBoundaryWithAnEllipsis() {
        let raw = "Long title " + String(repeating: "é", count: 50_000)
        #expect(raw.utf8.count > 100_000)
        let line = DisplayText.line(raw, limit: 300)
        #expect(line == "Long title " + String(repeating: "é", count: 288) + "…")
        #expect(line.count == 300)
        // Exactly at the limit: kept whole.
        let exact = String(repeating: "x", count: 300)
        #expect(DisplayText.line(exact, limit: 300) == exact)
        #expect(DisplayText.line(exact + "y", limit: 300) == String(repeating: "x", count: 299) + "…")
    }

    @Test func dropsTheSpaceBeforeTheEllipsis() {
        let raw = String(repeating: "x", count: 298) + " yyyy"
        #expect(DisplayText.line(raw, limit: 300) == String(repeating: "x", count: 298) + "…")
    }

    @Test func keepsFlagsAndCombinedCharactersWhole() {
        let flags = String(repeating: "🇳🇱", count: 400)  // Two scalars each.
        let line = DisplayText.line(flags, limit: 300)
        #expect(line == String(repeating: "🇳🇱", count: 299) + "…")
        let decomposed = String(repeating: "e\u{301}", count: 400)
        #expect(DisplayText.line(decomposed, limit: 300).unicodeScalars.count == 299 * 2 + 1)
    }

    @Test func boundsCharactersHeapedWithCombiningMarks() {
        // One character of 100,001 scalars, then more text: bounded by scalars too.
        let zalgo = "a" + String(repeating: "\u{301}", count: 100_000) + " tail"
        let line = DisplayText.line(zalgo, limit: 300)
        #expect(line.unicodeScalars.count <= 4 * 300)
        #expect(line.hasSuffix("…"))
        let heaps = String(repeating: "a" + String(repeating: "\u{301}", count: 9), count: 200)
        let cut = DisplayText.line(heaps, limit: 300)
        #expect(cut.unicodeScalars.count <= 1_200)
        #expect(cut.count == 119 + 1)  // 119 characters of 10 scalars fit in 1,199.
    }

    static let hostile = Briefing(
        title: "Brief\u{202E}ing\nSubject: injected",
        date: Date(timeIntervalSince1970: 1_795_859_200),
        sections: [
            BriefingSection(
                name: "Sec\ttion\u{0}",
                entries: [
                    BriefingEntry(
                        title: "", link: " JaVa\tScRiPt:alert(1)", source: "\u{202E}",
                        date: nil, summary: ["One\nsentence.", "", "\u{1}Two  sentences."],
                        alsoReportedBy: [
                            SourceLink(source: "Other\u{7}", link: "https://ok.example/a b"),
                            SourceLink(source: "Third", link: "data:text/html,x"),
                        ]),
                    BriefingEntry(
                        title: "Long link", link: "https://x.example/" + String(repeating: "a", count: 5_000),
                        source: "S", date: nil, summary: []),
                ])
        ],
        failures: [
            FeedFailure(
                source: FeedSource(
                    location: "https://bad.example/\n[1]: javascript:x", title: nil, group: "G",
                    homePage: "vbscript:x"),
                reason: "fetch:\u{0} HTTP 500\r\n" + String(repeating: "r", count: 1_000))
        ],
        feedCount: 2)

    @Test func prepareCleansEveryFieldAndKeepsOnlyWebLinks() throws {
        let prepared = Presentation.prepare(Self.hostile)
        #expect(prepared.title == "Briefing Subject: injected")
        let section = try #require(prepared.sections.first)
        #expect(section.name == "Sec tion")
        let entry = section.entries[0]
        #expect(entry.title == "(untitled)")
        #expect(entry.link == nil)
        #expect(entry.source == "(unnamed)")
        #expect(entry.summary == ["One sentence.", "Two sentences."])
        #expect(
            entry.alsoReportedBy == [
                SourceLink(source: "Other", link: "https://ok.example/a%20b"), SourceLink(source: "Third", link: nil),
            ])
        #expect(section.entries[1].link == nil, "a link over \(Presentation.linkLimit) bytes is dropped")
        let failure = try #require(prepared.failures.first)
        #expect(failure.source.location == "https://bad.example/ [1]: javascript:x")
        #expect(failure.source.homePage == nil)
        #expect(failure.reason.hasPrefix("fetch: HTTP 500 rrr"))
        #expect(failure.reason.count == Presentation.failureLimit)
        #expect(failure.reason.hasSuffix("…"))
        #expect(prepared.feedCount == 2 && prepared.date == Self.hostile.date)
    }

    @Test func summaryIsBoundedAsAWhole() {
        let sentence = String(repeating: "w", count: 900) + "."
        let entry = BriefingEntry(
            title: "t", link: nil, source: "s", date: nil, summary: Array(repeating: sentence, count: 5))
        let briefing = Briefing(
            title: "b", date: Date(timeIntervalSince1970: 0),
            sections: [BriefingSection(name: "n", entries: [entry])], failures: [], feedCount: 1)
        let summary = Presentation.prepare(briefing).sections[0].entries[0].summary
        #expect(summary.count == 3)
        #expect(summary.joined(separator: " ").count == Presentation.summaryLimit)
        #expect(summary[2].hasSuffix("…"))
        let long = String(repeating: "v", count: 5_000)
        let one = Presentation.prepare(
            Briefing(
                title: "b", date: Date(timeIntervalSince1970: 0),
                sections: [
                    BriefingSection(
                        name: "n",
                        entries: [BriefingEntry(title: "t", link: nil, source: "s", date: nil, summary: [long])])
                ], failures: [], feedCount: 1))
        #expect(one.sections[0].entries[0].summary[0].count == Presentation.sentenceLimit)
    }

    @Test func theEmailSubjectIsOneLine() {
        let message = BriefingRenderer(format: .html).message(
            Self.hostile, from: "a@example.com", to: ["b@example.com"])
        #expect(!message.subject.contains("\n") && !message.subject.contains("\r"))
        let rendered = message.rendered()
        let headers = rendered.components(separatedBy: "\r\n\r\n")[0]
        #expect(!headers.split(separator: "\r\n").contains { $0.hasPrefix("Subject: injected") })
    }
}
