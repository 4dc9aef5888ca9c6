import BriefingCore
import FeedParsing
import Foundation
import TestSupport
import Testing

@testable import Rendering

/// A feed written by an attacker (`Tests/Fixtures/hostile.xml`), parsed by `FeedParser` and
/// rendered in every format: nothing in it may run, redirect, reorder text or break the format.
@Suite struct HostileContentTests {
    /// How many of the fixture's links are web URLs (`kept` in the fixture); the others, 15 of
    /// them (`rejected`), must not become links.
    static let keptLinkCount = 8
    static let rejectedLinkCount = 15
    static let longTitle = "Long title " + String(repeating: "é", count: 50_000)
    /// The long title as every format shows it: cut at `Presentation.titleLimit` characters.
    static let cutTitle = "Long title " + String(repeating: "é", count: 288) + "…"

    static func feed() throws -> Feed {
        let url = Repository.root.appendingPathComponent("Tests/Fixtures/hostile.xml")
        let xml = try String(contentsOf: url, encoding: .utf8).replacingOccurrences(
            of: "{{LONG TITLE}}", with: longTitle)
        return try FeedParser().parse(Data(xml.utf8), contentType: "application/rss+xml")
    }

    /// The parsed items as briefing entries, each also reported by a hostile feed name carrying
    /// the next item's link, plus a failure and section and feed names that are hostile too.
    static func briefing() throws -> Briefing {
        let feed = try feed()
        let source = feed.title ?? ""
        let entries = feed.items.enumerated().map { index, item in
            BriefingEntry(
                title: item.title ?? "", link: item.link, source: source, date: nil,
                summary: item.summaryText.map { [$0] } ?? [], isUpdate: index % 2 == 0,
                alsoReportedBy: [
                    SourceLink(
                        source: "Other <img src=x onerror=alert('also')> \u{202E}feed",
                        link: feed.items[(index + 1) % feed.items.count].link)
                ])
        }
        return Briefing(
            title: "Briefing\u{202E} <script>alert('title')</script>\n\u{0}",
            date: Date(timeIntervalSince1970: 1_795_859_200),
            sections: [BriefingSection(name: "World <svg onload=alert('section')>\t\u{1}", entries: entries)],
            failures: [
                FeedFailure(
                    source: FeedSource(
                        location: "javascript:alert('location')`) <img src=x onerror=alert(9)> `", title: nil,
                        group: "World"),
                    reason: "fetch: HTTP 404 at http://x/a\"><svg onload=alert(7)>\u{0}\u{202E}"),
                FeedFailure(
                    source: FeedSource(location: "https://bad.example/feed", title: "Bad `feed` <b>", group: "World"),
                    reason: "parse: <iframe src=javascript:alert(8)>"),
            ],
            feedCount: 3)
    }

    /// The outputs that are whole MIME messages (CRLF line ends, quoted-printable parts).
    static let rawMessages: Set = ["email", "email with footer"]

    /// Every output: the three formats, without and with the recipients' footer, and the
    /// email's subject, parts and whole message.
    static func outputs() throws -> [(name: String, text: String)] {
        let briefing = try briefing()
        let message = BriefingRenderer(format: .html).message(
            briefing, from: "briefing@example.com", to: ["reader@example.com"])
        // The recipients' footer, its names hostile and its unsubscribe address one the policy refuses.
        let subscription = Subscription(
            profile: "Markets\u{202E} <script>alert('profile')</script>\n\u{0}", configuration: "b\u{1}.toml",
            unsubscribe: " JaVa\tScRiPt:alert('rejected-unsubscribe')")
        let footed = BriefingRenderer(format: .html, subscription: subscription).message(
            briefing, from: "briefing@example.com", to: ["reader@example.com"])
        return BriefingRenderer.Format.allCases.map { ($0.rawValue, BriefingRenderer(format: $0).render(briefing)) }
            + BriefingRenderer.Format.allCases.map {
                (
                    "\($0.rawValue) with footer",
                    BriefingRenderer(format: $0, subscription: subscription).render(briefing)
                )
            }
            + [
                ("email subject", message.subject), ("email text", message.text), ("email html", message.html),
                ("email", message.rendered()), ("email with footer", footed.rendered()),
            ]
    }

