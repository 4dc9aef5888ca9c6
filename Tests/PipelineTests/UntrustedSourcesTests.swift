import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// Feed lists and imports that a stranger wrote: a remote OPML may not make briefing read a
/// local file or a private address; an import refuses what briefing cannot read.
@Suite struct UntrustedSourcesTests {
    static func feed(_ title: String) -> Data {
        Data(
            """
            <rss version="2.0"><channel><title>\(title)</title>
            <item><guid>\(title)-1</guid><title>\(title) item</title><link>https://news.example/\(title)</link>
            <description>The council approved 12 new bus routes on Monday.</description></item></channel></rss>
            """.utf8)
    }

    @Test func aRemoteListNeverYieldsLocalFilesOrPrivateAddresses() async throws {
        let folder = Repository.temporaryDirectory("remote-list")
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret.xml")
        try Self.feed("SECRETFILE").write(to: secret)
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/list.opml":
                let port = request.headers["host"]?.split(separator: ":").last.map(String.init) ?? ""
                let opml = """
                    <opml version="2.0"><head><title>Shared list</title></head><body><outline text="News">
                    <outline text="Local file" xmlUrl="\(secret.absoluteString)"/>
                    <outline text="Gopher" xmlUrl="gopher://127.0.0.1:\(port)/feed"/>
                    <outline text="Private" xmlUrl="http://localhost:\(port)/private.xml"/>
                    </outline></body></opml>
                    """
                return .response(status: 200, body: Data(opml.utf8))
            default:
                return .response(status: 200, body: Self.feed("PRIVATEFEED"))
            }
        }
        defer { server.stop() }
        var configuration = BriefingConfiguration()
        // The user wrote this list's URL (on loopback: allowed); a stranger wrote its contents.
        configuration.feedLists = [server.baseURL + "/list.opml"]
        configuration.maxItemAge = 0
        configuration.fullText.mode = .never
        configuration.fetch.maxAttempts = 1

        let briefing = try await DailyRun(configuration: configuration).run()
        let text = BriefingRendererCheck.all(briefing)
        #expect(!text.contains("SECRETFILE item"))
        #expect(!text.contains("PRIVATEFEED item"))
        #expect(briefing.entryCount == 0)
        let reasons = Dictionary(uniqueKeysWithValues: briefing.failures.map { ($0.source.displayName, $0.reason) })
        #expect(reasons["Local file"]?.contains("may name http and https feeds only") == true)
        #expect(reasons["Gopher"]?.contains("may name http and https feeds only") == true)
        #expect(reasons["Private"]?.contains("allow_private_networks") == true)
        #expect(!server.received.contains { $0.path == "/private.xml" })

        // The option lets the list reach private addresses, never local files.
        configuration.fetch.allowPrivateNetworks = true
        let allowed = try await DailyRun(configuration: configuration).run()
        let allowedText = BriefingRendererCheck.all(allowed)
        #expect(allowedText.contains("PRIVATEFEED item"))
        #expect(!allowedText.contains("SECRETFILE item"))
    }

    @Test func importRefusesSchemesBriefingCannotReadAndWritesNothing() throws {
        let folder = Repository.temporaryDirectory("import-schemes")
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("mine.opml").path
        for bad in ["gopher://example.org/feed", "ftp://example.org/feed.xml", "javascript:alert(1)"] {
            let source = folder.appendingPathComponent("incoming.opml")
            try """
            <opml version="2.0"><head><title>T</title></head><body>
            <outline text="Good" xmlUrl="https://example.org/feed.xml"/>
            <outline text="Odd" xmlUrl="\(bad)"/></body></opml>
            """.write(to: source, atomically: true, encoding: .utf8)
            #expect {
                try FeedListEditing.importList(from: source.path, into: target)
            } throws: { error in
                let text = "\(error)"
                return text.contains("feed \"Odd\" is at \(bad)") && text.contains("only http, https and local files")
            }
            #expect(!FileManager.default.fileExists(atPath: target))
        }

        let local = folder.appendingPathComponent("local.opml")
        try """
        <opml version="2.0"><head><title>T</title></head><body>
        <outline text="Web" xmlUrl="HTTPS://example.org/feed.xml"/>
        <outline text="Disk" xmlUrl="samples/world.xml"/></body></opml>
        """.write(to: local, atomically: true, encoding: .utf8)
        let summary = try FeedListEditing.importList(from: local.path, into: target)
        #expect(summary.added == 2)
        #expect(summary.localFiles == [folder.appendingPathComponent("samples/world.xml").absoluteString])
    }
}

/// Every format of a briefing, joined, for tests that look for text anywhere in it.
enum BriefingRendererCheck {
    static func all(_ briefing: Briefing) -> String {
        let job = DailyJob(configuration: BriefingConfiguration(), options: JobOptions())
        return OutputFormat.allCases.map { job.render(briefing, as: $0) }.joined(separator: "\n")
    }
}
