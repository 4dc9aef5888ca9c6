import Foundation
import TestSupport
import Testing

@testable import Fetching

/// The fetch stage against a real HTTP server on 127.0.0.1.
@Suite struct FetcherTests {
    static let feedBody = Data("<rss version=\"2.0\"><channel><title>T</title></channel></rss>".utf8)

    /// Limits small enough that failure cases end in well under a second.
    static func quickConfiguration() -> FetchConfiguration {
        var configuration = FetchConfiguration()
        configuration.totalTimeout = 0.5
        configuration.connectTimeout = 0.5
        configuration.retryBaseDelay = 0.01
        configuration.maxBodyBytes = 64 * 1024
        return configuration
    }

    func withServer<T>(
        _ handler: @escaping @Sendable (TestHTTPServer.Request) -> TestHTTPServer.Reply,
        _ body: (TestHTTPServer, Fetcher) async throws -> T
    ) async throws -> T {
        let server = try TestHTTPServer(handler: handler)
        defer { server.stop() }
        return try await body(server, Fetcher(configuration: Self.quickConfiguration()))
    }

    @Test func okReturnsBodyHeadersAndFinalURL() async throws {
        try await withServer({ _ in
            .response(status: 200, headers: ["Content-Type": "application/rss+xml"], body: Self.feedBody)
        }) {
            server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(local: server.baseURL + "/feed")).get()
            #expect(response.status == 200)
            #expect(response.body == Self.feedBody)
            #expect(response.contentType == "application/rss+xml")
            #expect(response.finalURL == server.baseURL + "/feed")
            #expect(response.attempts == 1)
            let agent = server.received.first?.headers["user-agent"] ?? ""
            #expect(agent.hasPrefix("briefing/"))
            #expect(server.received.first?.headers["accept-encoding"]?.contains("gzip") == true)
        }
    }

    @Test func conditionalGetSendsValidatorsAndReportsUnchanged() async throws {
        try await withServer({ request in
            if request.headers["if-none-match"] == "\"v1\""
                || request.headers["if-modified-since"] == "Tue, 24 Nov 2026 10:00:00 GMT"
            {
                return .response(status: 304)
            }
            return .response(status: 200, headers: ["ETag": "\"v1\""], body: Self.feedBody)
        }) { server, fetcher in
            let first = try await fetcher.fetch(FetchRequest(local: server.baseURL + "/a")).get()
            #expect(first.etag == "\"v1\"")
            let byETag = try await fetcher.fetch(FetchRequest(local: server.baseURL + "/a", etag: first.etag)).get()
            #expect(byETag.isNotModified)
            #expect(byETag.body.isEmpty)
            let byDate = try await fetcher.fetch(
                FetchRequest(local: server.baseURL + "/a", lastModified: "Tue, 24 Nov 2026 10:00:00 GMT")
            ).get()
            #expect(byDate.isNotModified)
        }
    }

    @Test func notFoundIsNotRetried() async throws {
        try await withServer({ _ in .response(status: 404) }) { server, fetcher in
            let result = await fetcher.fetch(FetchRequest(local: server.baseURL + "/missing"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.httpStatus == 404)
            #expect(error.description.contains("HTTP 404 Not Found"))
            #expect(server.received.count == 1)
        }
    }

    @Test func serverErrorIsRetriedThenSucceeds() async throws {
        let counter = Counter()
        try await withServer({ _ in
            counter.next() == 1 ? .response(status: 500) : .response(status: 200, body: Self.feedBody)
        }) { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(local: server.baseURL + "/flaky")).get()
            #expect(response.status == 200)
            #expect(response.attempts == 2)
        }
    }

    @Test func tooManyRequestsHonoursRetryAfter() async throws {
        let counter = Counter()
        try await withServer({ request in
            if request.path == "/busy" { return .response(status: 429, headers: ["Retry-After": "3600"]) }
            return counter.next() == 1 ? .response(status: 429, headers: ["Retry-After": "0"]) : .response(status: 200)
        }) { server, fetcher in
            let retried = try await fetcher.fetch(FetchRequest(local: server.baseURL + "/soon")).get()
            #expect(retried.attempts == 2)
            // A Retry-After beyond the cap is reported at once rather than waited for.
            let started = Date()
            let result = await fetcher.fetch(FetchRequest(local: server.baseURL + "/busy"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.httpStatus == 429)
            #expect(error.retryAfter == 3600)
            #expect(Date().timeIntervalSince(started) < 30)
        }
    }

    @Test func redirectChainIsFollowed() async throws {
        try await withServer({ request in
            switch request.path {
            case "/one": return .response(status: 301, headers: ["Location": "/two"])
            case "/two": return .response(status: 302, headers: ["Location": "/three"])
            default: return .response(status: 200, body: Self.feedBody)
            }
        }) { server, fetcher in
            let response = try await fetcher.fetch(FetchRequest(local: server.baseURL + "/one")).get()
            #expect(response.finalURL == server.baseURL + "/three")
            #expect(response.body == Self.feedBody)
        }
    }

    @Test func redirectLoopIsStopped() async throws {
        try await withServer({ request in
            .response(status: 302, headers: ["Location": request.path == "/a" ? "/b" : "/a"])
        }) { server, fetcher in
            let result = await fetcher.fetch(FetchRequest(local: server.baseURL + "/a"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.kind == .tooManyRedirects)
            #expect(error.curlCode == 47)
            #expect(error.description.contains("more than 5 redirects"))
        }
    }

    @Test func redirectToFileIsRefused() async throws {
        try await withServer({ _ in .response(status: 302, headers: ["Location": "file:///etc/passwd"]) }) {
            server, fetcher in
            let result = await fetcher.fetch(FetchRequest(local: server.baseURL + "/sneaky"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.kind == .redirectRefused)
            #expect(error.description.contains("refused"))
        }
    }

    @Test func stallingServerTimesOut() async throws {
        try await withServer({ _ in .stall }) { server, fetcher in
            var configuration = Self.quickConfiguration()
            configuration.maxAttempts = 1
            let single = Fetcher(configuration: configuration)
            let result = await single.fetch(FetchRequest(local: server.baseURL + "/slow"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.kind == .timeout)
            #expect(error.curlCode == 28)
            #expect(error.description.contains("timed out after 0.5 s"))
            _ = fetcher
        }
    }

    @Test(arguments: [true, false])
    func bodyOverTheCapIsRefused(announced: Bool) async throws {
        let big = Data(repeating: UInt8(ascii: "x"), count: 200 * 1024)
        try await withServer({ _ in
            announced
                ? .response(status: 200, body: big)
                : .chunked(
                    status: 200,
                    chunks: stride(from: 0, to: big.count, by: 16 * 1024).map {
                        big[$0..<min($0 + 16 * 1024, big.count)]
                    })
        }) { server, fetcher in
            let result = await fetcher.fetch(FetchRequest(local: server.baseURL + "/big"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.kind == .tooLarge)
            #expect(error.description.contains("body exceeds 64 KiB"))
        }
    }

    @Test func truncatedBodyIsAnError() async throws {
        try await withServer({ _ in .truncated(announced: 5000, body: Data(repeating: 65, count: 100)) }) {
            server, fetcher in
            var configuration = Self.quickConfiguration()
            configuration.maxAttempts = 1
            let result = await Fetcher(configuration: configuration).fetch(FetchRequest(local: server.baseURL + "/short"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.curlCode == 18)
            #expect(error.description.contains("truncated"))
            _ = fetcher
        }
    }

    @Test func connectionResetIsRetriedThenReported() async throws {
        try await withServer({ _ in .reset }) { server, fetcher in
            let result = await fetcher.fetch(FetchRequest(local: server.baseURL + "/reset"))
            guard case .failure(let error) = result else {
                Issue.record("expected a failure")
                return
            }
            #expect(error.kind == .connection)
            #expect(server.received.count == 3)
        }
    }

    @Test func manyRequestsAllComeBackInOrder() async throws {
        try await withServer({ request in .response(status: 200, body: Data(request.path.utf8)) }) { server, fetcher in
            let requests = (0..<40).map { FetchRequest(local: server.baseURL + "/feed/\($0)") }
            let results = await fetcher.fetchAll(requests)
            #expect(results.count == 40)
            for (index, result) in results.enumerated() {
                #expect((try? result.get().body) == Data("/feed/\(index)".utf8))
            }
        }
    }

    @Test func localFilesAreReadAndMissingOnesNamed() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("briefing-fetch-\(getpid()).xml")
        try Self.feedBody.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let fetcher = Fetcher()
        let response = try await fetcher.fetch(FetchRequest(local: path.absoluteString)).get()
        #expect(response.body == Self.feedBody)
        let missing = await fetcher.fetch(FetchRequest(local: "file:///nonexistent/feed.xml"))
        guard case .failure(let error) = missing else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "fetch: /nonexistent/feed.xml: no such file")
    }

    @Test func unsupportedSchemesAreRefused() async {
        let result = await Fetcher().fetch(FetchRequest(local: "ftp://example.com/feed.xml"))
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .badURL)
    }
}

/// Compressed bodies: decoded transparently, and the size cap counts decoded bytes.
@Suite struct CompressedBodyTests {
    static let text = Data(String(repeating: "<item>Sample news text, 1,234 words.</item>\n", count: 400).utf8)

    @Test(arguments: ["gzip", "br"])
    func encodedBodiesAreDecoded(encoding: String) async throws {
        let body = encoding == "gzip" ? Compression.gzip(Self.text) : Compression.brotli(Self.text)
        let server = try TestHTTPServer { request in
            .response(status: 200, headers: ["Content-Encoding": encoding], body: body)
        }
        defer { server.stop() }
        let response = try await Fetcher().fetch(FetchRequest(local: server.baseURL + "/feed")).get()
        #expect(response.body == Self.text)
        #expect(server.received.first?.headers["accept-encoding"]?.contains(encoding) == true)
    }

    @Test func gzipBombStopsAtTheCap() async throws {
        let bomb = Compression.gzipBomb(size: 50 * 1024 * 1024)
        #expect(bomb.count < 400_000)
        let server = try TestHTTPServer { _ in .response(status: 200, headers: ["Content-Encoding": "gzip"], body: bomb)
        }
        defer { server.stop() }
        var configuration = FetchConfiguration()
        configuration.maxBodyBytes = 1024 * 1024
        let result = await Fetcher(configuration: configuration).fetch(FetchRequest(local: server.baseURL + "/bomb"))
        guard case .failure(let error) = result else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.kind == .tooLarge)
        #expect(error.description.contains("body exceeds 1 MiB"))
    }
}

@Suite struct BaseURLTests {
    @Test func contentLocationResolvesAgainstTheFinalURL() {
        let plain = FetchResponse(
            url: "u", finalURL: "https://example.com/a/feed", status: 200, headers: [:], body: Data())
        #expect(plain.baseURL == "https://example.com/a/feed")
        var moved = plain
        moved.headers["content-location"] = "/b/feed.xml"
        #expect(moved.baseURL == "https://example.com/b/feed.xml")
    }
}

extension FetchRequest {
    /// A request as the user writes it (these tests fetch from their own server on 127.0.0.1).
    init(local url: String, etag: String? = nil, lastModified: String? = nil) {
        self.init(url: url, etag: etag, lastModified: lastModified, scope: .userWritten)
    }
}
