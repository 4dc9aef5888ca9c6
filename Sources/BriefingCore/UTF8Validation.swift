/// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), shared
/// by the stages that sniff encodings. ASCII is skipped eight bytes at a time.
public enum UTF8Validation {
    /// The string of `valid[range]`, where `valid` is known to be well-formed UTF-8 (checked by
    /// ``check(_:)``, or made by a decoder): copied without validating it again when both ends of
    /// `range` fall on scalar boundaries, which is then enough for the slice to be well-formed
    /// (`String(decoding:as:)` validates every byte, 20 times slower than the copy; issue 17).
    /// A range that cuts a scalar is decoded as `String(decoding:as:)` does, with U+FFFD.
    @inline(__always)
    public static func string(ofValid valid: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        let slice = UnsafeBufferPointer(rebasing: valid[range])
        @inline(__always) func isBoundary(_ index: Int) -> Bool { index == valid.count || valid[index] & 0xC0 != 0x80 }
        guard isBoundary(range.lowerBound), isBoundary(range.upperBound) else {
            return String(decoding: slice, as: UTF8.self)
        }
        // Debug builds (the tests) and the fuzzers' builds check the promise on every call.
        #if DEBUG || BRIEFING_CHECK_UTF8
            precondition(isValid(slice), "string(ofValid:) given bytes that are not UTF-8")
        #endif
        return String(copying: UTF8Span(unchecked: Span(_unsafeElements: slice)))
    }

    /// True when `bytes` are well-formed UTF-8.
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let raw = UnsafeRawBufferPointer(bytes)
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count,
                raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
            {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            guard let (length, lower, upper) = sequence(lead) else { return false }
            guard index + length <= count else { return false }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return false }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += length
        }
        return true
    }

    /// `isValid(_:)` and, in the same pass, whether the text has a control character other than
    /// tab, line feed and carriage return: a C0 control byte or a C1 control (U+0080-U+009F).
    /// `hasControls` is meaningful only when `valid` is true.
    public static func check(_ bytes: UnsafeBufferPointer<UInt8>) -> (valid: Bool, hasControls: Bool) {
        let raw = UnsafeRawBufferPointer(bytes)
        let count = bytes.count
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var hasControls = false
        var index = 0
        while index < count {
            if index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                // The high bit of each byte that is not ASCII or (the usual test for a byte below a
                // bound) is below 0x20. The lowest one flagged is exact: a borrow only ever flags
                // bytes above a true one.
                let flagged = word & high | (word &- ones &* 0x20) & ~word & high
                if flagged == 0 {
                    index += 8
                    continue
                }
                // Skip the plain bytes before the first flagged one.
                index += flagged.trailingZeroBitCount / 8
            }
            let lead = bytes[index]
            if lead < 0x80 {
                if lead < 0x20, lead != 0x09, lead != 0x0A, lead != 0x0D { hasControls = true }
                index += 1
                continue
            }
            guard let (length, lower, upper) = sequence(lead) else { return (false, hasControls) }
            guard index + length <= count else { return (false, hasControls) }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return (false, hasControls) }
            if lead == 0xC2, second <= 0x9F { hasControls = true }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 { return (false, hasControls) }
            index += length
        }
        return (true, hasControls)
    }

    /// For a lead byte of a multi-byte sequence: the sequence's length and the range its second
    /// byte must be in (Unicode Table 3-7, well-formed UTF-8 byte sequences); nil for a byte that
    /// cannot lead one.
    @inline(__always)
    static func sequence(_ lead: UInt8) -> (length: Int, lower: UInt8, upper: UInt8)? {
        switch lead {
        case 0xC2...0xDF: (2, 0x80, 0xBF)
        case 0xE0: (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (3, 0x80, 0xBF)
        case 0xED: (3, 0x80, 0x9F)
        case 0xF0: (4, 0x90, 0xBF)
        case 0xF1...0xF3: (4, 0x80, 0xBF)
        case 0xF4: (4, 0x80, 0x8F)
        default: nil
        }
    }
}