    @Test func theFixtureHoldsWhatTheTestsExpect() throws {
        let feed = try Self.feed()
        #expect(feed.items.count == 41)
        let links = feed.items.compactMap(\.link)
        #expect(links.filter { $0.contains("kept") }.count == Self.keptLinkCount)
        #expect(links.filter { $0.contains("rejected") }.count == Self.rejectedLinkCount)
        #expect(links.filter(LinkPolicy.isWebURL).count == Self.keptLinkCount)
        // The parser hands the payloads over as written.
        #expect(feed.items.contains { $0.title?.contains("<script>alert(1)</script>") == true })
        #expect(feed.items.contains { $0.title?.contains("<iframe src=\"javascript:alert(4)\">") == true })
        #expect(feed.items.contains { $0.summaryText?.hasPrefix("<div onclick=") == true })
        #expect(feed.items.contains { $0.title?.unicodeScalars.contains("\u{202E}") == true })
        #expect(links.contains("java\tscript:alert('rejected-3')"))
        #expect(links.contains { $0.contains("\">") })
        #expect(feed.items.contains { $0.title == Self.longTitle })
    }

    @Test func htmlPassesTheAuditAndLinksOnlyWebURLs() throws {
        let briefing = try Self.briefing()
        let message = BriefingRenderer(format: .html).message(briefing, from: "a@example.com", to: ["b@example.com"])
        for html in [BriefingRenderer(format: .html).render(briefing), message.html] {
            let report = HTMLAudit.audit(html)
            #expect(report.violations.isEmpty, "\(report.violations)")
            // Each kept link heads its story and is also reported by the story before it.
            #expect(report.links.count == 2 * Self.keptLinkCount)
            #expect(report.links.allSatisfy { LinkPolicy.webURL($0) == $0 && $0.contains("kept") })
            #expect(!html.contains("<script") && !html.contains("<svg") && !html.contains("<img"))
        }
    }

