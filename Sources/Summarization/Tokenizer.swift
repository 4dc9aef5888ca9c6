/// Splits text into word, number and symbol tokens.
///
/// Words are runs of letters and digits (any script) that may hold apostrophes (`don't`,
/// `O'Brien`), hyphens (`three-under-par`), dots between single letters (`U.S.`, `a.m.`)
/// and dots or commas between digits (`20.9`, `1,200`). Currency signs and `%` are symbol
/// tokens; other punctuation separates tokens and is dropped.
public enum Tokenizer {
    /// The tokens of `text` as strings, for inspection and tests.
    public static func tokens(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        var out: [String] = []
        bytes.withUnsafeBufferPointer { b in
            var tokens: [Token] = []
            var scratch = StemScratch()
            tokenize(b, 0, b.count, into: &tokens, scratch: &scratch)
            out = tokens.map { String(decoding: b[Int($0.start)..<Int($0.end)], as: UTF8.self) }
        }
        return out
    }

    /// Appends the tokens of `b[start..<end]` to `tokens`.
    static func tokenize(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, into tokens: inout [Token],
        scratch: inout StemScratch
    ) {
        var i = start
        var punctuated = false  // punctuation since the previous token
        let first = tokens.count
        while i < end {
            let (v, len) = UTF8Text.decode(b, i)
            if v < 0x80
                ? (UTF8Text.isASCIILetter(UInt8(v)) || UTF8Text.isDigit(UInt8(v))) : UTF8Text.isLetter(v)
            {
                if punctuated, tokens.count > first { tokens[tokens.count - 1].flags.insert(.breakAfter) }
                punctuated = false
                i = word(b, i, end, into: &tokens, scratch: &scratch)
                continue
            }
            if !UTF8Text.isSpace(v) { punctuated = true }
            if v != 0x2E, v != 0x2C, let symbol = Symbol(scalar: v) {
                var t = Token(start: Int32(i), end: Int32(i + len))
                t.flags = symbol.flags
                t.hash = symbol.hash
                tokens.append(t)
            }
            i += len
        }
    }

