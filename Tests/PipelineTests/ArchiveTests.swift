import BriefingCore
import FeedParsing
import Foundation
import Rendering
import TestSupport
import Testing

@testable import Pipeline

/// The archive an `--output DIR/` keeps: three injected days of `briefing run`, then its Atom
/// feed read by our parser and by feedparser, its page by libxml2, and hostile text kept inert.
@Suite struct ArchiveTests {
    /// What feedparser and xml.etree read in a feed (`Tests/Servers/check_feed.py`).
    struct FeedReading: Decodable {
        struct Entry: Decodable {
            var id: String?
            var title: String?
            var link: String?
            var published: String?
            var updated: String?
            var content_type: String?
            var content: String
        }
        var bozo: Int
        var bozo_exception: String
        var version: String
        var id: String?
        var links: [[String?]]
        var entries: [Entry]
        var xml_entries: Int
    }

    static var feedparserPresent: Bool {
        (try? Tool.run("python3", ["-c", "import feedparser"])) != nil
    }
    static var xmllintPresent: Bool { Tool.find("xmllint") != nil }

    static func readFeed(_ path: String) throws -> FeedReading {
        let script = Repository.root.appendingPathComponent("Tests/Servers/check_feed.py").path
        return try JSONDecoder().decode(FeedReading.self, from: try Tool.run("python3", [script, path]))
    }

    /// `xmllint --html --noout` (or without `--html`, for XML): throws when libxml2 reports an error.
    static func xmllint(_ path: String, html: Bool) throws {
        let output = try Tool.run("xmllint", (html ? ["--html"] : []) + ["--noout", path])
        #expect(output.isEmpty)
    }

    /// Ids of the feed's entries as our parser reads them, newest first.
    static func ourReading(_ path: String) throws -> Feed {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try FeedParser().parse(data, baseURL: "https://archive.example/out/briefings.atom")
    }

