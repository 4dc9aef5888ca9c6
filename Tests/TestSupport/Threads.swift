import Foundation

/// Threads of their own for tests that need several things at once: not the dispatch pool,
/// which on a small machine runs fewer at a time than asked.
public enum Threads {
    /// Runs `body(index)` on `count` new threads at once, and waits for all of them.
    public static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let done = DispatchGroup()
        for index in 0..<count {
            done.enter()
            Thread {
                body(index)
                done.leave()
            }.start()
        }
        done.wait()
    }

    /// Runs `body` on a new thread and awaits its result: for blocking work (a wait on a server's
    /// counts, a process) in an async test, which on Swift's cooperative pool (as many threads
    /// as cores, 2 here) would starve the tests running beside it.
    public static func detached<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}
