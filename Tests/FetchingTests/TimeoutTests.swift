import CCurl
import Foundation
import TestSupport
import Testing

@testable import Fetching

/// Which of libcurl's time limits ended a transfer, told by what libcurl 7.88 wrote, and how
/// often each is retried.
@Suite struct TimeoutTests {
    /// Quick limits, with a low-speed limit of 100 B/s for 1 s well inside the total timeout.
    static func configuration() -> FetchConfiguration {
        var configuration = FetcherTests.quickConfiguration()
        // Far from the low-speed time, so that a stall cut by the total timeout cannot pass for one
        // cut by the low-speed limit, even when a busy machine delays the test's tasks.
        configuration.totalTimeout = 60
        configuration.lowSpeedBytesPerSecond = 100
        configuration.lowSpeedSeconds = 1
        return configuration
    }

    @Test func aDripFeedIsCutByTheLowSpeedLimitAndRetriedOnce() async throws {
        // 4 B/s until the client hangs up (or 100 s, or the end of the test).
        let server = try TestHTTPServer { _ in .drip(announced: 400, interval: 0.25) }
        defer { server.stop() }
        let configuration = Self.configuration()
        #expect(configuration.maxAttempts == 3)
        let result = await Fetcher(configuration: configuration).fetch(FetchRequest(local: server.baseURL + "/drip"))
        let error = try #require(result.failure)
        #expect(error.kind == .tooSlow)
        #expect(error.curlCode == 28)
        #expect(error.message == "transfer too slow: less than 100 B/s for 1 s")
        #expect(error.curlDetail?.contains("too slow") == true)
        // Cut by the low-speed limit (libcurl's own words above), not by the total timeout. The
        // wall-clock time is not asserted: on a loaded two-core machine the test's tasks wait for
        // the cooperative pool (seen: 61-103 s at load average 10-12), which says nothing of libcurl.
        #expect(server.received.count == 2)
    }

    @Test func aServerThatNeverAcceptsIsAConnectTimeout() async throws {
        let listener = try FullBacklogListener()
        defer { listener.stop() }
        var configuration = Self.configuration()
        configuration.maxAttempts = 1
        let result = await Fetcher(configuration: configuration).fetch(FetchRequest(local: listener.baseURL + "/"))
        let error = try #require(result.failure)
        #expect(error.kind == .timeout)
        #expect(error.curlCode == 28)
        #expect(error.message == "connection timed out after 0.5 s")
    }

    /// Error-buffer texts as libcurl 7.88 writes them, recorded against stalling servers.
    @Test(arguments: [
        ("Failed to connect to 127.0.0.1 port 44319 after 1016 ms: Timeout was reached", FetchErrors.TimeoutCause.connect),
        ("Connection timed out after 1001 milliseconds", .connect),
        ("Resolving timed out after 1000 milliseconds", .connect),
        ("Operation too slow. Less than 100 bytes/sec transferred the last 1 seconds", .lowSpeed),
        ("Operation timed out after 1500 milliseconds with 8 out of 1000 bytes received", .total),
        ("Operation timed out after 1502 milliseconds with 0 bytes received", .total),
    ])
    func curlTextNamesTheLimit(detail: String, cause: FetchErrors.TimeoutCause) {
        #expect(FetchErrors.timeoutCause(detail: detail, elapsed: nil, configuration: Self.configuration()) == cause)
    }

    @Test func withoutTextTheTimingNamesTheLimit() {
        let configuration = Self.configuration()
        #expect(FetchErrors.timeoutCause(detail: "", elapsed: 1.2, configuration: configuration) == .lowSpeed)
        #expect(FetchErrors.timeoutCause(detail: "", elapsed: 60.0, configuration: configuration) == .total)
        #expect(FetchErrors.timeoutCause(detail: "", elapsed: nil, configuration: configuration) == .total)
    }

    @Test func messagesStateTheLimitThatFired() {
        let configuration = Self.configuration()
        func message(_ detail: String) -> String {
            FetchErrors.fromCurl(
                code: CURLE_OPERATION_TIMEDOUT, url: "u", detail: detail, exceededSize: false,
                configuration: configuration
            ).message
        }
        #expect(message("Operation too slow. Less than 100 bytes/sec transferred the last 1 seconds")
            == "transfer too slow: less than 100 B/s for 1 s")
        #expect(message("Operation timed out after 60000 milliseconds with 0 bytes received") == "timed out after 60 s")
        #expect(message("Connection timed out after 501 milliseconds") == "connection timed out after 0.5 s")
    }
}

extension Result {
    /// The error of a failure; nil for a success.
    var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}
