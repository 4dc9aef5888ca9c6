/// ROUGE-1, ROUGE-2 and ROUGE-Lsum (Lin, "ROUGE: A Package for Automatic Evaluation of
/// Summaries", ACL Workshop on Text Summarization Branches Out, 2004), computed as Google's
/// `rouge-score` package does with stemming on:
///
/// - tokens: lower-case the text, turn every character other than `a-z0-9` into a space,
///   split on spaces; words longer than 3 characters are Porter-stemmed;
/// - ROUGE-N: clipped n-gram overlap; precision over the candidate's n-grams, recall over
///   the reference's, F1 their harmonic mean;
/// - ROUGE-Lsum: summary-level LCS over lines (split on "\n", empty lines dropped): for each
///   reference line the union of its LCS with every candidate line, each token counted at
///   most as often as it occurs in both texts.
public enum ROUGE {
    /// Precision, recall and F1 of one measure, each in 0...1.
    public struct Score: Sendable, Hashable {
        public var precision: Double
        public var recall: Double
        public var f1: Double

        public init(precision: Double, recall: Double) {
            self.precision = precision
            self.recall = recall
            f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
        }

        static let zero = Score(precision: 0, recall: 0)
    }

    /// ROUGE-1, ROUGE-2 and ROUGE-Lsum of one candidate against one reference.
    public struct Scores: Sendable, Hashable {
        public var rouge1: Score
        public var rouge2: Score
        public var rougeLsum: Score
    }

    /// The tokens ROUGE compares, as strings (stemmed).
    public static func tokens(_ text: String) -> [String] {
        var out: [String] = []
        forEachToken(text) { bytes in out.append(String(decoding: bytes, as: UTF8.self)) }
        return out
    }

    /// The number of tokens ROUGE counts in `text`.
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        forEachToken(text) { _ in count += 1 }
        return count
    }

    /// Scores `candidate` against `reference`; put one sentence per line in both for Lsum.
    public static func score(reference: String, candidate: String) -> Scores {
        let ref = hashedLines(reference)
        let can = hashedLines(candidate)
        let refTokens = ref.flatMap { $0 }
        let canTokens = can.flatMap { $0 }
        return Scores(
            rouge1: ngramScore(refTokens, canTokens, n: 1),
            rouge2: ngramScore(refTokens, canTokens, n: 2),
            rougeLsum: summaryLevelLCS(ref, can))
    }

    /// Calls `body` with each token's bytes (lower-case, stemmed when longer than 3).
    static func forEachToken(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var word = [UInt8](repeating: 0, count: 64)
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { b in
            word.withUnsafeMutableBufferPointer { w in
                var i = 0
                let n = b.count
                while i < n {
                    while i < n, !isAlnum(b[i]) { i += 1 }
                    let start = i
                    while i < n, isAlnum(b[i]) { i += 1 }
                    let length = i - start
                    guard length > 0 else { continue }
                    if length > 3, length <= w.count {
                        // Digits count as consonants in the stemmer's rules, as in rouge-score.
                        for k in 0..<length { w[k] = UTF8Text.lower(b[start + k]) }
                        let k = PorterStemmer.stem(w, count: length)
                        body(UnsafeBufferPointer(rebasing: w[0..<k]))
                    } else {
                        for k in start..<i { b[k] = UTF8Text.lower(b[k]) }
                        body(UnsafeBufferPointer(rebasing: b[start..<i]))
                    }
                }
            }
        }
    }

    @inline(__always)
    private static func isAlnum(_ c: UInt8) -> Bool {
        UTF8Text.isASCIILetter(c) || UTF8Text.isDigit(c)
    }

    private static func hashedLines(_ text: String) -> [[UInt64]] {
        var lines: [[UInt64]] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            var hashes: [UInt64] = []
            forEachToken(String(line)) { bytes in
                var h = UTF8Text.fnvOffset
                for c in bytes { h = UTF8Text.fnv(h, c) }
                hashes.append(h)
            }
            lines.append(hashes)
        }
        return lines
    }

    private static func ngramScore(_ ref: [UInt64], _ can: [UInt64], n: Int) -> Score {
        let refCount = max(0, ref.count - n + 1)
        let canCount = max(0, can.count - n + 1)
        guard refCount > 0, canCount > 0 else { return .zero }
        var counts: [UInt64: Int] = [:]
        counts.reserveCapacity(refCount)
        for i in 0..<refCount { counts[gram(ref, i, n), default: 0] += 1 }
        var overlap = 0
        for i in 0..<canCount {
            let g = gram(can, i, n)
            if let c = counts[g], c > 0 {
                overlap += 1
                counts[g] = c - 1
            }
        }
        return Score(
            precision: Double(overlap) / Double(canCount), recall: Double(overlap) / Double(refCount))
    }

    @inline(__always)
    private static func gram(_ tokens: [UInt64], _ i: Int, _ n: Int) -> UInt64 {
        var h = tokens[i]
        for k in 1..<max(n, 1) { h = Boilerplate.pairHash(h, tokens[i + k]) }
        return h
    }

    private static func summaryLevelLCS(_ ref: [[UInt64]], _ can: [[UInt64]]) -> Score {
        let m = ref.reduce(0) { $0 + $1.count }
        let n = can.reduce(0) { $0 + $1.count }
        guard m > 0, n > 0 else { return .zero }
        var refCounts: [UInt64: Int] = [:]
        var canCounts: [UInt64: Int] = [:]
        for line in ref { for t in line { refCounts[t, default: 0] += 1 } }
        for line in can { for t in line { canCounts[t, default: 0] += 1 } }
        var hits = 0
        for r in ref {
            var union = Set<Int>()
            for c in can { union.formUnion(lcsIndices(r, c)) }
            for i in union.sorted() {
                let t = r[i]
                if let a = canCounts[t], a > 0, let b = refCounts[t], b > 0 {
                    hits += 1
                    canCounts[t] = a - 1
                    refCounts[t] = b - 1
                }
            }
        }
        return Score(precision: Double(hits) / Double(n), recall: Double(hits) / Double(m))
    }

    /// Indices into `r` of one longest common subsequence with `c`, read back as
    /// rouge-score does (on ties, move up in `r`).
    private static func lcsIndices(_ r: [UInt64], _ c: [UInt64]) -> [Int] {
        let rows = r.count
        let cols = c.count
        guard rows > 0, cols > 0 else { return [] }
        let width = cols + 1
        var table = [Int32](repeating: 0, count: (rows + 1) * width)
        for i in 1...rows {
            for j in 1...cols {
                if r[i - 1] == c[j - 1] {
                    table[i * width + j] = table[(i - 1) * width + j - 1] + 1
                } else {
                    table[i * width + j] = max(table[(i - 1) * width + j], table[i * width + j - 1])
                }
            }
        }
        var out: [Int] = []
        var i = rows
        var j = cols
        while i > 0, j > 0 {
            if r[i - 1] == c[j - 1] {
                out.append(i - 1)
                i -= 1
                j -= 1
            } else if table[i * width + j - 1] > table[(i - 1) * width + j] {
                j -= 1
            } else {
                i -= 1
            }
        }
        return out
    }
}
