import Foundation
import TestSupport
import Testing

/// README "Your own feeds in one minute", run as a newcomer runs it: the built executable, a home
/// folder with nothing in it, and a feed on a local server.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: Repository.executable.path),
        "needs the built briefing executable"))
struct NewcomerTests {
    /// Runs `briefing arguments` in `home` with HOME and the XDG folders inside it.
    static func briefing(_ arguments: [String], home: URL) throws -> ProcessRun {
        try ProcessRun.run(
            arguments, in: home,
            environment: [
                "HOME": home.path, "XDG_CONFIG_HOME": home.appendingPathComponent(".config").path,
                "XDG_STATE_HOME": home.appendingPathComponent(".local/state").path,
            ])
    }

    /// An RSS feed of two items published an hour ago, each long enough not to be a teaser.
    static func feed() -> Data {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let date = formatter.string(from: Date().addingTimeInterval(-3600))
        func item(_ title: String, _ subject: String) -> String {
            let sentences = (1...14).map { index in
                "The \(subject) council reported on Tuesday that measure \(index) of its plan cost \(index * 3) million euros and reached \(index * 7) towns."
            }
            return """
                <item><title>\(title)</title><guid>\(subject)</guid><pubDate>\(date)</pubDate>
                <description>\(sentences.joined(separator: " "))</description></item>
                """
        }
        return Data(
            """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>
            \(item("Harbour council opens new ferry line", "harbour"))
            \(item("River council repairs the old bridge", "river"))
            </channel></rss>
            """.utf8)
    }

    @Test func initThenRunMakesTheBriefing() throws {
        let body = Self.feed()
        let server = try TestHTTPServer { _ in
            .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: body)
        }
        defer { server.stop() }
        let home = Repository.temporaryDirectory("newcomer")
        defer { try? FileManager.default.removeItem(at: home) }
        let feedURL = server.baseURL + "/feed.xml"

        let initialized = try Self.briefing(["init", "--feeds", feedURL], home: home)
        #expect(initialized.status == 0, "\(initialized.errors)")
        #expect(initialized.output.contains("wrote ~/.config/briefing/briefing.toml\n"))
        #expect(initialized.output.contains("wrote ~/.config/briefing/feeds.opml (1 feed)\n"))
        #expect(initialized.output.contains("briefing run\n"))

        let run = try Self.briefing(["run"], home: home)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Harbour council opens new ferry line"))
        #expect(run.output.contains("River council repairs the old bridge"))
        #expect(FileManager.default.fileExists(atPath: home.appendingPathComponent(".local/state/briefing").path))

        let again = try Self.briefing(["init"], home: home)
        #expect(again.status == 1)
        #expect(again.errors.contains("briefing.toml: already exists; nothing was written"))
    }

    /// Exactly README's three commands: init, feeds add with a site's address, run.
    @Test func readmeOneMinute() throws {
        let body = Self.feed()
        let page = Data(
            """
            <!DOCTYPE html><html><head><title>Valley News</title>
            <link rel="alternate" type="application/rss+xml" title="Valley News" href="/feed.xml"></head>
            <body><h1>Valley News</h1></body></html>
            """.utf8)
        let server = try TestHTTPServer { request in
            request.path == "/feed.xml"
                ? .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: body)
                : .response(status: 200, headers: ["Content-Type": "text/html"], body: page)
        }
        defer { server.stop() }
        let home = Repository.temporaryDirectory("newcomer-readme")
        defer { try? FileManager.default.removeItem(at: home) }

        let initialized = try Self.briefing(["init"], home: home)
        #expect(initialized.status == 0, "\(initialized.errors)")
        let added = try Self.briefing(["feeds", "add", server.baseURL + "/"], home: home)
        #expect(added.status == 0, "\(added.errors)")
        #expect(added.output.hasPrefix("added Valley News (\(server.baseURL)/feed.xml, RSS 2.0, 2 items) to "))
        let run = try Self.briefing(["run"], home: home)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("2 stories from 1 feed"))
        #expect(run.output.contains("Harbour council opens new ferry line"))
    }

    @Test func withNothingConfiguredRunSaysWhatToDoAndRunsOnFeedsGiven() throws {
        let body = Self.feed()
        let server = try TestHTTPServer { _ in .response(status: 200, body: body) }
        defer { server.stop() }
        let home = Repository.temporaryDirectory("newcomer-bare")
        defer { try? FileManager.default.removeItem(at: home) }

        let bare = try Self.briefing(["run"], home: home)
        #expect(bare.status == 1)
        #expect(
            bare.errors
                == "briefing: config: ~/.config/briefing/briefing.toml: no configuration file and no --feeds: run \"briefing init\" to make one, or pass --feeds FILE.opml\n"
        )

        try """
        <opml version="2.0"><body><outline text="Local">
        <outline type="rss" text="Valley News" xmlUrl="\(server.baseURL)/feed.xml"/>
        </outline></body></opml>
        """.write(to: home.appendingPathComponent("my.opml"), atomically: true, encoding: .utf8)
        let run = try Self.briefing(["run", "--feeds", "my.opml"], home: home)
        #expect(run.status == 0, "\(run.errors)")
        #expect(run.output.contains("Harbour council opens new ferry line"))

        let missing = try Self.briefing(["run", "--config", "none.toml", "--feeds", "my.opml"], home: home)
        #expect(missing.status == 1)
        #expect(missing.errors.contains("none.toml: no such file"))
    }
}
