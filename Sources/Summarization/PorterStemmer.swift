/// The Porter stemming algorithm for English, written from its publication:
/// M. F. Porter, "An algorithm for suffix stripping", *Program* 14(3):130–137, 1980.
///
/// It removes inflectional and derivational suffixes in five steps, each guarded by the
/// "measure" *m* of the remaining stem (the number of vowel–consonant sequences). Words are
/// expected in lower-case ASCII; anything else is returned unchanged, and so are words of
/// one or two letters.
public enum PorterStemmer {
    /// The stem of a lower-case English word.
    public static func stem(_ word: String) -> String {
        var bytes = Array(word.utf8)
        guard bytes.count > 2, bytes.allSatisfy(UTF8Text.isASCIILower) else { return word }
        let length = bytes.withUnsafeMutableBufferPointer { stem($0, count: $0.count) }
        return String(decoding: bytes[0..<length], as: UTF8.self)
    }

    /// Stems the lower-case ASCII word in `w[0..<count]` in place and returns the new length.
    static func stem(_ w: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        guard count > 2 else { return count }
        var s = Stem(w: w, k: count)
        s.step1a()
        s.step1b()
        s.step1c()
        s.step2()
        s.step3()
        s.step4()
        s.step5()
        return s.k
    }

    /// The word being stemmed: `w[0..<k]`; `j` marks the end of the stem before a suffix.
    private struct Stem {
        let w: UnsafeMutableBufferPointer<UInt8>
        var k: Int
        var j = 0

        init(w: UnsafeMutableBufferPointer<UInt8>, k: Int) {
            self.w = w
            self.k = k
        }

        /// Whether `w[i]` is a consonant: not a vowel, and `y` only after a vowel (or first).
        func isConsonant(_ i: Int) -> Bool {
            switch w[i] {
            case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"),
                UInt8(ascii: "u"):
                return false
            case UInt8(ascii: "y"):
                return i == 0 ? true : !isConsonant(i - 1)
            default:
                return true
            }
        }

        /// The measure m of `w[0..<end]`: the number of VC sequences in [C](VC)^m[V].
        func measure(_ end: Int) -> Int {
            var i = 0
            while i < end, isConsonant(i) { i += 1 }
            var m = 0
            while i < end {
                while i < end, !isConsonant(i) { i += 1 }
                guard i < end else { break }
                m += 1
                while i < end, isConsonant(i) { i += 1 }
            }
            return m
        }

        /// *v*: `w[0..<end]` contains a vowel.
        func hasVowel(_ end: Int) -> Bool {
            for i in 0..<end where !isConsonant(i) { return true }
            return false
        }

        /// *d: `w[0..<end]` ends with a double consonant.
        func endsDoubleConsonant(_ end: Int) -> Bool {
            end >= 2 && w[end - 1] == w[end - 2] && isConsonant(end - 1)
        }

        /// *o: `w[0..<end]` ends consonant–vowel–consonant, the last not w, x or y.
        func endsCVC(_ end: Int) -> Bool {
            guard end >= 3, isConsonant(end - 1), !isConsonant(end - 2), isConsonant(end - 3) else {
                return false
            }
            let c = w[end - 1]
            return c != UInt8(ascii: "w") && c != UInt8(ascii: "x") && c != UInt8(ascii: "y")
        }

        /// Whether the word ends with `suffix`; if so, `j` is the stem's end.
        mutating func ends(_ suffix: StaticString) -> Bool {
            let n = suffix.utf8CodeUnitCount
            guard n <= k else { return false }
            let p = suffix.utf8Start
            for i in 0..<n where w[k - n + i] != p[i] { return false }
            j = k - n
            return true
        }

        /// Replaces the suffix after `j` by `replacement`.
        mutating func setTo(_ replacement: StaticString) {
            let n = replacement.utf8CodeUnitCount
            let p = replacement.utf8Start
            for i in 0..<n { w[j + i] = p[i] }
            k = j + n
        }

        /// Replaces the suffix by `replacement` when the stem's measure is above zero.
        mutating func replaceIfMeasured(_ replacement: StaticString) {
            if measure(j) > 0 { setTo(replacement) }
        }

        mutating func step1a() {
            if w[k - 1] != UInt8(ascii: "s") { return }
            if ends("sses") {
                k -= 2
            } else if ends("ies") {
                setTo("i")
            } else if ends("ss") {
                // unchanged
            } else if k > 1 {
                k -= 1
            }
        }

