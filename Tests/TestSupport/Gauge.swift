import Foundation

/// A thread-safe count of things under way (connections, requests) that remembers its peak.
public final class Gauge: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    private var highest = 0

    public init() {}

    public func enter() {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        highest = max(highest, value)
    }

    public func leave() {
        lock.lock()
        defer { lock.unlock() }
        value -= 1
    }

    /// The most there have been at once.
    public var peak: Int {
        lock.lock()
        defer { lock.unlock() }
        return highest
    }
}