    @Test(.enabled(if: CommonMark.executable != nil || CommonMark.required, "cmark is not installed"))
    func markdownRenderedByCommonMarkPassesTheAudit() throws {
        let markdown = BriefingRenderer(format: .markdown).render(try Self.briefing())
        let html = try CommonMark.html(markdown)
        let report = HTMLAudit.audit("<!DOCTYPE html><html><body>\(html)</body></html>")
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.links.count == 2 * Self.keptLinkCount)
        #expect(report.links.allSatisfy { $0.hasPrefix("http") && $0.contains("kept") })
        // No Markdown construct from the feed became HTML: only ours (headings, emphasis, the one
        // list of failures, links, paragraphs).
        for tag in ["<pre", "<code", "<blockquote", "<ol", "<hr", "<table", "<img", "<del", "<h4"] {
            #expect(!html.contains(tag), "\(tag) in \(html)")
        }
        #expect(html.components(separatedBy: "<ul>").count == 2)
        #expect(html.components(separatedBy: "<li>").count == 3)
        #expect(html.components(separatedBy: "<h1>").count == 2)
        #expect(!html.contains("rejected"))
        #expect(html.contains(Self.cutTitle))
    }

    @Test func noLinkTheFixtureRefusesReachesAnyOutput() throws {
        for (name, text) in try Self.outputs() {
            #expect(!text.contains("rejected"), "a refused link in \(name)")
            #expect(!text.lowercased().contains("vbscript:msgbox"), "\(name)")
        }
    }

    @Test func noOutputHoldsControlsOrBidiOverrides() throws {
        for (name, text) in try Self.outputs() {
            var previous: Unicode.Scalar = " "
            for scalar in text.unicodeScalars {
                let allowed = scalar == "\n" || (Self.rawMessages.contains(name) && scalar == "\r")
                let control = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                #expect(!control || allowed, "U+\(String(scalar.value, radix: 16)) in \(name)")
                #expect(!BidiControls.contains(scalar), "bidi control in \(name)")
                if Self.rawMessages.contains(name) && scalar == "\n" {
                    #expect(previous == "\r", "bare LF in the email")
                }
                previous = scalar
            }
        }
    }

    @Test func theLongTitleIsCutInEveryFormat() throws {
        let longRun = String(repeating: "é", count: 289)
        for (name, output) in try Self.outputs() where !Self.rawMessages.contains(name) && name != "email subject" {
            // Plain text wraps the title: the long word stands on a line of its own.
            let text = output.replacingOccurrences(of: "\n  ", with: " ")
            #expect(text.contains(Self.cutTitle), "\(name)")
            #expect(!text.contains(longRun), "\(name)")
        }
        #expect(Presentation.titleLimit == 300 && Self.cutTitle.count == Presentation.titleLimit)
    }

    @Test func markdownLinkDestinationsCannotEnd() throws {
        let markdown = BriefingRenderer(format: .markdown).render(try Self.briefing())
        let definitions = markdown.split(separator: "\n").filter {
            $0.range(of: #"^\[[0-9]+\]: "#, options: .regularExpression) != nil
        }
        #expect(definitions.count == Self.keptLinkCount)
        for line in definitions {
            let destination = try #require(line.split(separator: " ", maxSplits: 1).last)
            #expect(destination.hasPrefix("<https://") || destination.hasPrefix("<http://"), "\(line)")
            #expect(destination.hasSuffix(">"))
            let inside = destination.dropFirst().dropLast()
            #expect(!inside.contains { "<> \"'()\\`\n".contains($0) }, "\(line)")
            #expect(inside.range(of: #"&[A-Za-z0-9#]+;"#, options: .regularExpression) == nil, "\(line)")
        }
        // The failed feed's location is escaped text, not a code span it could leave.
        #expect(markdown.contains(#"(javascript:alert('location')\`) \<img src=x onerror=alert(9)\> \`)"#))
    }

    @Test func plainTextShowsOnlyWebURLs() throws {
        let text = BriefingRenderer(format: .text).render(try Self.briefing())
        let shown = text.split(whereSeparator: \.isWhitespace).filter { $0.contains("://") && $0.contains("kept") }
        #expect(!shown.isEmpty)
        #expect(shown.allSatisfy { LinkPolicy.webURL(String($0)) == String($0) })
        #expect(!text.contains("JaVaScRiPt:") && !text.contains("file:///etc/passwd"))
    }

    /// The cmark pipeline can fail: Markdown written the old way (raw destinations, the location in
    /// a code span, unescaped entities) is caught.
    @Test(
        .enabled(if: CommonMark.executable != nil || CommonMark.required, "cmark is not installed"),
        arguments: [
            "### [Story][1]\n\n[1]: <http://x/a\"><svg onload=alert(5)>>\n",
            // A newline in link 1 defines link 2 before its own definition (the first one counts).
            "### [A][1]\n\n### [B][2]\n\n[1]: <https://ok.example/a>\n[2]: javascript:alert(1)>\n[2]: <https://ok.example/b>\n",
            "### [Story][1]\n\n[1]: javascript:alert(1)\n",
            "- **Feed** (`x` <img src=x onerror=alert(1)> `y`): failed\n",
            "### <script>alert(1)</script>\n",
            "[Story](javascript:alert(1))\n",
        ])
    func commonMarkAuditCatchesTheOldOutput(markdown: String) throws {
        let html = try CommonMark.html(markdown)
        #expect(!HTMLAudit.violations(in: "<!DOCTYPE html><html><body>\(html)</body></html>").isEmpty, "\(html)")
    }
}
