import BriefingCore
import Testing

/// The stable hash is persisted (content hashes, `hash:` item ids): its values are pinned.
@Suite struct StableHashTests {
    @Test("FNV-1a 64 reference values")
    func referenceValues() {
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
        #expect(StableHash.offsetBasis == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.step(StableHash.offsetBasis, UInt8(ascii: "a")) == 0xaf63_dc4c_8601_ec8c)
    }

    @Test("The stored form is 16 zero-padded lower-case hex digits")
    func hex() {
        #expect(StableHash.hex("") == "cbf29ce484222325")
        #expect(StableHash.hex("a") == "af63dc4c8601ec8c")
        #expect(StableHash.hex("café") == String(StableHash.fnv1a64("café"), radix: 16).leftPadded(to: 16))
        // A value with a leading zero nibble keeps its 16 digits.
        let short = (0..<10_000).lazy.map { "item \($0)" }.first { StableHash.fnv1a64($0) >> 60 == 0 }
        if let short { #expect(StableHash.hex(short).count == 16 && StableHash.hex(short).hasPrefix("0")) }
        #expect(short != nil)
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
