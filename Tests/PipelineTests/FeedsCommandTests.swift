import Foundation
import TestSupport
import Testing

/// `briefing feeds add`, `list`, `remove` and `feed inspect`, run as the built executable.
@Suite struct FeedsCommandTests {
    func briefing(_ arguments: [String]) throws -> ProcessRun {
        try ProcessRun.run(arguments)
    }

    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: Repository.executable.path),
            "needs the built briefing executable"))
    func addListRemoveAndInspect() throws {
        let holder = PortHolder()
        let site = try TestSite(pages: { TestSite.advertising(port: holder.port) })
        holder.port = site.server.port
        defer { site.server.stop() }
        let folder = Repository.temporaryDirectory("feeds-command")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("feeds.opml").path
        let page = site.base + "/"

        let several = try briefing(["feeds", "add", page, "--into", list])
        #expect(several.status == 1)
        #expect(several.errors.contains("2 feeds found; nothing was added; use --all or give one of these URLs:"))
        #expect(!FileManager.default.fileExists(atPath: list))

        let all = try briefing(["feeds", "add", page, "--all", "--section", "News", "--into", list])
        #expect(all.status == 0)
        #expect(
            all.output.hasPrefix(
                """
                added Harbour Post (\(site.base)/feed.xml, RSS 2.0, 12 items) to \(list) under "News"
                added Harbour Atom (\(site.base)/atom.xml, Atom 1.0, 1 item) to \(list) under "News"
                skipped http://localhost:\(site.server.port)/other.xml: fetch: refused:
                """))

        let again = try briefing(["feeds", "add", site.base + "/feed.xml", "--into", list])
        #expect(again.status == 0)
        #expect(again.output == "already in \(list): Harbour Post (\(site.base)/feed.xml)\n")

        let listed = try briefing(["feeds", "list", "--feeds", list])
        #expect(
            listed.output == """
                News  Harbour Post  \(site.base)/feed.xml
                News  Harbour Atom  \(site.base)/atom.xml

                """)
        let json = try briefing(["feeds", "list", "--feeds", list, "--json"])
        #expect(json.output.split(separator: "\n").count == 2)
        #expect(
            json.output.contains("\"section\":\"News\",\"title\":\"Harbour Post\",\"url\":\"\(site.base)/feed.xml\""))

        let removed = try briefing(["feeds", "remove", "Harbour Atom", "--from", list])
        #expect(removed.output == "removed Harbour Atom (\(site.base)/atom.xml) from \(list)\n")
        let missing = try briefing(["feeds", "remove", "Harbour Atom", "--from", list])
        #expect(missing.status == 1)
        #expect(missing.errors == "briefing: Harbour Atom: no feed in the configured lists has this URL or title\n")

        let inspect = try briefing(["feed", "inspect", page])
        #expect(inspect.status == 1)
        #expect(
            inspect.errors
                == "briefing: \(page): not a feed: an HTML page; it advertises: \(site.base)/feed.xml (RSS), "
                + "\(site.base)/atom.xml (Atom), http://localhost:\(site.server.port)/other.xml (RSS); "
                + "briefing feeds add URL adds it\n")
    }
}
