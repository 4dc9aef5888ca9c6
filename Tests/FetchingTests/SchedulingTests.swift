import Foundation
import TestSupport
import Testing

@testable import Fetching

/// Many requests through the multi loop: limits, order and memory against real servers.
@Suite struct SchedulingTests {
    @Test func twoThousandRequestsToOneHostKeepTheLimitsAndTheOrder() async throws {
        let server = try TestHTTPServer { request in .response(status: 200, body: Data(request.path.utf8)) }
        defer { server.stop() }
        var configuration = FetcherTests.quickConfiguration()
        configuration.totalTimeout = 30
        configuration.maxConcurrent = 16
        configuration.maxPerHost = 2
        let fetcher = Fetcher(configuration: configuration)
        let total = 2000
        let requests = (0..<total).map { FetchRequest(local: server.baseURL + "/feed/\($0)") }
        let results = await fetcher.fetchAll(requests)
        #expect(results.count == total)
        let wrong = results.enumerated().filter { (try? $0.element.get().body) != Data("/feed/\($0.offset)".utf8) }
        #expect(wrong.isEmpty, "\(wrong.count) requests came back wrong, first \(String(describing: wrong.first))")
        // Each request was held once while it waited, and two ran at once, never more.
        let peaks = fetcher.peakCounts
        #expect(peaks.waiting <= total)
        #expect(peaks.runningToOneHost == 2)
        #expect(peaks.running == 2)
        #expect(server.connections.peak == 2)
        #expect(server.received.count == total)
    }

    @Test func manyHostsShareTheGlobalLimit() async throws {
        let servers = try (1...12).map { number in
            try TestHTTPServer(host: "127.0.0.\(number)") { request in
                .response(status: 200, body: Data(request.path.utf8))
            }
        }
        defer { servers.forEach { $0.stop() } }
        var configuration = FetcherTests.quickConfiguration()
        configuration.totalTimeout = 30
        configuration.maxConcurrent = 16
        configuration.maxPerHost = 2
        let fetcher = Fetcher(configuration: configuration)
        let requests = (0..<600).map { FetchRequest(local: servers[$0 % servers.count].baseURL + "/feed/\($0)") }
        let results = await fetcher.fetchAll(requests)
        let wrong = results.enumerated().filter { (try? $0.element.get().body) != Data("/feed/\($0.offset)".utf8) }
        #expect(wrong.isEmpty)
        let peaks = fetcher.peakCounts
        #expect(peaks.running == 16)
        #expect(peaks.runningToOneHost == 2)
        #expect(peaks.waiting <= requests.count)
        // Idle connections stay open for reuse, so only one host's are bounded: by 2.
        #expect(servers.allSatisfy { $0.connections.peak <= 2 })
    }
}
