import FeedParsing
import Fetching
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Pipeline

/// A small site on loopback: pages, feeds and 404 for the rest. Absolute links name the host the
/// client asked for, so they point back at the server.
struct TestSite {
    let server: TestHTTPServer

    init(_ pages: [String: String]) throws {
        try self.init(pages: { pages })
    }

    /// A site whose pages are read at each request.
    init(pages: @escaping @Sendable () -> [String: String]) throws {
        server = try TestHTTPServer { request in
            let host = request.headers["host"] ?? "127.0.0.1"
            guard let page = pages()[request.path] else { return .response(status: 404) }
            let body = page.replacingOccurrences(of: "HOST", with: host)
            let type = body.hasPrefix("<!doctype html>") ? "text/html; charset=utf-8" : "application/xml"
            return .response(status: 200, headers: ["Content-Type": type], body: Data(body.utf8))
        }
    }

    var base: String { server.baseURL }

    static func rss(_ title: String, items: Int) -> String {
        let entries = (0..<items).map { "<item><title>Item \($0)</title><guid>\(title)-\($0)</guid></item>" }
        return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>\(title)</title>"
            + entries.joined() + "</channel></rss>"
    }

    static let atom = """
        <?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Atom</title><id>urn:a</id>
        <updated>2026-01-01T00:00:00Z</updated><entry><title>A</title><id>urn:a:1</id>
        <updated>2026-01-01T00:00:00Z</updated></entry></feed>
        """

    /// A page advertising a relative RSS link, an absolute Atom link to its own host and an RSS
    /// link to another host (`localhost`, which the network's address policy refuses).
    static func advertising(port: UInt16) -> [String: String] {
        [
            "/": """
            <!doctype html><html><head><title>Harbour</title>
            <link rel="alternate" type="application/rss+xml" href="feed.xml">
            <link rel="alternate" type="application/atom+xml" href="http://HOST/atom.xml">
            <link rel="alternate" type="application/rss+xml" href="http://localhost:\(port)/other.xml">
            </head><body><p>Hello</p></body></html>
            """,
            "/feed.xml": rss("Harbour Post", items: 12),
            "/atom.xml": atom,
            "/other.xml": rss("Elsewhere", items: 1),
        ]
    }
}

@Suite struct FeedDiscoveryTests {
    static var fetch: FetchConfiguration {
        var fetch = FetchConfiguration()
        fetch.maxAttempts = 1
        return fetch
    }

    func folder(_ label: String) -> URL {
        let url = Repository.temporaryDirectory(label)
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A site whose page advertises three feeds, one on another host.
    func advertisingSite() throws -> TestSite {
        // The port is known only once the server listens: the page names the other host with the
        // server's own port, read at each request.
        let holder = PortHolder()
        let site = try TestSite(pages: { TestSite.advertising(port: holder.port) })
        holder.port = site.server.port
        return site
    }

    @Test func severalFeedsWithoutAllAddNothing() async throws {
        let site = try advertisingSite()
        defer { site.server.stop() }
        let list = folder("discover-several").appendingPathComponent("feeds.opml").path
        await #expect {
            try await FeedListEditing.add(site.base + "/", section: nil, all: false, into: list, fetch: Self.fetch)
        } throws: { error in
            let message = (error as? PipelineError)?.description ?? ""
            return message.contains("2 feeds found; nothing was added; use --all or give one of these URLs:")
                && message.contains("\(site.base)/feed.xml  Harbour Post (RSS 2.0, 12 items)")
                && message.contains("\(site.base)/atom.xml  Harbour Atom (Atom 1.0, 1 item)")
        }
        #expect(!FileManager.default.fileExists(atPath: list))
    }

    @Test func allAddsTheFeedsOfThePageHostAndRefusesTheOtherHost() async throws {
        let site = try advertisingSite()
        defer { site.server.stop() }
        let list = folder("discover-all").appendingPathComponent("feeds.opml").path
        let addition = try await FeedListEditing.add(
            site.base + "/", section: "News", all: true, into: list, fetch: Self.fetch)
        #expect(addition.added.map(\.url) == [site.base + "/feed.xml", site.base + "/atom.xml"])
        #expect(addition.added.map(\.title) == ["Harbour Post", "Harbour Atom"])
        #expect(addition.added.map(\.items) == [12, 1])
        #expect(addition.rejected.count == 1)
        #expect(addition.rejected.first?.url.hasPrefix("http://localhost:") == true)
        #expect(addition.rejected.first?.reason.contains("public addresses only") == true)
        #expect(!site.server.received.contains { $0.path == "/other.xml" })
        let entries = try FeedListEditing.entries([list])
        #expect(entries.map(\.section) == ["News", "News"])
        #expect(entries.map(\.url) == [site.base + "/feed.xml", site.base + "/atom.xml"])

        // Again: nothing new, the list is unchanged.
        let again = try await FeedListEditing.add(
            site.base + "/", section: nil, all: true, into: list, fetch: Self.fetch)
        #expect(again.added.isEmpty)
        #expect(again.present.count == 2)
        #expect(try FeedListEditing.entries([list]) == entries)
    }

