import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The scale tests' feed farm counts what it serves and measures concurrency exactly: checked
/// with plain sockets, then with the built briefing fetching from it.
@Suite struct FeedFarmTests {
    /// A blocking HTTP/1.1 client connection, enough to drive the farm by hand.
    final class Client {
        let fd: Int32

        init(_ host: FeedFarm.Host) throws {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = host.port.bigEndian
            address.sin_addr.s_addr = inet_addr(host.address)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                throw FeedFarm.Failure(description: "connect to \(host.address): errno \(errno)")
            }
        }

        deinit { close(fd) }

        func send(_ path: String, headers: [String: String] = [:]) {
            var text = "GET \(path) HTTP/1.1\r\nHost: farm\r\n"
            for (name, value) in headers { text += "\(name): \(value)\r\n" }
            let bytes = Array((text + "\r\n").utf8)
            _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
        }

        /// Reads one response (its head and Content-Length bytes of body).
        func receive() throws -> (status: Int, headers: [String: String], body: String) {
            var buffer: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65536)
            func fill() throws {
                let count = recv(fd, &chunk, chunk.count, 0)
                guard count > 0 else { throw FeedFarm.Failure(description: "connection closed") }
                buffer += chunk[0..<count]
            }
            var end: Int?
            while end == nil {
                try fill()
                end = buffer.indices.dropLast(3).first {
                    buffer[$0] == 13 && buffer[$0 + 1] == 10 && buffer[$0 + 2] == 13 && buffer[$0 + 3] == 10
                }
            }
            let head = String(decoding: buffer[0..<end!], as: UTF8.self).components(separatedBy: "\r\n")
            var headers: [String: String] = [:]
            for line in head.dropFirst() {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2 { headers[parts[0].lowercased()] = parts[1].trimmingCharacters(in: .whitespaces) }
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            while buffer.count < end! + 4 + length { try fill() }
            let status = Int(head[0].split(separator: " ")[1]) ?? 0
            return (status, headers, String(decoding: buffer[(end! + 4)..<(end! + 4 + length)], as: UTF8.self))
        }

