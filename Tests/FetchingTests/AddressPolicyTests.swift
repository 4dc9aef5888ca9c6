import Foundation
import TestSupport
import Testing

@testable import Fetching

/// Which addresses a URL from the network may reach, tried against real servers on 127.0.0.1
/// and ::1 with every spelling that leads there.
@Suite struct AddressPolicyTests {
    static let body = Data("<rss version=\"2.0\"><channel><title>secret</title></channel></rss>".utf8)

    static func configuration(allowPrivate: Bool = false, resolve: [String] = []) -> FetchConfiguration {
        var configuration = FetcherTests.quickConfiguration()
        configuration.maxAttempts = 1
        configuration.allowPrivateNetworks = allowPrivate
        configuration.resolve = resolve
        return configuration
    }

    @Test func classifiesSpecialPurposeAddresses() {
        let refused: [(UInt8, UInt8, UInt8, UInt8)] = [
            (127, 0, 0, 1), (127, 255, 1, 2), (10, 1, 2, 3), (172, 16, 0, 1), (172, 31, 255, 255), (192, 168, 1, 1),
            (169, 254, 169, 254), (100, 64, 0, 1), (100, 127, 255, 255), (0, 0, 0, 0), (224, 0, 0, 1),
            (255, 255, 255, 255), (198, 18, 0, 1),
        ]
        for address in refused { #expect(AddressPolicy.privateKind(ipv4: address) != nil, "\(address)") }
        let allowed: [(UInt8, UInt8, UInt8, UInt8)] = [
            (93, 184, 216, 34), (8, 8, 8, 8), (172, 15, 255, 255), (172, 32, 0, 1), (100, 63, 0, 1), (100, 128, 0, 1),
            (192, 169, 0, 1), (1, 1, 1, 1),
        ]
        for address in allowed { #expect(AddressPolicy.privateKind(ipv4: address) == nil, "\(address)") }

        for text in [
            "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1",
            "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "::127.0.0.1",
        ] {
            #expect(AddressPolicy.privateKind(numeric: text) != nil, "\(text)")
        }
        for text in ["2606:4700::1111", "2a00:1450:4001::200e", "::ffff:8.8.8.8", "2002:0808:0808::1"] {
            #expect(AddressPolicy.privateKind(numeric: text) == nil, "\(text)")
        }
    }

    /// Every spelling of a loopback address in an item link is refused by default and fetched
    /// with `allow_private_networks`; a refused request never reaches the server.
    @Test(arguments: ["127.0.0.1", "localhost", "2130706433", "0177.0.0.1", "0x7f.1", "127.1"])
    func loopbackSpellingsAreRefused(host: String) async throws {
        let server = try TestHTTPServer { _ in .response(status: 200, body: Self.body) }
        defer { server.stop() }
        let url = "http://\(host):\(server.port)/secret"
        let refused = await Fetcher(configuration: Self.configuration()).fetch(FetchRequest(url: url))
        guard case .failure(let error) = refused else {
            Issue.record("\(url) was fetched")
            return
        }
        #expect(error.kind == .addressRefused)
        #expect(error.description.contains("loopback"))
        #expect(error.description.contains("allow_private_networks"))
        #expect(server.received.isEmpty)

        let allowed = await Fetcher(configuration: Self.configuration(allowPrivate: true)).fetch(FetchRequest(url: url))
        #expect(try allowed.get().body == Self.body)
    }

    @Test func ipv6LoopbackIsRefused() async throws {
        let server = try TestHTTPServer(host: "::1") { _ in .response(status: 200, body: Self.body) }
        defer { server.stop() }
        let url = server.baseURL + "/secret"
        let refused = await Fetcher(configuration: Self.configuration()).fetch(FetchRequest(url: url))
        #expect(throws: FetchError.self) { try refused.get() }
        #expect(server.received.isEmpty)
        let allowed = await Fetcher(configuration: Self.configuration(allowPrivate: true)).fetch(FetchRequest(url: url))
        #expect(try allowed.get().body == Self.body)
    }

    /// A public-looking name that resolves to 127.0.0.1 (as DNS rebinding would make it) is
    /// judged by the address connected, not by its name.
    @Test func publicNameResolvingToLoopbackIsRefused() async throws {
        let server = try TestHTTPServer { _ in .response(status: 200, body: Self.body) }
        defer { server.stop() }
        let resolve = ["news.example.com:\(server.port):127.0.0.1"]
        let url = "http://news.example.com:\(server.port)/article"
        let refused = await Fetcher(configuration: Self.configuration(resolve: resolve)).fetch(FetchRequest(url: url))
        guard case .failure(let error) = refused else {
            Issue.record("fetched through a name resolving to loopback")
            return
        }
        #expect(error.kind == .addressRefused)
        #expect(error.message.contains("news.example.com (127.0.0.1) is a loopback address"))
        #expect(server.received.isEmpty)
        let allowed = await Fetcher(configuration: Self.configuration(allowPrivate: true, resolve: resolve))
            .fetch(FetchRequest(url: url))
        #expect(try allowed.get().body == Self.body)
    }

    /// The user's own URL may be on loopback (a local feed bridge), and may redirect on its
    /// own host; a redirect to another host is a URL from the network.
    @Test func redirectFromUserURLToAnotherPrivateHostIsRefused() async throws {
        let server = try TestHTTPServer { request in
            switch request.path {
            case "/same": return .response(status: 302, headers: ["Location": "/feed"])
            case "/elsewhere":
                return .response(
                    status: 302,
                    headers: [
                        "Location":
                            "http://localhost:\(request.headers["host"]?.split(separator: ":").last ?? "")/secret"
                    ])
            default: return .response(status: 200, body: Self.body)
            }
        }
        defer { server.stop() }
        let fetcher = Fetcher(configuration: Self.configuration())
        let own = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/same", scope: .userWritten)).get()
        #expect(own.finalURL == server.baseURL + "/feed")

        let redirected = await fetcher.fetch(FetchRequest(url: server.baseURL + "/elsewhere", scope: .userWritten))
        guard case .failure(let error) = redirected else {
            Issue.record("followed a redirect to another private host")
            return
        }
        #expect(error.kind == .addressRefused)
        #expect(error.message.contains("localhost ("))
        #expect(error.message.contains("is a loopback address"))
        #expect(!server.received.contains { $0.path == "/secret" })

        let allowed = try await Fetcher(configuration: Self.configuration(allowPrivate: true))
            .fetch(FetchRequest(url: server.baseURL + "/elsewhere", scope: .userWritten)).get()
        #expect(allowed.body == Self.body)
    }

    /// A URL from the network must not ride on a connection that a user's URL opened to a
    /// private address: the check before each request sees the reused connection too.
    @Test func networkURLDoesNotReuseAPrivateConnection() async throws {
        let server = try TestHTTPServer { _ in .response(status: 200, body: Self.body) }
        defer { server.stop() }
        let fetcher = Fetcher(configuration: Self.configuration())
        _ = try await fetcher.fetch(FetchRequest(url: server.baseURL + "/feed", scope: .userWritten)).get()
        let second = await fetcher.fetch(FetchRequest(url: server.baseURL + "/secret"))
        #expect(throws: FetchError.self) { try second.get() }
        #expect(server.received.map(\.path) == ["/feed"])
    }

    /// Behind the user's proxy (on loopback here, as proxies often are on a private address),
    /// a public target is fetched through it, and a private target is refused by its name
    /// before anything reaches the proxy.
    @Test func aProxyIsTheUsersChoiceAndTheTargetIsJudgedByName() async throws {
        let proxy = try TestHTTPServer { _ in .response(status: 200, body: Self.body) }
        defer { proxy.stop() }
        let environment = ["http_proxy": "http://127.0.0.1:\(proxy.port)"]
        let fetcher = Fetcher(configuration: Self.configuration(), environment: environment)

        let public_ = try await fetcher.fetch(FetchRequest(url: "http://93.184.216.34/page")).get()
        #expect(public_.body == Self.body)
        #expect(proxy.received.map(\.path) == ["http://93.184.216.34/page"])

        for target in ["http://127.0.0.1:9/secret", "http://localhost:9/secret", "http://2130706433:9/secret"] {
            let refused = await fetcher.fetch(FetchRequest(url: target))
            guard case .failure(let error) = refused else {
                Issue.record("\(target) went through the proxy")
                continue
            }
            #expect(error.kind == .addressRefused, "\(target): \(error)")
        }
        #expect(proxy.received.count == 1)

        // The user's own URL may go to a private target through the proxy.
        _ = try await fetcher.fetch(FetchRequest(url: "http://127.0.0.1:9/mine", scope: .userWritten)).get()
        #expect(proxy.received.count == 2)
    }
}
