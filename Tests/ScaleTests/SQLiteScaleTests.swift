import Foundation
import TestSupport
import Testing

/// The scale cycle on the embedded default: 4 `briefing refresh --once` processes sharing one
/// SQLite state directory (one file, writers serialised by SQLite's lock).
@Suite(.serialized) struct SQLiteScaleTests {
    @Test(.enabled(if: ScaleEnvironment.hasExecutable, "needs the built briefing executable"))
    func fourWorkerProcessesShareOneStateDirectory() async throws {
        try ScaleEnvironment.requireCommands()
        let cycle = try WorkerCycle("sqlite", feeds: 2_000, latency: 0.01, state: "directory = \"state\"")
        let runs = try await Blocking.wait(try cycle.startWorkers(4, once: true))
        WorkerCycle.expectSuccess(runs, "refresh --once")
        let counts = cycle.farm.counts
        let notOnce = counts.requests.enumerated().filter { $0.element != 1 }
        #expect(notOnce.isEmpty, "\(notOnce.count) feeds not fetched exactly once, e.g. \(notOnce.prefix(3))")
        #expect(counts.misdirected == 0)
        #expect(
            counts.peakInFlight.max() == cycle.perHost,
            "per host at most \(cycle.perHost) across the 4 workers, and reached: \(counts.peakInFlight)")
        cycle.expectEveryItemExactlyOnce(try await Blocking.run { try cycle.compose() })
    }
}
