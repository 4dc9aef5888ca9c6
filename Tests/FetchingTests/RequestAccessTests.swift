import Foundation
import TestSupport
import Testing

@testable import Fetching

/// Per-request User-Agent, extra headers and basic authentication, seen by a server on
/// 127.0.0.1; credentials and headers never reach another origin on a redirect.
@Suite struct RequestAccessTests {
    static let body = Data("<rss version=\"2.0\"><channel><title>T</title></channel></rss>".utf8)
    /// "reader:s3cret: with colon" in base64, as RFC 7617 writes it.
    static let authorization = "Basic " + Data("reader:s3cret: with colon".utf8).base64EncodedString()

    static func request(_ url: String) -> FetchRequest {
        var request = FetchRequest(url: url, scope: .userWritten)
        request.userAgent = "FeedReader/2.0 (test)"
        request.headers = [HTTPHeaderField(name: "X-Key", value: "k-123"), HTTPHeaderField(name: "X-Empty", value: "")]
        request.credentials = BasicCredentials(username: "reader", password: "s3cret: with colon")
        return request
    }

    static func fetcher(allowPrivate: Bool = false) -> Fetcher {
        var configuration = FetcherTests.quickConfiguration()
        configuration.allowPrivateNetworks = allowPrivate
        return Fetcher(configuration: configuration)
    }

    @Test func theServerSeesTheUserAgentHeadersAndBasicAuth() async throws {
        let server = try TestHTTPServer { request in
            request.headers["authorization"] == Self.authorization
                ? .response(status: 200, body: Self.body) : .response(status: 401)
        }
        defer { server.stop() }
        let response = try await Self.fetcher().fetch(Self.request(server.baseURL + "/private.xml")).get()
        #expect(response.body == Self.body)
        let seen = try #require(server.received.first)
        #expect(seen.headers["user-agent"] == "FeedReader/2.0 (test)")
        #expect(seen.headers["x-key"] == "k-123")
        #expect(seen.headers["x-empty"] == "")
        #expect(seen.headers["authorization"] == Self.authorization)
        // Our Accept is still sent; a configured Accept replaces it.
        #expect(seen.headers["accept"]?.hasPrefix("application/rss+xml") == true)
        var withAccept = Self.request(server.baseURL + "/private.xml")
        withAccept.headers = [HTTPHeaderField(name: "Accept", value: "application/json")]
        _ = try await Self.fetcher().fetch(withAccept).get()
        #expect(server.received.last?.headers["accept"] == "application/json")
    }

