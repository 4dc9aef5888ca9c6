import Foundation

/// A thread-safe counter for handlers that answer differently on later requests.
public final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    public init() {}

    /// Counts one more and returns the new count (1 on the first call).
    public func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
