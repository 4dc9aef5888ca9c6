import BriefingCore
/// Byte-level character classes for UTF-8 text.
///
/// The summarizer works on the UTF-8 bytes of a document: ASCII is classified by table
/// lookups and anything else is decoded to a scalar and classified by its Unicode
/// properties. Offsets are byte offsets into the document's UTF-8 array.
enum UTF8Text {
    /// Decodes the scalar starting at `index` (which must be a lead byte) and returns its
    /// value and encoded length. Input comes from a Swift `String`, so it is valid UTF-8.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (
        scalar: UInt32, length: Int
    ) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        let count = bytes.count
        if b0 < 0xE0, index + 1 < count {
            return (((b0 & 0x1F) << 6) | (UInt32(bytes[index + 1]) & 0x3F), 2)
        }
        if b0 < 0xF0, index + 2 < count {
            let v =
                ((b0 & 0x0F) << 12) | ((UInt32(bytes[index + 1]) & 0x3F) << 6)
                | (UInt32(bytes[index + 2]) & 0x3F)
            return (v, 3)
        }
        if index + 3 < count {
            let v =
                ((b0 & 0x07) << 18) | ((UInt32(bytes[index + 1]) & 0x3F) << 12)
                | ((UInt32(bytes[index + 2]) & 0x3F) << 6) | (UInt32(bytes[index + 3]) & 0x3F)
            return (v, 4)
        }
        return (0xFFFD, 1)
    }

    /// The start of the scalar that ends just before `index`.
    @inline(__always)
    static func previousStart(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        var i = index - 1
        while i > 0, bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool {
        (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
    }
    @inline(__always) static func isASCIIUpper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
    @inline(__always) static func isASCIILower(_ b: UInt8) -> Bool { b >= 0x61 && b <= 0x7A }
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    @inline(__always) static func isASCIIAlnum(_ b: UInt8) -> Bool { isDigit(b) || isASCIILetter(b) }

    @inline(__always)
    static func scalarProperties(_ v: UInt32) -> Unicode.Scalar.Properties? {
        Unicode.Scalar(v)?.properties
    }

    /// Whether the scalar is a letter (alphabetic).
    @inline(__always)
    static func isLetter(_ v: UInt32) -> Bool {
        if v < 0x80 { return isASCIILetter(UInt8(v)) }
        return scalarProperties(v)?.isAlphabetic ?? false
    }

    @inline(__always)
    static func isUpper(_ v: UInt32) -> Bool {
        if v < 0x80 { return isASCIIUpper(UInt8(v)) }
        return scalarProperties(v)?.isUppercase ?? false
    }

    @inline(__always)
    static func isLower(_ v: UInt32) -> Bool {
        if v < 0x80 { return isASCIILower(UInt8(v)) }
        return scalarProperties(v)?.isLowercase ?? false
    }

    /// Whitespace other than line breaks (space, tab, no-break space, thin spaces, ...).
    @inline(__always)
    static func isHorizontalSpace(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x09, 0x0B, 0x0C, 0x0D, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000,
            0xFEFF:
            return true
        default: return false
        }
    }

    @inline(__always)
    static func isLineBreak(_ v: UInt32) -> Bool {
        v == 0x0A || v == 0x85 || v == 0x2028 || v == 0x2029
    }

    @inline(__always)
    static func isSpace(_ v: UInt32) -> Bool { isHorizontalSpace(v) || isLineBreak(v) }

    /// Quotation marks and closing brackets that may follow a full stop inside the sentence.
    @inline(__always)
    static func isClosingPunctuation(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x29, 0x5D, 0x7D, 0xBB, 0x2019, 0x201D, 0x203A: return true
        default: return false
        }
    }

    /// Quotation marks and opening brackets that may start a sentence.
    @inline(__always)
    static func isOpeningPunctuation(_ v: UInt32) -> Bool {
        switch v {
        case 0x22, 0x27, 0x28, 0x5B, 0x7B, 0xAB, 0x2018, 0x201C, 0x2039, 0x60: return true
        default: return false
        }
    }

    /// Apostrophes that may stand inside a word (don't, O'Brien, Spieth's).
    @inline(__always)
    static func isApostrophe(_ v: UInt32) -> Bool { v == 0x27 || v == 0x2019 || v == 0x02BC }

    /// Hyphens that may join a compound word (three-under-par).
    @inline(__always)
    static func isHyphen(_ v: UInt32) -> Bool { v == 0x2D || v == 0x2010 || v == 0x2011 }

    /// Sentence-final marks: full stop, question and exclamation marks, ellipsis.
    @inline(__always)
    static func isTerminator(_ v: UInt32) -> Bool {
        v == 0x2E || v == 0x21 || v == 0x3F || v == 0x2026
    }

    /// Bullet characters that start a list item.
    @inline(__always)
    static func isBullet(_ v: UInt32) -> Bool {
        switch v {
        case 0x2022, 0x2023, 0x2043, 0x25AA, 0x25CF, 0x25E6, 0x2219, 0x00B7, 0x25A0, 0x2013, 0x2014,
            0x2D, 0x2A, 0x3E:
            return true
        default: return false
        }
    }

    /// Lower-cases an ASCII byte.
    @inline(__always) static func lower(_ b: UInt8) -> UInt8 { isASCIIUpper(b) ? b | 0x20 : b }

    /// 64-bit FNV-1a (the shared ``StableHash``), used to key words without allocating strings.
    @inline(__always) static var fnvOffset: UInt64 { StableHash.offsetBasis }
    @inline(__always)
    static func fnv(_ hash: UInt64, _ byte: UInt8) -> UInt64 {
        StableHash.step(hash, byte)
    }

    /// FNV-1a hash of a string's lower-cased UTF-8 (ASCII lower-casing; other bytes as is).
    static func hash(_ s: String) -> UInt64 {
        var h = fnvOffset
        for b in s.utf8 { h = fnv(h, lower(b)) }
        return h
    }
}