    @Test func aRedirectWithinTheOriginKeepsThem() async throws {
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/old.xml": .response(status: 301, headers: ["Location": "/new.xml"])
            default:
                request.headers["authorization"] == Self.authorization
                    ? .response(status: 200, body: Self.body) : .response(status: 401)
            }
        }
        defer { server.stop() }
        let response = try await Self.fetcher().fetch(Self.request(server.baseURL + "/old.xml")).get()
        #expect(response.finalURL == server.baseURL + "/new.xml")
        #expect(response.url == server.baseURL + "/old.xml")
        let last = try #require(server.received.last)
        #expect(last.path == "/new.xml")
        #expect(last.headers["x-key"] == "k-123")
        #expect(last.headers["user-agent"] == "FeedReader/2.0 (test)")
    }

    @Test func aRedirectToAnotherHostGetsNoCredentialsAndNoHeaders() async throws {
        let other = try TestHTTPServer(host: "127.0.0.2") { _ in .response(status: 200, body: Self.body) }
        defer { other.stop() }
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/feed.xml": .response(status: 302, headers: ["Location": other.baseURL + "/elsewhere.xml"])
            default: .response(status: 404)
            }
        }
        defer { server.stop() }
        // The other host is a loopback address too: the test allows it, as a public one would be.
        let response = try await Self.fetcher(allowPrivate: true).fetch(Self.request(server.baseURL + "/feed.xml"))
            .get()
        #expect(response.finalURL == other.baseURL + "/elsewhere.xml")
        #expect(server.received.first?.headers["authorization"] == Self.authorization)
        let elsewhere = try #require(other.received.first)
        #expect(elsewhere.headers["authorization"] == nil)
        #expect(elsewhere.headers["x-key"] == nil)
        #expect(elsewhere.headers["x-empty"] == nil)
        // The User-Agent is no secret: it goes along.
        #expect(elsewhere.headers["user-agent"] == "FeedReader/2.0 (test)")
    }

    @Test func aRedirectToAnotherPortGetsNoCredentialsNorDoesTheWayBack() async throws {
        let home = Address()
        // Another port of the same host is another origin; it sends the client back home.
        let other = try TestHTTPServer { _ in .response(status: 302, headers: ["Location": home.url + "/home.xml"]) }
        defer { other.stop() }
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/feed.xml": .response(status: 302, headers: ["Location": other.baseURL + "/hop"])
            default: .response(status: 200, body: Self.body)
            }
        }
        defer { server.stop() }
        home.url = server.baseURL
        let response = try await Self.fetcher().fetch(Self.request(server.baseURL + "/feed.xml")).get()
        #expect(response.finalURL == server.baseURL + "/home.xml")
        let hop = try #require(other.received.first)
        #expect(hop.headers["authorization"] == nil)
        #expect(hop.headers["x-key"] == nil)
        // Back on the first origin after a stranger's redirect: still without them.
        let back = try #require(server.received.first { $0.path == "/home.xml" })
        #expect(back.headers["authorization"] == nil)
        #expect(back.headers["x-key"] == nil)
    }

    /// A URL set after the server that redirects to it starts.
    final class Address: @unchecked Sendable {
        private let lock = NSLock()
        private var value = ""
        var url: String {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue } }
        }
    }

    @Test func aRedirectLoopWithCredentialsIsStopped() async throws {
        let server = try TestHTTPServer { request in
            .response(status: 302, headers: ["Location": request.path == "/a" ? "/b" : "/a"])
        }
        defer { server.stop() }
        let result = await Self.fetcher().fetch(Self.request(server.baseURL + "/a"))
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .tooManyRedirects)
        #expect(error.url == server.baseURL + "/a")
        #expect(server.received.count == 6)
    }

    @Test func aRedirectToFileIsRefusedWithCredentialsToo() async throws {
        let server = try TestHTTPServer { _ in .response(status: 302, headers: ["Location": "file:///etc/passwd"]) }
        defer { server.stop() }
        let result = await Self.fetcher().fetch(Self.request(server.baseURL + "/sneaky"))
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .redirectRefused)
    }

    @Test func headersThatCouldAddLinesOrReframeTheRequestAreRefused() async throws {
        let refused: [(HTTPHeaderField, String)] = [
            (HTTPHeaderField(name: "X-Key", value: "v\r\nX-Injected: 1"), "a carriage return (U+000D)"),
            (HTTPHeaderField(name: "X-Key", value: "v\nX: 1"), "a line feed (U+000A)"),
            (HTTPHeaderField(name: "X-Key", value: "v\u{0}"), "a NUL byte"),
            (HTTPHeaderField(name: "X Key", value: "v"), "a space"),
            (HTTPHeaderField(name: "X-Key:", value: "v"), "a colon"),
            (HTTPHeaderField(name: "", value: "v"), "needs a name"),
            (HTTPHeaderField(name: "Host", value: "evil.example"), "header Host may not be set"),
            (HTTPHeaderField(name: "content-length", value: "5"), "may not be set"),
            (HTTPHeaderField(name: "Transfer-Encoding", value: "chunked"), "may not be set"),
            (HTTPHeaderField(name: "User-Agent", value: "x"), "set user_agent instead"),
            (HTTPHeaderField(name: "If-None-Match", value: "x"), "may not be set"),
            (HTTPHeaderField(name: "X-Key", value: "é"), "only printable ASCII"),
        ]
        for (header, reason) in refused {
            let problem = header.problem
            #expect(problem?.contains(reason) == true, "\(header.name): \(problem ?? "accepted")")
        }
        #expect(HTTPHeaderField(name: "Authorization", value: "Bearer abc").problem == nil)
        #expect(HTTPHeaderField(name: "X-Api-Key", value: "a\tb").problem == nil)

        // The fetch stage checks too, before anything is sent.
        let server = try TestHTTPServer { _ in .response(status: 200, body: Self.body) }
        defer { server.stop() }
        var request = FetchRequest(url: server.baseURL + "/feed.xml", scope: .userWritten)
        request.headers = [HTTPHeaderField(name: "X-Key", value: "v\r\nHost: evil")]
        let result = await Self.fetcher().fetch(request)
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description.contains("carriage return"))
        #expect(server.received.isEmpty)
    }

    @Test func descriptionsNeverShowThePasswordOrHeaderValues() {
        let request = Self.request("https://example.com/feed.xml")
        for text in ["\(request)", String(describing: request), String(reflecting: request)] {
            #expect(!text.contains("s3cret"), "\(text)")
            #expect(!text.contains("k-123"), "\(text)")
        }
        #expect("\(request.credentials!)" == "reader:(hidden)")
        var dumped = ""
        dump(request, to: &dumped)
        #expect(!dumped.contains("s3cret") && !dumped.contains("k-123"))
    }
}