    @Test(
        .enabled(
            if: (feedparserPresent && xmllintPresent) || Tool.onCI,
            "feedparser or xmllint missing (pip install feedparser; apt-get install libxml2-utils)"))
    func threeDaysGiveThreeEntriesWithStableIdsValidForOurParserFeedparserAndLibxml2() async throws {
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("archive")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try ThreeDayRunTests.configuration(server: server, folder: folder)
        configuration.fetch.maxAttempts = 1
        let output = folder.appendingPathComponent("out").path + "/"
        let atom = output + BriefingArchive.feedName
        let index = output + BriefingArchive.indexName

        func run(day: Int, force: Bool = false, at offset: TimeInterval = 0) async throws -> JobOutcome {
            feeds.setDay(day)
            var options = JobOptions()
            options.output = output
            options.force = force
            let now = (ThreeDayRunTests.days[day] ?? Date()).addingTimeInterval(offset)
            return try await DailyJob(configuration: configuration, options: options, now: { now }).run()
        }
        for day in 1...3 { _ = try await run(day: day) }

        let days = ["2026-11-28", "2026-11-27", "2026-11-26"]
        let ours = try Self.ourReading(atom)
        #expect(ours.items.count == 3)
        #expect(Set(ours.items.map(\.id)).count == 3)
        #expect(ours.items.allSatisfy { $0.id.hasPrefix("urn:uuid:") })
        #expect(ours.items.map(\.link) == days.map { "https://archive.example/out/briefing-\($0).html" })
        #expect(ours.items.first?.title == "Daily briefing — Saturday, 28 November 2026")
        #expect(ours.items.first?.published == ThreeDayRunTests.days[3])
        // The content is the briefing's HTML: day 3 has the updated flood story.
        #expect(ours.items.first?.contentHTML?.contains("Floods hit Bergen") == true)
        #expect(ours.items.last?.contentHTML?.contains("Aalborg council approves budget") == true)

        let reading = try Self.readFeed(atom)
        #expect(reading.bozo == 0, "\(reading.bozo_exception)")
        #expect(reading.version == "atom10")
        #expect(reading.entries.count == 3 && reading.xml_entries == 3)
        #expect(reading.entries.map(\.id) == ours.items.map(\.id))
        #expect(reading.entries.allSatisfy { $0.content_type == "html" && $0.published != nil && $0.updated != nil })
        #expect(reading.links.contains(["self", "briefings.atom"]))
        try Self.xmllint(atom, html: false)
        try Self.xmllint(index, html: true)

        // The page lists the three briefings, newest first, each linking to its file.
        let page = try String(contentsOfFile: index, encoding: .utf8)
        let report = HTMLAudit.audit(page)
        let files = days.map { "briefing-\($0).html" }
        #expect(report.links == ["briefings.atom"] + files)
        for file in files { #expect(FileManager.default.fileExists(atPath: output + file)) }

        // Run again the same day: no second entry, the same ids, the same bytes.
        let feedBefore = try String(contentsOfFile: atom, encoding: .utf8)
        let pageBefore = page
        let again = try await run(day: 3, at: 600)
        #expect(again.reused)
        #expect(try String(contentsOfFile: atom, encoding: .utf8) == feedBefore)
        #expect(try String(contentsOfFile: index, encoding: .utf8) == pageBefore)

        // --force with another title: the day's entry is replaced, under the same id.
        configuration.title = "Evening briefing"
        let forced = try await run(day: 3, force: true, at: 3600)
        #expect(!forced.reused)
        let replaced = try Self.ourReading(atom)
        #expect(replaced.items.count == 3)
        #expect(replaced.items.map(\.id) == ours.items.map(\.id))
        #expect(replaced.items.first?.title == "Evening briefing — Saturday, 28 November 2026")
        #expect(replaced.items.first?.updated == ThreeDayRunTests.days[3]?.addingTimeInterval(3600))
        #expect(replaced.items.dropFirst().map(\.title) == ours.items.dropFirst().map(\.title))
        let reread = try Self.readFeed(atom)
        #expect(reread.bozo == 0 && reread.entries.count == 3)
        #expect(reread.entries.map(\.id) == reading.entries.map(\.id))

        let manifest = try BriefingArchive(directory: output, title: "").readManifest()
        #expect(manifest.entries.map(\.day) == days)
        #expect(manifest.feedID == reading.id)
    }

    @Test func idsDependOnProfileEditionAndDayOnly() {
        let entry = BriefingArchive.Entry(
            profile: "markets", edition: "evening", day: "2026-11-28", title: "A", file: "a.html",
            published: Date(), updated: Date(), stories: 1, counts: "", content: nil)
        var other = entry
        other.title = "B"
        other.published = Date(timeIntervalSince1970: 0)
        #expect(entry.id == other.id)
        // Pinned (computed independently, in Python, from the documented recipe): the id must
        // never change between versions, or readers see every entry twice.
        #expect(entry.id == "urn:uuid:749063b7-54c3-8406-b439-064a290434f3")
        for change in [\BriefingArchive.Entry.profile, \.edition] {
            var changed = entry
            changed[keyPath: change] = nil
            #expect(changed.id != entry.id)
        }
        var nextDay = entry
        nextDay.day = "2026-11-29"
        #expect(nextDay.id != entry.id)
        // RFC 9562 layout: version 8, variant 10.
        let hex = entry.id.dropFirst(9)
        #expect(hex.count == 36)
        #expect(hex.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12])
        #expect(Array(hex)[14] == "8")
        #expect("89ab".contains(Array(hex)[19]))
    }

    @Test func theFeedKeepsTheFiftyMostRecentAndThePageListsAll() throws {
        let folder = Repository.temporaryDirectory("archive-cap")
        defer { try? FileManager.default.removeItem(at: folder) }
        let archive = BriefingArchive(directory: folder.path, title: "Daily")
        let start = Date(timeIntervalSince1970: 1_795_680_000)
        for offset in 0..<53 {
            let date = start.addingTimeInterval(Double(offset) * 86400)
            let day = DailyJob.day(of: date, in: TimeZone(secondsFromGMT: 0) ?? .current)
            let briefing = Briefing(title: "Daily", date: date, sections: [], failures: [], feedCount: 0)
            try archive.add(
                BriefingRenderer(format: .html).renditions(briefing), day: day, file: "briefing-\(day).html", now: date)
        }
        let feed = try Self.ourReading(folder.appendingPathComponent(BriefingArchive.feedName).path)
        #expect(feed.items.count == BriefingArchive.feedLimit)
        let page = try String(contentsOf: folder.appendingPathComponent(BriefingArchive.indexName), encoding: .utf8)
        #expect(HTMLAudit.audit(page).links.count == 53 + 1)
        let manifest = try archive.readManifest()
        #expect(manifest.entries.count == 53)
        #expect(manifest.entries.prefix(50).allSatisfy { $0.content != nil })
        #expect(manifest.entries.dropFirst(50).allSatisfy { $0.content == nil })
    }

    @Test func anUnreadableManifestIsAnErrorNamingItNotANewArchive() throws {
        let folder = Repository.temporaryDirectory("archive-bad")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifest = folder.appendingPathComponent(BriefingArchive.manifestName)
        try "{ not json".write(to: manifest, atomically: true, encoding: .utf8)
        let archive = BriefingArchive(directory: folder.path, title: "Daily")
        let briefing = Briefing(title: "Daily", date: Date(), sections: [], failures: [], feedCount: 0)
        let error = #expect(throws: PipelineError.self) {
            try archive.add(
                BriefingRenderer(format: .html).renditions(briefing), day: "2026-11-28", file: "b.html", now: Date())
        }
        #expect(error?.description.hasPrefix(manifest.path + ": cannot read the archive's list of briefings") == true)
        #expect(try String(contentsOf: manifest, encoding: .utf8) == "{ not json")
    }

