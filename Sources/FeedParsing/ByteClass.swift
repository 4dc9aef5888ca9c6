#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The byte classes that FeedParsing's scanners share: the XML tokenizer (`XMLTreeBuilder`), the
/// HTML-to-text conversions (`ContentText`, `PlainText`) and the date parser. All are ASCII
/// tests on UTF-8 bytes; a byte of a multi-byte character is never space, letter or digit.
enum ByteClass {
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

    /// XML white space (`S` in XML 1.0): space, tab, line feed, carriage return.
    static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// HTML's ASCII white space: XML's and form feed.
    static func isHTMLSpace(_ byte: UInt8) -> Bool { isXMLSpace(byte) || byte == 0x0C }

    /// A byte that may start an XML name: a letter, `_`, `:`, or any byte of a non-ASCII character.
    static func isXMLNameStart(_ byte: UInt8) -> Bool {
        isLetter(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    /// A byte of an XML name after its first: those that start one, digits, `-` and `.`.
    static func isXMLNameByte(_ byte: UInt8) -> Bool {
        // The ASCII name bytes as two 64-bit masks (`-`, `.`, digits and `:` below 64; letters
        // and `_` above): one shift and test instead of six comparisons.
        let below64: UInt64 = (1 << 45) | (1 << 46) | (0x3FF << 48) | (1 << 58)
        let above64: UInt64 = (0x3FF_FFFF << 1) | (1 << 31) | (0x3FF_FFFF << 33)
        guard byte < 0x80 else { return true }
        return ((byte < 64 ? below64 : above64) >> UInt64(byte & 63)) & 1 != 0
    }

    /// A byte of an HTML tag or attribute name as the text conversions read them: letters, digits,
    /// `-`, `:` and `_`.
    static func isTagNameByte(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "_")
    }

    /// The first index at or after `start` and at or before `last` whose byte is `byte` (memchr).
    @inline(__always)
    static func firstIndex(
        of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int, through last: Int
    ) -> Int? {
        guard start >= 0, start <= last, last < bytes.count, let base = bytes.baseAddress,
            let hit = memchr(base + start, Int32(byte), last - start + 1)
        else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    // MARK: - Eight bytes at a time

    static let highBits: UInt64 = 0x8080_8080_8080_8080
    static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let ones: UInt64 = 0x0101_0101_0101_0101

    /// The eight bytes at `index` (which must have eight after it) as one word, the byte at
    /// `index` lowest.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        return UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
    }

    /// The high bit of every byte of `word` that equals `byte`, and no other bit (exact: the
    /// additions cannot carry from one byte into the next).
    @inline(__always)
    static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let difference = word ^ (UInt64(byte) &* ones)
        return ~(((difference & lowSevenBits) &+ lowSevenBits) | difference) & highBits
    }

    /// The index of the first `<` or `&` at or after `start`, else `bytes.count`.
    @inline(__always)
    static func nextMarkup(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        while index + 8 <= count {
            let chunk = word(bytes, at: index)
            let hits = self.bytes(chunk, equalTo: UInt8(ascii: "<")) | self.bytes(chunk, equalTo: UInt8(ascii: "&"))
            if hits != 0 { return index + hits.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < count, bytes[index] != UInt8(ascii: "<"), bytes[index] != UInt8(ascii: "&") {
            index += 1
        }
        return index
    }
}
