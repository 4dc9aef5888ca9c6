/// An ASCII-lower-cased tag or attribute name packed into integers, for the text conversions
/// (`PlainText`, `HTMLSanitizer`): testing a name against their small sets then makes no `String`
/// and hashes nothing.
///
/// The first 16 bytes are kept; a longer name keeps its length, so it matches no set member (all
/// are shorter) and compares equal only to a name with the same length and first 16 bytes.
struct TagName: Equatable {
    private(set) var low: UInt64 = 0
    private(set) var high: UInt64 = 0
    /// The name's length in bytes.
    private(set) var count = 0

    /// The empty name (comments, doctypes, processing instructions).
    init() {}

    /// The name in `range` of `bytes`, A-Z lower-cased.
    init(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        count = range.count
        // Eight bytes at a time where the buffer has them: the name's bytes loaded as words, the
        // rest masked off, A-Z lower-cased by per-byte range tests.
        if range.lowerBound + 16 <= bytes.count {
            let length = min(count, 16)
            low = Self.lowered(ByteClass.word(bytes, at: range.lowerBound), length: min(length, 8))
            if length > 8 { high = Self.lowered(ByteClass.word(bytes, at: range.lowerBound + 8), length: length - 8) }
            return
        }
        var shift: UInt64 = 0
        for position in range.prefix(16) {
            var byte = bytes[position]
            if byte >= 0x41 && byte <= 0x5A { byte += 0x20 }
            if shift < 64 {
                low |= UInt64(byte) << shift
            } else {
                high |= UInt64(byte) << (shift - 64)
            }
            shift += 8
        }
    }

    /// A name written in the source (lower case already).
    /// The first `length` (at most 8) bytes of `word`, A-Z lower-cased, the others zero.
    @inline(__always)
    private static func lowered(_ word: UInt64, length: Int) -> UInt64 {
        let kept = length == 8 ? word : word & ((1 << (8 * UInt64(length))) - 1)
        let low = kept & ByteClass.lowSevenBits
        // High bit of each byte: at least "A" and not above "Z", and ASCII.
        let atLeastA = low &+ (0x80 - 0x41) &* ByteClass.ones
        let aboveZ = low &+ (0x80 - 0x5B) &* ByteClass.ones
        let upper = atLeastA & ~aboveZ & ~kept & ByteClass.highBits
        return kept | (upper >> 2)
    }

    init(_ name: StaticString) {
        self = name.withUTF8Buffer { TagName($0, 0..<$0.count) }
    }

    var isEmpty: Bool { count == 0 }

    /// True when the name starts with `prefix` (at most 8 bytes, lower case).
    func hasPrefix(_ prefix: TagName) -> Bool {
        guard prefix.count <= 8, count >= prefix.count else { return false }
        let mask: UInt64 = prefix.count == 8 ? ~0 : (1 << (8 * UInt64(prefix.count))) - 1
        return low & mask == prefix.low
    }
}

/// A small set of names, bucketed by length and scanned.
struct TagNameSet {
    private var buckets: [[TagName]] = Array(repeating: [], count: 17)

    init(_ names: [StaticString]) {
        for name in names {
            let packed = TagName(name)
            precondition(packed.count <= 16, "TagNameSet holds names of up to 16 bytes")
            buckets[packed.count].append(packed)
        }
    }

    func contains(_ name: TagName) -> Bool {
        guard name.count <= 16 else { return false }
        for member in buckets[name.count] where member == name { return true }
        return false
    }
}