    @Test func theOtherHostIsAddedWhenPrivateNetworksAreAllowed() async throws {
        let site = try advertisingSite()
        defer { site.server.stop() }
        var fetch = Self.fetch
        fetch.allowPrivateNetworks = true
        let outcome = try await FeedDiscovery(fetcher: Fetcher(configuration: fetch)).discover(site.base + "/")
        // localhost may resolve to ::1 only, where nothing listens: it is fetched, not refused.
        #expect(outcome.feeds.count >= 2)
        #expect(outcome.rejected.allSatisfy { !$0.reason.contains("public addresses only") })
    }

    @Test func aPageWithoutLinksHasTheFeedAtAUsualPath() async throws {
        let site = try TestSite([
            "/": "<!doctype html><html><head><title>Plain</title></head><body><p>Hi</p></body></html>",
            "/feed.xml": TestSite.rss("Plain News", items: 3),
        ])
        defer { site.server.stop() }
        let list = folder("discover-usual").appendingPathComponent("feeds.opml").path
        let addition = try await FeedListEditing.add(
            site.base + "/", section: nil, all: false, into: list, fetch: Self.fetch)
        #expect(addition.added.map(\.url) == [site.base + "/feed.xml"])
        #expect(addition.section == "Feeds")
        #expect(addition.rejected.isEmpty)
    }

    @Test func aPageWithNothingAddsNothing() async throws {
        let site = try TestSite([
            "/": "<!doctype html><html><head><title>Plain</title></head><body><p>Hi</p></body></html>"
        ])
        defer { site.server.stop() }
        let list = folder("discover-nothing").appendingPathComponent("feeds.opml").path
        await #expect {
            try await FeedListEditing.add(site.base + "/", section: nil, all: false, into: list, fetch: Self.fetch)
        } throws: { error in
            (error as? PipelineError)?.description.contains("no feed found") == true
        }
        #expect(!FileManager.default.fileExists(atPath: list))
        for path in FeedDiscovery.usualPaths { #expect(site.server.received.contains { $0.path == path }) }
    }

    @Test func aFeedURLIsTheFeed() async throws {
        let site = try TestSite(["/news.rss": TestSite.rss("Direct", items: 2)])
        defer { site.server.stop() }
        let outcome = try await FeedDiscovery(fetcher: Fetcher(configuration: Self.fetch)).discover(
            site.base + "/news.rss")
        #expect(outcome.isFeed)
        #expect(
            outcome.feeds == [
                FeedDiscovery.Found(url: site.base + "/news.rss", title: "Direct", format: .rss20, items: 2)
            ])
        #expect(site.server.received.count == 1)
    }

    @Test func addsToTheFirstGroupOfAnExistingList() async throws {
        let site = try TestSite(["/news.rss": TestSite.rss("Direct", items: 2)])
        defer { site.server.stop() }
        let folder = folder("discover-existing")
        let configuration = try FeedListFixture.configuration(
            in: folder, group: "World", feeds: [(name: "Old", url: "https://example.org/old.xml")])
        let list = configuration.feedLists[0]
        let addition = try await FeedListEditing.add(
            site.base + "/news.rss", section: nil, all: false, into: list, fetch: Self.fetch)
        #expect(addition.section == "World")
        #expect(try FeedListEditing.entries([list]).map(\.title) == ["Old", "Direct"])
    }

    @Test func notHTTPIsRefused() async {
        await #expect(throws: PipelineError.self) {
            try await FeedDiscovery(fetcher: Fetcher(configuration: Self.fetch)).discover("ftp://example.org/")
        }
    }

    @Test func sameHostIsHostAndPort() {
        #expect(FeedDiscovery.sameHost("http://Example.org/feed", "http://example.org/"))
        #expect(FeedDiscovery.sameHost("https://example.org/feed", "http://example.org/"))
        #expect(!FeedDiscovery.sameHost("http://example.org:8080/feed", "http://example.org/"))
        #expect(!FeedDiscovery.sameHost("http://localhost:80/feed", "http://127.0.0.1:80/"))
    }

    @Test func inspectNamesTheAdvertisedFeeds() throws {
        let page = Data(
            """
            <!doctype html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">
            <link rel="alternate" type="application/atom+xml" href="atom.xml"></head><body></body></html>
            """.utf8)
        let error = FeedParsingError("not a feed: the root element is <html>")
        #expect(
            FeedDiscovery.notAFeed(page, contentType: nil, baseURL: "https://example.org/blog/", error: error)
                == "not a feed: an HTML page; it advertises: https://example.org/feed.xml (RSS), "
                + "https://example.org/blog/atom.xml (Atom); briefing feeds add URL adds it")
        let plain = Data("<html><body>none</body></html>".utf8)
        #expect(FeedDiscovery.notAFeed(plain, contentType: nil, baseURL: nil, error: error) == error.description)
    }
}

/// The port a site's page names for "another host", set once its server listens.
final class PortHolder: Sendable {
    private let value = Mutex<UInt16>(0)
    var port: UInt16 {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
