import Foundation
import TestSupport
import Testing

/// The scale cycle on the embedded default: 4 `briefing refresh --once` processes sharing one
/// SQLite state directory (one file, writers serialised by SQLite's lock).
@Suite(.serialized) struct SQLiteScaleTests {
    @Test(.enabled(if: ScaleEnvironment.hasExecutable, "needs the built briefing executable"))
    func fourWorkerProcessesShareOneStateDirectory() throws {
        try ScaleEnvironment.requireCommands()
        let cycle = try WorkerCycle("sqlite", feeds: 2_000, latency: 0.01, state: "directory = \"state\"")
        let runs = try cycle.startWorkers(4, once: true).map { $0.wait() }
        WorkerCycle.expectSuccess(runs, "refresh --once")
        let counts = cycle.farm.counts
        let notOnce = counts.requests.enumerated().filter { $0.element != 1 }
        #expect(notOnce.isEmpty, "\(notOnce.count) feeds not fetched exactly once, e.g. \(notOnce.prefix(3))")
        #expect(counts.misdirected == 0)
        #expect(
            counts.peakInFlight.max() == cycle.perHost,
            "per host at most \(cycle.perHost) across the 4 workers, and reached: \(counts.peakInFlight)")
        cycle.expectEveryItemExactlyOnce(try cycle.compose())
    }
}
