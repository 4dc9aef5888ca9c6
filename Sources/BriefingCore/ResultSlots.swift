/// One slot per piece of work done on several threads (`DispatchQueue.concurrentPerform`), for
/// results that must come out in order: each slot is written by exactly the one worker that took
/// its piece, and the slots are read only after `concurrentPerform` has returned (when every worker
/// is done), so no two threads ever touch a slot at once.
public final class ResultSlots<Value: Sendable>: @unchecked Sendable {
    private let slots: UnsafeMutablePointer<Value?>
    private let count: Int

    public init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil, count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// Stores the result of piece `index`; called once per slot, by the piece's worker.
    public func store(_ value: Value, at index: Int) { slots[index] = value }

    /// The slots in order, nil where no result was stored.
    public var values: [Value?] { Array(UnsafeBufferPointer(start: slots, count: count)) }
}
