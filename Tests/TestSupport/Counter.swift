import Synchronization

/// A thread-safe counter for handlers that answer differently on later requests.
public final class Counter: Sendable {
    private let value = Mutex(0)

    public init() {}

    /// Counts one more and returns the new count (1 on the first call).
    public func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}
