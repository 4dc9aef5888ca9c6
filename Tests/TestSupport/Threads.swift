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
}