    /// Scans one word starting at `i` and returns the index after it.
    private static func word(
        _ b: UnsafeBufferPointer<UInt8>, _ begin: Int, _ end: Int, into tokens: inout [Token],
        scratch: inout StemScratch
    ) -> Int {
        var i = begin
        var letters = 0
        var uppers = 0
        var digits = 0
        var ascii = true
        var dotted = false
        var segmentLength = 0  // letters since the last dot, for U.S.-style acronyms
        var firstUpper = false
        var previous: UInt32 = 0
        // The key's hash as the word is read (ASCII; other words are keyed afterwards), and
        // its value before the last apostrophe or hyphen (for a possessive 's).
        var h = UTF8Text.fnvOffset
        var beforeJoiner = h
        while i < end {
            // Fast path: an ASCII letter or digit.
            let c = b[i]
            if c < 0x80, UTF8Text.isASCIIAlnum(c) {
                h = UTF8Text.fnv(h, UTF8Text.lower(c))
                if UTF8Text.isDigit(c) {
                    digits += 1
                } else {
                    letters += 1
                    if UTF8Text.isASCIIUpper(c) {
                        uppers += 1
                        if i == begin { firstUpper = true }
                    }
                }
                segmentLength += 1
                previous = UInt32(c)
                i += 1
                continue
            }
            let (v, len) = UTF8Text.decode(b, i)
            let isDigit = v < 0x80 && UTF8Text.isDigit(UInt8(v))
            let isLetter = !isDigit && UTF8Text.isLetter(v)
            if isLetter || isDigit {
                if isDigit {
                    digits += 1
                } else {
                    letters += 1
                    if UTF8Text.isUpper(v) {
                        uppers += 1
                        if i == begin { firstUpper = true }
                    }
                }
                ascii = false  // (ASCII letters and digits took the fast path)
                segmentLength += 1
                previous = v
                i += len
                continue
            }
            // Joiners: only between two word characters.
            guard i + len < end else { break }
            let (next, _) = UTF8Text.decode(b, i + len)
            let nextIsDigit = next < 0x80 && UTF8Text.isDigit(UInt8(next))
            let nextIsAlnum = nextIsDigit || UTF8Text.isLetter(next)
            let previousIsDigit = previous < 0x80 && UTF8Text.isDigit(UInt8(previous))
            if (UTF8Text.isApostrophe(v) || UTF8Text.isHyphen(v)) && nextIsAlnum {
                if v >= 0x80 { ascii = false }
                beforeJoiner = h
                h = UTF8Text.fnv(h, UInt8(truncatingIfNeeded: v))
                segmentLength = 0
                i += len
                continue
            }
            if (v == 0x2E || v == 0x2C) && previousIsDigit && nextIsDigit {
                if v == 0x2E { h = UTF8Text.fnv(h, 0x2E) }  // thousands commas are not part of the key
                i += len
                continue
            }
            if v == 0x2E && segmentLength == 1 && letters > 0 && UTF8Text.isLetter(next) {
                // U.S, a.m: single letters joined by dots.
                var k = i + len
                var run = 0
                while k < end, UTF8Text.isLetter(UTF8Text.decode(b, k).scalar) {
                    run += 1
                    k += UTF8Text.decode(b, k).length
                }
                if run == 1 {
                    h = UTF8Text.fnv(h, 0x2E)
                    dotted = true
                    segmentLength = 0
                    i += len
                    continue
                }
            }
            break
        }
        // A dotted acronym keeps its final dot (U.S.).
        if dotted, i < end, b[i] == 0x2E { i += 1 }

        var t = Token(start: Int32(begin), end: Int32(i))
        var flags: Token.Flags = []
        if letters > 0 { flags.insert(.word) }
        if digits > 0 { flags.insert(.digits) }
        if firstUpper { flags.insert(.capitalized) }
        if letters >= 2 && uppers == letters { flags.insert(.allCaps) }
        if dotted { flags.insert(.dotted) }
        t.flags = flags

        // The key: lower-cased, without a possessive 's, without separators in numbers.
        var keyEnd = i
        if letters > 0, i - begin > 2, b[i - 1] | 0x20 == UInt8(ascii: "s") {
            if b[i - 2] == 0x27 {
                keyEnd = i - 2
            } else if i - begin > 4, b[i - 2] == 0x99, b[i - 3] == 0x80, b[i - 4] == 0xE2 {
                keyEnd = i - 4
            }
        }
        if keyEnd != i { t.flags.insert(.possessive) }
        if dotted, keyEnd > begin, b[keyEnd - 1] == 0x2E { keyEnd -= 1 }
        if ascii {
            t.hash = keyEnd == i || dotted ? h : beforeJoiner
        } else {
            t.hash = scratch.key(b, begin, keyEnd, ascii: false, digits: digits > 0)
        }
        if letters > 0 { t.lex = Lexicon.classes(of: t.hash) }
        if letters > 0, digits == 0, ascii, !dotted, keyEnd - begin > 2, !t.lex.contains(.stop) {
            if let cached = scratch.stems[t.hash] {
                t.stem = cached
            } else if scratch.shared != nil {
                // Looked up in the shared cache with the text's other new words, in one lock
                // (`StemScratch.resolve`).
                t.flags.insert(.stemPending)
                scratch.unresolved.append((t.hash, Int32(begin), Int32(keyEnd)))
            } else {
                t.stem = scratch.stemHash(b, begin, keyEnd)
                scratch.stems.set(t.hash, t.stem)
            }
        } else {
            t.stem = t.hash
        }
        tokens.append(t)
        return i
    }
}

/// A token: a byte range of the document, flags, and keys for matching.
struct Token: Sendable {
    struct Flags: OptionSet, Sendable {
        let rawValue: UInt16
        static let word = Flags(rawValue: 1 << 0)
        static let digits = Flags(rawValue: 1 << 1)
        static let capitalized = Flags(rawValue: 1 << 2)
        static let allCaps = Flags(rawValue: 1 << 3)
        static let dotted = Flags(rawValue: 1 << 4)
        static let currency = Flags(rawValue: 1 << 5)
        static let percent = Flags(rawValue: 1 << 6)
        static let symbol = Flags(rawValue: 1 << 7)
        static let possessive = Flags(rawValue: 1 << 8)
        /// Punctuation stands between this token and the next word.
        static let breakAfter = Flags(rawValue: 1 << 9)
        /// `stem` is not set yet: `StemScratch.resolve` sets it and clears the flag.
        static let stemPending = Flags(rawValue: 1 << 10)
    }

