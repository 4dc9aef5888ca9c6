import Foundation
import TestSupport
import Testing

@testable import Fetching
@testable import Pipeline

/// Teasers replaced by the article page; one-off summaries of pages and files.
@Suite struct FullTextTests {
    static let page = """
        <!DOCTYPE html><html lang="en"><head><title>Harbour authority approves new quay | Coast Times</title>
        <meta property="og:site_name" content="Coast Times"></head><body>
        <nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
        <li><a href="/login">Sign in to read more stories from our newsroom today</a></li></ul></nav>
        <div class="cookie-banner">We use cookies to improve your experience. Accept all cookies to continue reading.</div>
        <article><h1>Harbour authority approves new quay</h1>
        <p>The Port of Aberdeen approved a £95 million deep-water quay on Monday, chief executive Fiona Reid said, ending two years of planning disputes with the city council.</p>
        <p>The quay will handle ships up to 300 metres long and is expected to create 450 jobs by 2029, according to an assessment by Grampian Economic Partners.</p>
        <p>Construction will begin in March 2027. The Scottish Government will provide £20 million of the cost, with the rest raised through a bond issue.</p>
        <p>Local fishing groups said they had been consulted late. Their spokesman, Alan Mackie, said the group would watch the works closely.</p>
        <p>Ships have grown larger over the past decade, and many older harbours cannot take them.</p>
        </article>
        <aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ferry timetable changes announced for the winter season</a></li>
        <li><a href="/b">Council budget meeting postponed until the new year</a></li></ul></aside>
        <footer>Follow us on social media. Sign up for our newsletter. © 2026 Coast Times</footer>
        </body></html>
        """

    @Test func summarizeOfAPageTakesTheArticleNotTheNavigation() async throws {
        let server = try TestHTTPServer { _ in
            .response(status: 200, headers: ["Content-Type": "text/html; charset=utf-8"], body: Data(Self.page.utf8))
        }
        defer { server.stop() }
        let summary = try await OneOffSummary().summarize(server.baseURL + "/quay", length: .sentences(3))
        let text = summary.sentences.map(\.text).joined(separator: " ")
        #expect(summary.sentences.count == 3)
        #expect(text.contains("£95 million"))
        for noise in ["cookies", "Sign in", "Related", "newsletter", "Follow us", "Home"] {
            #expect(!text.contains(noise), "summary contains \(noise)")
        }
        let article = try await OneOffSummary().article(from: server.baseURL + "/quay")
        #expect(article.title == "Harbour authority approves new quay")
        #expect(article.siteName == "Coast Times")
    }

    /// A feed on 127.0.0.1 with one teaser item whose link, `/quay`, is the article page.
    static func teaserServer() throws -> TestHTTPServer {
        try TestHTTPServer { request in
            if request.path == "/feed.xml" {
                let rss = """
                    <rss version="2.0"><channel><title>Coast Times</title>
                    <item><guid>quay</guid><title>Harbour authority approves new quay</title>
                    <link>/quay</link><pubDate>Mon, 23 Nov 2026 09:00:00 +0000</pubDate>
                    <description>A new quay for Aberdeen. Read more.</description></item>
                    </channel></rss>
                    """
                return .response(status: 200, body: Data(rss.utf8))
            }
            return .response(status: 200, headers: ["Content-Type": "text/html"], body: Data(page.utf8))
        }
    }

    @Test func teasersAreReplacedByTheArticlePage() async throws {
        let server = try Self.teaserServer()
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("full-text")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try FeedListFixture.configuration(
            in: folder, group: "Coast", feeds: [("Coast Times", server.baseURL + "/feed.xml")])
        // The item link comes from the feed, so from the network: this server is on loopback,
        // so by default the page is refused, and the briefing says so.
        let refused = try await DailyRun(configuration: configuration).run()
        #expect(refused.sections.first?.entries.first?.summary.joined(separator: " ").contains("£95") == false)
        #expect(refused.unreadPages.map(\.url) == [server.baseURL + "/quay"])
        #expect(refused.unreadPages.first?.reason.contains("allow_private_networks") == true)
        #expect(!server.received.contains { $0.path == "/quay" })
        let rendered = BriefingRendererCheck.all(refused)
        #expect(rendered.contains("ARTICLE PAGES NOT READ (the feeds' own text was used)\n"))
        #expect(rendered.contains("- 1 article page: fetch: refused: 127.0.0.1 is a loopback address"))
        #expect(rendered.contains("    Coast Times: \(server.baseURL)/quay\n"))
        #expect(rendered.contains("## Article pages not read"))
        #expect(rendered.contains(">Article pages not read</h2>"))

        configuration.fetch.allowPrivateNetworks = true
        let withPages = try await DailyRun(configuration: configuration).run()
        let entry = try #require(withPages.sections.first?.entries.first)
        #expect(entry.summary.joined(separator: " ").contains("£95 million"))
        #expect(withPages.unreadPages.isEmpty)

        configuration.fullText.mode = .never
        let teaserOnly = try await DailyRun(configuration: configuration).run()
        #expect(teaserOnly.sections.first?.entries.first?.summary.joined(separator: " ").contains("£95") == false)
    }

