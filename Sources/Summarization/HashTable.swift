/// Open-addressing hash tables keyed by 64-bit word hashes (FNV-1a), for the hot path:
/// keys are already hashes, so a multiply–shift picks the slot (no SipHash) and linear
/// probing finds it. Key 0 marks an empty slot, so a key of 0 is stored as 1.
struct HashMap<Value> {
    private var keys: [UInt64]
    private var values: [Value]
    private var shift: UInt64
    private let empty: Value
    private(set) var count = 0

    /// A map for about `capacity` keys; `empty` fills unused value slots.
    init(capacity: Int, empty: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = [UInt64](repeating: 0, count: size)
        values = [Value](repeating: empty, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        self.empty = empty
    }

    @inline(__always)
    private static func normalized(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    subscript(key: UInt64) -> Value? {
        let k = Self.normalized(key)
        let mask = keys.count - 1
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { return values[i] }
            if stored == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    /// Calls `body` on the value for `key`, inserting `initial` first when absent.
    @inline(__always)
    mutating func update(_ key: UInt64, initial: Value, _ body: (inout Value) -> Void) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = Self.normalized(key)
        let mask = keys.count - 1
        var i = slot(k)
        while true {
            let stored = keys[i]
            if stored == k { break }
            if stored == 0 {
                keys[i] = k
                values[i] = initial
                count += 1
                break
            }
            i = (i + 1) & mask
        }
        body(&values[i])
    }

    /// Stores `value` for `key`.
    mutating func set(_ key: UInt64, _ value: Value) {
        update(key, initial: value) { $0 = value }
    }

    /// Calls `body` with each key and value.
    func forEach(_ body: (UInt64, Value) -> Void) {
        for i in keys.indices where keys[i] != 0 { body(keys[i], values[i]) }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let size = keys.count * 2
        keys = [UInt64](repeating: 0, count: size)
        values = [Value](repeating: empty, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for i in oldKeys.indices where oldKeys[i] != 0 { set(oldKeys[i], oldValues[i]) }
    }
}

extension HashMap: Sendable where Value: Sendable {}

/// A set of 64-bit word hashes; see ``HashMap``.
struct HashSet: Sendable {
    private var map: HashMap<Bool>

    init(capacity: Int = 16) {
        map = HashMap(capacity: capacity, empty: false)
    }

    init(_ keys: some Sequence<UInt64>) {
        let array = Array(keys)
        self.init(capacity: array.count)
        for k in array { insert(k) }
    }

    @inline(__always) func contains(_ key: UInt64) -> Bool { map[key] != nil }

    @inline(__always) mutating func insert(_ key: UInt64) { map.set(key, true) }

    var count: Int { map.count }
    var isEmpty: Bool { map.count == 0 }
}