    var start: Int32
    var end: Int32
    var flags: Flags = []
    /// FNV-1a of the lower-cased surface (no possessive, no digit separators).
    var hash: UInt64 = 0
    /// FNV-1a of the Porter stem (English words), else `hash`.
    var stem: UInt64 = 0
    /// The word lists the token is on.
    var lex: Lexicon.Classes = []

    var length: Int { Int(end - start) }
}

/// Currency and percent signs kept as tokens.
enum Symbol {
    case currency(UInt32)
    case percent

    init?(scalar v: UInt32) {
        switch v {
        case 0x24, 0xA3, 0xA5, 0x20AC, 0x20B9, 0x20BD: self = .currency(v)
        case 0x25: self = .percent
        default: return nil
        }
    }

    var flags: Token.Flags {
        switch self {
        case .currency: return [.symbol, .currency]
        case .percent: return [.symbol, .percent]
        }
    }

    var hash: UInt64 {
        switch self {
        case .currency(let v):
            return UTF8Text.fnv(UTF8Text.fnvOffset, UInt8(truncatingIfNeeded: v)) ^ 0x5EED
        case .percent: return UTF8Text.hash("percent")
        }
    }
}

/// Reusable buffers for lower-casing and stemming words without allocating.
struct StemScratch {
    private var buffer = [UInt8](repeating: 0, count: 64)
    /// Stems already computed for this text, by word key.
    var stems: HashMap<UInt64>
    /// Stems from earlier texts, and the new ones to add to it.
    let shared: StemCache?
    var pending: [(key: UInt64, stem: UInt64)] = []
    /// Uses of words not in `stems`, in order, to look up in `shared` at once (a word used twice
    /// is there twice: looking it up again costs less than a set to keep it out).
    var unresolved: [(key: UInt64, start: Int32, end: Int32)] = []

    /// Scratch for about `words` distinct words (the table grows past them).
    init(shared: StemCache? = nil, words: Int = 512) {
        self.shared = shared
        stems = HashMap(capacity: words, empty: 0)
        if shared != nil { unresolved.reserveCapacity(words) }
    }

    /// Sets the stems of `tokens[from...]` (tokens of `b`) left pending: the words are looked up
    /// in the shared cache in one lock, and those it lacks are stemmed and queued in `pending`.
    mutating func resolve(_ b: UnsafeBufferPointer<UInt8>, _ tokens: inout [Token], from first: Int) {
        guard let shared, !unresolved.isEmpty else { return }
        let found = shared.lookup(unresolved.lazy.map(\.key))
        for (word, stem) in zip(unresolved, found) where stems[word.key] == nil {
            if let stem {
                stems.set(word.key, stem)
            } else {
                let stem = stemHash(b, Int(word.start), Int(word.end))
                stems.set(word.key, stem)
                pending.append((word.key, stem))
            }
        }
        unresolved.removeAll(keepingCapacity: true)
        for k in first..<tokens.count where tokens[k].flags.contains(.stemPending) {
            tokens[k].flags.remove(.stemPending)
            tokens[k].stem = stems[tokens[k].hash] ?? tokens[k].hash
        }
    }

    /// Hash of the lower-cased bytes; digit separators are skipped in numbers.
    mutating func key(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, ascii: Bool, digits: Bool
    ) -> UInt64 {
        var h = UTF8Text.fnvOffset
        if ascii {
            for i in start..<end {
                let c = b[i]
                if digits && c == 0x2C { continue }
                h = UTF8Text.fnv(h, UTF8Text.lower(c))
            }
            return h
        }
        let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
            .lowercased()
        for c in s.utf8 { h = UTF8Text.fnv(h, c) }
        return h
    }

    /// Hash of the Porter stem of an ASCII word.
    mutating func stemHash(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let n = end - start
        guard n <= buffer.count else { return key(b, start, end, ascii: true, digits: false) }
        return buffer.withUnsafeMutableBufferPointer { w -> UInt64 in
            var allLetters = true
            for i in 0..<n {
                let c = UTF8Text.lower(b[start + i])
                if !UTF8Text.isASCIILower(c) { allLetters = false }
                w[i] = c
            }
            let k = allLetters ? PorterStemmer.stem(w, count: n) : n
            var h = UTF8Text.fnvOffset
            for i in 0..<k { h = UTF8Text.fnv(h, w[i]) }
            return h
        }
    }
}