        func get(_ path: String, headers: [String: String] = [:]) throws -> (
            status: Int, headers: [String: String], body: String
        ) {
            send(path, headers: headers)
            return try receive()
        }
    }

    static func path(_ farm: FeedFarm, _ number: Int) -> String {
        let url = farm.url(of: number)
        #expect(url.hasPrefix(farm.hosts[number % farm.hosts.count].baseURL + "/"))
        return "/feed/\(number).xml"
    }

    @Test func itCountsEveryRequestPerFeedAndRefusesFeedsOnTheWrongHost() throws {
        let farm = try FeedFarm(feeds: 40, hosts: 20, latency: 0.002)
        defer { farm.stop() }
        #expect(farm.hosts.map(\.address) == (2...21).map { "127.0.0.\($0)" })
        for number in Array(0..<40) + Array(0..<5) {
            let host = farm.hosts[number % 20]
            let response = try Client(host).get(Self.path(farm, number), headers: ["Connection": "close"])
            #expect(response.status == 200)
            #expect(response.body.contains("<guid isPermaLink=\"false\">feed\(number)-item2</guid>"))
        }
        // Feed 1 lives on the second address, not the first.
        #expect(try Client(farm.hosts[0]).get("/feed/1.xml", headers: ["Connection": "close"]).status == 404)
        #expect(try Client(farm.hosts[0]).get("/feed/40.xml", headers: ["Connection": "close"]).status == 404)
        let counts = farm.counts
        #expect(counts.requests == (0..<40).map { $0 < 5 ? 2 : 1 })
        #expect(counts.totalRequests == 45)
        #expect(counts.misdirected == 2)
        // One connection at a time, each closed by the farm after its response.
        #expect(counts.peakConnections == Array(repeating: 1, count: 20))
        #expect(counts.peakInFlight == Array(repeating: 1, count: 20))
        #expect(farm.opml().components(separatedBy: "xmlUrl=").count == 41)
    }

    @Test func itRecordsThePeakOfConnectionsAndOfRequestsUnderWayPerAddress() throws {
        let latency = 0.3
        let farm = try FeedFarm(feeds: 120, hosts: 20, latency: latency)
        defer { farm.stop() }
        // Six connections to the fourth address, open together; each sends its request before
        // any answer is read, so all six are under way at once while the farm holds them back.
        let clients = try (0..<6).map { _ in try Client(farm.hosts[3]) }
        let start = Date()
        for (index, client) in clients.enumerated() { client.send(Self.path(farm, 3 + 20 * index)) }
        for client in clients { #expect(try client.receive().status == 200) }
        let elapsed = Date().timeIntervalSince(start)
        // A second round on the same connections (keep-alive), one at a time.
        for client in clients { #expect(try client.get(Self.path(farm, 3)).status == 200) }
        let counts = farm.counts
        #expect(counts.peakConnections[3] == 6)
        #expect(counts.peakInFlight[3] == 6)
        #expect(counts.peakConnections.enumerated().allSatisfy { $0.offset == 3 || $0.element == 0 })
        #expect(counts.requests[3] == 1 + 6)
        // Held back by the latency, and all six together rather than one after another.
        #expect(elapsed >= latency)
        #expect(elapsed < 6 * latency)
    }

    @Test func anUnchangedFeedIsNotModifiedUntilItAdvances() throws {
        let farm = try FeedFarm(feeds: 3, hosts: 1, latency: 0, items: 2)
        defer { farm.stop() }
        let client = try Client(farm.hosts[0])
        let first = try client.get("/feed/2.xml")
        let etag = try #require(first.headers["etag"])
        #expect(try client.get("/feed/2.xml", headers: ["If-None-Match": etag]).status == 304)
        farm.advance()
        let changed = try client.get("/feed/2.xml", headers: ["If-None-Match": etag])
        #expect(changed.status == 200)
        #expect(changed.body.contains("feed2-item2</guid>") && !changed.body.contains("feed2-item0</guid>"))
        #expect(farm.counts.requests == [0, 0, 3])
        #expect(farm.counts.notModified == 1)
    }

    @Test func aTestCanWaitForTheMiddleOfACycle() async throws {
        let farm = try FeedFarm(feeds: 30, hosts: 3, latency: 0.001)
        defer { farm.stop() }
        let hosts = farm.hosts
        // The client and the waits on threads of their own, started at once: on the cooperative
        // pool (2 threads here) the tests beside this one could leave a client task no thread to
        // start on before the wait times out.
        let clientDone = DispatchSemaphore(value: 0)
        let clientError = Mutex<(any Error)?>(nil)
        Thread {
            do {
                for number in 0..<30 {
                    _ = try Client(hosts[number % 3]).get("/feed/\(number).xml", headers: ["Connection": "close"])
                }
            } catch {
                clientError.withLock { $0 = error }
            }
            clientDone.signal()
        }.start()
        #expect(try await Threads.detached { farm.waitForRequests(12, timeout: 30) })
        try await Threads.detached { clientDone.wait() }
        #expect(clientError.withLock { $0 } == nil)
        #expect(farm.waitForRequests(30, timeout: 30))
        #expect(!farm.waitForRequests(31, timeout: 0.05), "no 31st request came")
        farm.resetCounts()
        #expect(!farm.waitForRequests(1, timeout: 0.01), "counted afresh")
    }

    /// briefing's own fetcher against the farm: every feed fetched once, and its per-host limit
    /// seen by the farm. Loopback addresses need `[fetch] allow_private_networks = true`.
    @Test(.enabled(if: CommandLineTests.hasExecutable, "needs the built briefing executable"))
    func briefingFetchesEveryFeedOnceWithinItsPerHostLimit() throws {
        let farm = try FeedFarm(feeds: 200, hosts: 4, latency: 0.02)
        defer { farm.stop() }
        let folder = Repository.temporaryDirectory("farm")
        defer { try? FileManager.default.removeItem(at: folder) }
        try farm.opml().write(to: folder.appendingPathComponent("farm.opml"), atomically: true, encoding: .utf8)
        try """
        [briefing]
        feeds = ["farm.opml"]
        [state]
        directory = "state"
        [fetch]
        allow_private_networks = true
        concurrency = 16
        per_host = 2
        """.write(to: folder.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
        let run = try ProcessRun.run(["feeds", "check", "--config", folder.appendingPathComponent("config.toml").path])
        #expect(run.status == 0, "\(run.errors)")
        let counts = farm.counts
        #expect(counts.requests == Array(repeating: 1, count: 200))
        #expect(counts.peakInFlight == Array(repeating: 2, count: 4), "per host at most 2, and 2 reached on each")
    }
}