    /// A briefing whose configured title, profile, file name and stories are hostile.
    static func hostileArchive(in folder: URL) throws -> (page: String, feed: String) {
        let archive = BriefingArchive(
            directory: folder.path, title: "Archive <script>alert('archive')</script>\u{202E}")
        let briefing = Briefing(
            title: "Briefing <script>alert('title')</script>\u{202E}\u{0}",
            date: Date(timeIntervalSince1970: 1_795_852_800),
            sections: [
                BriefingSection(
                    name: "World <svg onload=alert('section')>",
                    entries: [
                        BriefingEntry(
                            title: "<script>alert(1)</script><img src=x onerror=alert(2)>",
                            link: "javascript:alert('link')", source: "Feed <b onmouseover=alert(3)>", date: nil,
                            summary: [
                                "]]></content><script>alert(4)</script> &amp; <a href=\"javascript:alert(5)\">x</a>"
                            ],
                            alsoReportedBy: [SourceLink(source: "Other", link: " JaVa\tScRiPt:alert(6)")])
                    ])
            ], failures: [], feedCount: 1)
        try archive.add(
            BriefingRenderer(format: .html).renditions(briefing), day: "2026-11-28",
            profile: "<i onclick=alert(7)>markets</i>\u{202E}", edition: "\"><script>",
            file: "\"><script>alert(8)</script>javascript:x.html", now: briefing.date)
        return (
            try String(contentsOf: folder.appendingPathComponent(BriefingArchive.indexName), encoding: .utf8),
            try String(contentsOf: folder.appendingPathComponent(BriefingArchive.feedName), encoding: .utf8)
        )
    }

    @Test(.enabled(if: feedparserPresent || Tool.onCI, "feedparser missing (pip install feedparser)"))
    func hostileTitlesAndLinksStayInertInThePageAndTheFeedContent() throws {
        let folder = Repository.temporaryDirectory("archive-hostile")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (page, _) = try Self.hostileArchive(in: folder)

        // The page: nothing runs; the only links are the feed and the (percent-encoded) file.
        let report = HTMLAudit.audit(page)
        let file = "%22%3E%3Cscript%3Ealert%288%29%3C%2Fscript%3Ejavascript%3Ax.html"
        #expect(report.links == ["briefings.atom", file])
        // Relative links are the page's own files (the audit, written for mail, wants absolute
        // web URLs); the feed's autodiscovery <link> is the one element beyond the mail rules.
        let unexpected = report.violations.filter { violation in
            !(violation.attribute == "href" && ["briefings.atom", file].contains(violation.value ?? ""))
                && !(violation.element == "link" && violation.attribute == nil)
        }
        #expect(unexpected.isEmpty, "\(unexpected)")
        #expect(!page.contains("<script") && !page.contains("<svg") && !page.contains("<i ") && !page.contains("<b "))
        #expect(!page.unicodeScalars.contains(where: BidiControls.contains))

        // The feed: well-formed for feedparser, and each entry's content, unescaped as a reader
        // unescapes it, is inert HTML linking nowhere the link policy refuses.
        let reading = try Self.readFeed(folder.appendingPathComponent(BriefingArchive.feedName).path)
        #expect(reading.bozo == 0, "\(reading.bozo_exception)")
        let content = try #require(reading.entries.first?.content)
        #expect(content.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        let audit = HTMLAudit.audit("<!DOCTYPE html><html><body>\(content)</body></html>")
        #expect(audit.violations.isEmpty, "\(audit.violations)")
        #expect(audit.links.isEmpty)
        // The summary's javascript: link is text: escaped, so no attribute holds it.
        #expect(content.contains("&lt;a href=&quot;javascript:alert(5)&quot;&gt;"))
        #expect(!content.lowercased().contains("href=\"javascript"))
        #expect(reading.entries.first?.title?.contains("<script>alert('title')</script>") == true)
        #expect(reading.entries.first?.link?.hasSuffix(file) == true)
    }
}
