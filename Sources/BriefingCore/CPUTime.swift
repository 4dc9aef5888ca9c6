import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// CPU time, for the figures a command prints about its own work (`summarize --batch --timings`).
public enum CPUTime {
    /// The calling thread's CPU time so far, in nanoseconds.
    public static func thread() -> UInt64 { read(CLOCK_THREAD_CPUTIME_ID) }

    /// The process's CPU time so far (every thread, user and system, start-up included), in
    /// nanoseconds.
    public static func process() -> UInt64 { read(CLOCK_PROCESS_CPUTIME_ID) }

    private static func read(_ clock: clockid_t) -> UInt64 {
        var spec = timespec()
        guard clock_gettime(clock, &spec) == 0 else { return 0 }
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// CPU time added up over the threads that spend it on one kind of work.
    public final class Total: Sendable {
        private let nanoseconds = Atomic<UInt64>(0)

        public init() {}

        /// `body`'s result, its thread CPU time added to the total.
        @inline(__always)
        public func measure<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
            let start = CPUTime.thread()
            defer { nanoseconds.add(CPUTime.thread() &- start, ordering: .relaxed) }
            return try body()
        }

        /// The total so far, in nanoseconds.
        public var total: UInt64 { nanoseconds.load(ordering: .relaxed) }
    }
}