        mutating func step1b() {
            if ends("eed") {
                if measure(j) > 0 { k -= 1 }
                return
            }
            var removed = false
            if ends("ed"), hasVowel(j) {
                k = j
                removed = true
            } else if ends("ing"), hasVowel(j) {
                k = j
                removed = true
            }
            guard removed else { return }
            if ends("at") {
                setTo("ate")
            } else if ends("bl") {
                setTo("ble")
            } else if ends("iz") {
                setTo("ize")
            } else if endsDoubleConsonant(k) {
                let c = w[k - 1]
                if c != UInt8(ascii: "l") && c != UInt8(ascii: "s") && c != UInt8(ascii: "z") { k -= 1 }
            } else if measure(k) == 1, endsCVC(k) {
                j = k
                setTo("e")
            }
        }

        mutating func step1c() {
            if ends("y"), hasVowel(j) { w[k - 1] = UInt8(ascii: "i") }
        }

        mutating func step2() {
            guard k >= 3 else { return }
            switch w[k - 2] {
            case UInt8(ascii: "a"):
                if ends("ational") {
                    replaceIfMeasured("ate")
                } else if ends("tional") {
                    replaceIfMeasured("tion")
                }
            case UInt8(ascii: "c"):
                if ends("enci") {
                    replaceIfMeasured("ence")
                } else if ends("anci") {
                    replaceIfMeasured("ance")
                }
            case UInt8(ascii: "e"):
                if ends("izer") { replaceIfMeasured("ize") }
            case UInt8(ascii: "l"):
                if ends("abli") {
                    replaceIfMeasured("able")
                } else if ends("alli") {
                    replaceIfMeasured("al")
                } else if ends("entli") {
                    replaceIfMeasured("ent")
                } else if ends("eli") {
                    replaceIfMeasured("e")
                } else if ends("ousli") {
                    replaceIfMeasured("ous")
                }
            case UInt8(ascii: "o"):
                if ends("ization") {
                    replaceIfMeasured("ize")
                } else if ends("ation") {
                    replaceIfMeasured("ate")
                } else if ends("ator") {
                    replaceIfMeasured("ate")
                }
            case UInt8(ascii: "s"):
                if ends("alism") {
                    replaceIfMeasured("al")
                } else if ends("iveness") {
                    replaceIfMeasured("ive")
                } else if ends("fulness") {
                    replaceIfMeasured("ful")
                } else if ends("ousness") {
                    replaceIfMeasured("ous")
                }
            case UInt8(ascii: "t"):
                if ends("aliti") {
                    replaceIfMeasured("al")
                } else if ends("iviti") {
                    replaceIfMeasured("ive")
                } else if ends("biliti") {
                    replaceIfMeasured("ble")
                }
            default:
                break
            }
        }

        mutating func step3() {
            guard k >= 3 else { return }
            switch w[k - 1] {
            case UInt8(ascii: "e"):
                if ends("icate") {
                    replaceIfMeasured("ic")
                } else if ends("ative") {
                    replaceIfMeasured("")
                } else if ends("alize") {
                    replaceIfMeasured("al")
                }
            case UInt8(ascii: "i"):
                if ends("iciti") { replaceIfMeasured("ic") }
            case UInt8(ascii: "l"):
                if ends("ical") { replaceIfMeasured("ic") } else if ends("ful") { replaceIfMeasured("") }
            case UInt8(ascii: "s"):
                if ends("ness") { replaceIfMeasured("") }
            default:
                break
            }
        }

        mutating func step4() {
            guard k >= 3 else { return }
            var matched = false
            switch w[k - 2] {
            case UInt8(ascii: "a"): matched = ends("al")
            case UInt8(ascii: "c"): matched = ends("ance") || ends("ence")
            case UInt8(ascii: "e"): matched = ends("er")
            case UInt8(ascii: "i"): matched = ends("ic")
            case UInt8(ascii: "l"): matched = ends("able") || ends("ible")
            case UInt8(ascii: "n"): matched = ends("ant") || ends("ement") || ends("ment") || ends("ent")
            case UInt8(ascii: "o"):
                if ends("ion") {
                    matched = j > 0 && (w[j - 1] == UInt8(ascii: "s") || w[j - 1] == UInt8(ascii: "t"))
                } else {
                    matched = ends("ou")
                }
            case UInt8(ascii: "s"): matched = ends("ism")
            case UInt8(ascii: "t"): matched = ends("ate") || ends("iti")
            case UInt8(ascii: "u"): matched = ends("ous")
            case UInt8(ascii: "v"): matched = ends("ive")
            case UInt8(ascii: "z"): matched = ends("ize")
            default: matched = false
            }
            if matched, measure(j) > 1 { k = j }
        }

        mutating func step5() {
            // 5a: remove a final e.
            if w[k - 1] == UInt8(ascii: "e") {
                let m = measure(k - 1)
                if m > 1 || (m == 1 && !endsCVC(k - 1)) { k -= 1 }
            }
            // 5b: -ll to -l when m > 1.
            if k >= 2, w[k - 1] == UInt8(ascii: "l"), endsDoubleConsonant(k), measure(k) > 1 { k -= 1 }
        }
    }
}