    /// Article pages that cannot be read are told in the briefing, grouped by reason (they
    /// used to vanish: the feed's text was used and nothing said so, even with -v).
    @Test func unreadArticlePagesAreCountedByReason() async throws {
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/feed.xml":
                let items = (1...4).map { number in
                    """
                    <item><guid>p\(number)</guid><title>Story \(number)</title><link>/page\(number)</link>
                    <description>Teaser \(number).</description></item>
                    """
                }
                return .response(
                    status: 200,
                    body: Data(
                        "<rss version=\"2.0\"><channel><title>Gaps</title>\(items.joined())</channel></rss>".utf8))
            case "/page4":
                return .response(
                    status: 200, headers: ["Content-Type": "image/png"],
                    body: Data([0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 0]))
            default:
                return .response(status: 404)
            }
        }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("unread-pages")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try FeedListFixture.configuration(in: folder, feeds: [("Gaps", server.baseURL + "/feed.xml")])
        configuration.fetch.allowPrivateNetworks = true

        let briefing = try await DailyRun(configuration: configuration).run()
        #expect(briefing.entryCount == 4)
        let groups = briefing.unreadPagesByReason
        #expect(groups.map(\.pages.count) == [3, 1])
        #expect(groups.first?.reason == "fetch: HTTP 404 Not Found")
        #expect(groups.last?.reason.hasPrefix("extract:") == true)
        let text = BriefingRendererCheck.all(briefing)
        #expect(text.contains("- 3 article pages: fetch: HTTP 404 Not Found\n"))
        #expect(text.contains("- 1 article page: extract:"))
    }

    @Test func aPlainTextFileIsSummarizedWithItsTitleSetApart() async throws {
        let path = Repository.root.appendingPathComponent("Tests/Fixtures/article.txt").path
        let document = try await OneOffSummary().document(from: path)
        #expect(document.title == "Aurelia Airways agrees to buy regional carrier Skerry Air")
        let summary = try await OneOffSummary().summarize(path, length: .sentences(3))
        let facts = try String(
            contentsOfFile: Repository.root.appendingPathComponent("Tests/Fixtures/article.facts.txt").path,
            encoding: .utf8
        )
        .split(separator: "\n").map(String.init)
        let chosen = summary.sentences.map(\.text)
        // The sentences with the key names and figures: at least two of the three.
        #expect(facts.filter(chosen.contains).count >= 2, "chose \(chosen)")
        #expect(chosen.contains(facts[0]))
    }

    @Test func missingInputsAreNamed() async throws {
        let error = try await #require(throws: PipelineError.self) {
            _ = try await OneOffSummary().summarize("/nonexistent/article.txt", length: .sentences(3))
        }
        #expect(error.description == "/nonexistent/article.txt: no such file")
        var once = FetchConfiguration()
        once.maxAttempts = 1
        let fetchError = try await #require(throws: PipelineError.self) {
            _ = try await OneOffSummary(fetch: once).summarize("http://127.0.0.1:1/article", length: .sentences(3))
        }
        #expect(fetchError.description.hasPrefix("http://127.0.0.1:1/article: fetch: could not connect"))
    }

    @Test func binaryAndCompressedFilesAreRefusedByName() async throws {
        let folder = Repository.temporaryDirectory("binary-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(name: String, bytes: [UInt8], message: String)] = [
            ("page.html.gz", [0x1F, 0x8B, 0x08, 0x00] + Array(repeating: 0x41, count: 64), "gzip-compressed data"),
            ("image.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "binary data"),
        ]
        for (name, bytes, message) in cases {
            let file = folder.appendingPathComponent(name)
            try Data(bytes).write(to: file)
            let error = try await #require(throws: PipelineError.self) {
                _ = try await OneOffSummary().summarize(file.path, length: .sentences(3))
            }
            #expect(error.description.hasPrefix("\(file.path): \(message)"))
        }
    }
}
