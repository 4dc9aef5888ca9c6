/// The one stable hash: 64-bit FNV-1a (Fowler, Noll and Vo; offset basis 0xcbf29ce484222325,
/// prime 0x100000001b3) over UTF-8 bytes.
///
/// Its values are persisted (the state database keeps item content hashes and synthesized
/// `hash:` item ids), so they must be the same in every run, on every platform and in every
/// build: never replace it with `Hasher`, which is seeded per process. The tests pin known values.
public enum StableHash {
    /// The FNV-1a 64 offset basis: the hash of no bytes.
    @inlinable public static var offsetBasis: UInt64 { 0xcbf2_9ce4_8422_2325 }
    /// The FNV-1a 64 prime.
    @inlinable public static var prime: UInt64 { 0x0000_0100_0000_01B3 }

    /// One FNV-1a step: `hash` extended by `byte`. Inlinable, for hot loops that hash bytes as
    /// they scan them (the summarizer keys words this way).
    @inlinable @inline(__always)
    public static func step(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        (hash ^ UInt64(byte)) &* prime
    }

    /// FNV-1a 64 of `text`'s UTF-8.
    public static func fnv1a64(_ text: String) -> UInt64 {
        var hash = offsetBasis
        for byte in text.utf8 { hash = step(hash, byte) }
        return hash
    }

    /// FNV-1a 64 of `text`'s UTF-8 as 16 lower-case hex digits (zero-padded), the form stored.
    public static func hex(_ text: String) -> String {
        let digits = String(fnv1a64(text), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
