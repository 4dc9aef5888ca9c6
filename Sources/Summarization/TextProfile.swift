import Foundation

/// What a news text is about, as hashed terms, for telling stories apart and weighing them:
/// the words of the names it mentions, its figures, its content stems and the word shingles
/// of its body.
///
/// Made with the summarizer's own analysis (sentence splitter, tokenizer, stemmer, stop words,
/// entity finder and numbers), so that grouping and ranking read a text exactly as the
/// summarizer does. Every term list is sorted and holds each hash once.
///
/// ```swift
/// let profiles = TextProfile.profiles([(title: "Rail deal", text: body)])
/// ```
public struct TextProfile: Sendable, Hashable {
    /// The words of the names found in the title and body (people, organisations, places;
    /// a title such as "Mr" or "President" is not part of a name), lower-cased.
    public var names: [UInt64]
    /// Figures written with at least two digits (`2.4`, `14,000` as `14000`, `87` of `87%`).
    public var figures: [UInt64]
    /// Porter stems of the content words of four letters or more (no stop words, no number,
    /// month or weekday words).
    public var words: [UInt64]
    /// Hashes of the body's w-shingles (Broder 1997): every run of ``shingleLength``
    /// consecutive content tokens (words that are not stop words, and figures), by stem, so
    /// that punctuation, case, function words and inflection do not change them.
    public var shingles: [UInt64]
    /// Words and figures read, title included.
    public var wordCount: Int

    /// Content tokens per shingle. Four content words span about seven words of running text:
    /// long enough that two different stories rarely share one, short enough that a
    /// one-paragraph item still has a dozen.
    public static let shingleLength = 4

    /// How much of the body is read, in bytes: the lead, where a story says what it is about.
    public static let bodyPrefix = 2000

    /// The profile of one title and body.
    public init(title: String?, text: String) {
        self.init(title: title, text: text, stemCache: nil)
    }

    /// The profiles of many texts, in order, sharing one stem cache; on every core for many.
    public static func profiles(_ texts: [(title: String?, text: String)]) -> [TextProfile] {
        let cache = StemCache()
        let workers = texts.count < 256 ? 1 : max(1, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else { return texts.map { TextProfile(title: $0.title, text: $0.text, stemCache: cache) } }
        var profiles = [TextProfile?](repeating: nil, count: texts.count)
        profiles.withUnsafeMutableBufferPointer { buffer in
            // Each worker writes only its own stride of slots.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for i in stride(from: worker, to: texts.count, by: workers) {
                    slots[i] = TextProfile(title: texts[i].title, text: texts[i].text, stemCache: cache)
                }
            }
        }
        return profiles.compactMap { $0 }
    }

    init(title: String?, text: String, stemCache: StemCache?) {
        // The title is a document of its own, so that its sentence never runs into the body's.
        var documents: [Document] = []
        if let title, !title.isEmpty { documents.append(Document(text: title)) }
        let bodyDocument = documents.count
        documents.append(Document(title: title, text: Self.prefix(of: text, bytes: Self.bodyPrefix)))
        let analysis = Analysis(documents: documents, stemCache: stemCache)

        var names: [UInt64] = []
        for mention in analysis.entities.mentions {
            for t in analysis.tokens[mention.tokens] where t.flags.contains(.capitalized) { names.append(t.hash) }
        }
        var figures: [UInt64] = []
        var words: [UInt64] = []
        var shingles: [UInt64] = []
        words.reserveCapacity(analysis.tokens.count)
        shingles.reserveCapacity(analysis.tokens.count)
        // The last `shingleLength` content stems of the body, as a ring.
        var window = [UInt64](repeating: 0, count: Self.shingleLength)
        var seen = 0
        var wordCount = 0
        let notWords: Lexicon.Classes = [.stop, .dateName, .numberWord, .ordinalWord, .amountWord]
        for (sentence, range) in analysis.tokenRanges.enumerated() {
            let inBody = analysis.documentOfSentence[sentence] == bodyDocument
            for t in analysis.tokens[range] {
                let isFigure = t.flags.contains(.digits)
                guard t.flags.contains(.word) || isFigure else { continue }
                wordCount += 1
                if isFigure {
                    if t.length >= 2, Numbers.kind(of: t) == .digits, let key = Numbers.factKey(of: t) {
                        figures.append(key)
                    }
                } else if t.length >= 4, t.lex.isDisjoint(with: notWords) {
                    words.append(t.stem)
                }
                guard inBody, isFigure || !t.lex.contains(.stop) else { continue }
                window[seen % Self.shingleLength] = t.stem
                seen += 1
                if seen >= Self.shingleLength {
                    var h: UInt64 = 0x9E37_79B9_7F4A_7C15
                    for k in seen - Self.shingleLength..<seen { h = Self.mix(h ^ window[k % Self.shingleLength]) }
                    shingles.append(h)
                }
            }
        }
        self.names = Self.sortedUnique(names)
        self.figures = Self.sortedUnique(figures)
        self.words = Self.sortedUnique(words)
        self.shingles = Self.sortedUnique(shingles)
        self.wordCount = wordCount
    }

    /// The distinct elements, sorted.
    static func sortedUnique(_ values: [UInt64]) -> [UInt64] {
        var sorted = values.sorted()
        var kept = 0
        for i in sorted.indices where kept == 0 || sorted[kept - 1] != sorted[i] {
            sorted[kept] = sorted[i]
            kept += 1
        }
        sorted.removeLast(sorted.count - kept)
        return sorted
    }

    /// The first `bytes` bytes of `text`, cut back to a character boundary.
    static func prefix(of text: String, bytes: Int) -> String {
        let utf8 = text.utf8
        guard utf8.count > bytes else { return text }
        var end = utf8.index(utf8.startIndex, offsetBy: bytes)
        while end > utf8.startIndex, utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        return String(decoding: utf8[utf8.startIndex..<end], as: UTF8.self)
    }

    /// SplitMix64's finalizer (Steele, Lea and Flood 2014): a bijection of 64-bit words that
    /// spreads every input bit over the output; chained over a shingle's stems, it hashes the
    /// shingle well enough for min-hashing to take its bits as random.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Elements common to two sorted term lists.
    public static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        Analysis.sharedCount(a, b)
    }
}
