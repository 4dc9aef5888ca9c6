import Foundation

/// Groups items that tell the same story, across feeds.
///
/// Two items are the same story when they share names (people, organisations, places) and,
/// beyond that, enough words and figures, and were published within `window` of each other.
/// Terms are interned as integers; each item is compared only with items sharing at least two of
/// its rarer names and figures (an inverted index), so grouping stays near-linear in the number
/// of items. Groups merge only when their first items are alike too, so that a chain of
/// pairwise-similar items cannot drift into one giant story.
struct StoryGrouping {
    /// Similarity at or above which two items are one story.
    var threshold = 0.32
    /// Items further apart in time than this are never grouped.
    var window: TimeInterval = 72 * 3600
    /// Terms found in more items than this are too common to find candidates with.
    var maxPostings = 60

    /// The terms an item is compared by, as sorted interned ids.
    struct Signature {
        var words: [Int32]
        var names: [Int32]
        var numbers: [Int32]
        var date: Date?
        var feed: String
    }

    /// Interns terms across the signatures of one grouping.
    final class Vocabulary {
        private var ids: [String: Int32] = [:]
        func id(_ term: String) -> Int32 {
            if let id = ids[term] { return id }
            let id = Int32(ids.count)
            ids[term] = id
            return id
        }
    }

    /// Groups of indices into `signatures`; each group in input order, groups by first member.
    func groups(_ signatures: [Signature]) -> [[Int]] {
        var postings: [Int32: [Int32]] = [:]
        for (index, signature) in signatures.enumerated() {
            for term in signature.names { postings[term, default: []].append(Int32(index)) }
            for term in signature.numbers { postings[-1 - term, default: []].append(Int32(index)) }
        }
        var parent = Array(signatures.indices)
        func root(_ index: Int) -> Int {
            var node = index
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var feeds: [Int: Set<String>] = [:]
        for (index, signature) in signatures.enumerated() { feeds[index] = [signature.feed] }
        var shared: [Int32: Int] = [:]
        for (index, signature) in signatures.enumerated() {
            shared.removeAll(keepingCapacity: true)
            let keys = signature.names + signature.numbers.map { -1 - $0 }
            for key in keys {
                guard let list = postings[key], list.count <= maxPostings else { continue }
                for other in list where Int(other) > index { shared[other, default: 0] += 1 }
            }
            for (other32, count) in shared.sorted(by: { $0.key < $1.key }) where count >= 2 {
                let other = Int(other32)
                let a = root(index)
                let b = root(other)
                guard a != b, feeds[a, default: []].isDisjoint(with: feeds[b, default: []]) else { continue }
                guard similarity(signature, signatures[other]) >= threshold else { continue }
                if a != index || b != other {
                    guard similarity(signatures[a], signatures[b]) >= threshold * 0.8 else { continue }
                }
                let (keep, merge) = a < b ? (a, b) : (b, a)
                parent[merge] = keep
                feeds[keep, default: []].formUnion(feeds[merge] ?? [])
                feeds[merge] = nil
            }
        }
        var byRoot: [Int: [Int]] = [:]
        var order: [Int] = []
        for index in signatures.indices {
            let group = root(index)
            if byRoot[group] == nil { order.append(group) }
            byRoot[group, default: []].append(index)
        }
        return order.compactMap { byRoot[$0] }
    }

    /// Weighted overlap of words, names and figures; zero when too far apart in time, and zero
    /// unless the two share at least two names (one, when either names fewer than three): the
    /// same story is about the same people, organisations and places, whatever the wording.
    func similarity(_ a: Signature, _ b: Signature) -> Double {
        if let x = a.date, let y = b.date, abs(x.timeIntervalSince(y)) > window { return 0 }
        let sharedNames = Self.sharedCount(a.names, b.names)
        let neededNames = min(a.names.count, b.names.count) < 3 ? 1 : 2
        guard sharedNames >= neededNames else { return 0 }
        let sharedWords = Self.sharedCount(a.words, b.words)
        let words =
            a.words.isEmpty || b.words.isEmpty
            ? 0 : Double(sharedWords) / Double(a.words.count + b.words.count - sharedWords)
        let names = Double(sharedNames) / Double(max(min(a.names.count, b.names.count), 3))
        let sharedNumbers = Self.sharedCount(a.numbers, b.numbers)
        let smallerNumbers = min(a.numbers.count, b.numbers.count)
        let numbers = smallerNumbers == 0 ? 0 : Double(sharedNumbers) / Double(max(smallerNumbers, 3))
        return 0.4 * words + 0.4 * names + 0.2 * numbers
    }

    /// Elements common to two sorted arrays.
    static func sharedCount(_ a: [Int32], _ b: [Int32]) -> Int {
        var i = 0
        var j = 0
        var count = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                count += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return count
    }

    /// The signature of a title and body: capitalised words not starting a sentence are names,
    /// tokens starting with a digit are figures, other words of four letters or more are words.
    /// Reads the title and the first 2,000 bytes of the text, byte by byte (bytes of non-ASCII
    /// characters count as letters).
    static func signature(
        title: String, text: String, date: Date?, feed: String, vocabulary: Vocabulary
    ) -> Signature {
        var words = Set<Int32>()
        var names = Set<Int32>()
        var numbers = Set<Int32>()
        var sentenceStart = true
        var token: [UInt8] = []
        token.reserveCapacity(32)

        func isLetter(_ byte: UInt8) -> Bool {
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte >= 0x80
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        func flush(endsSentence: Bool) {
            var endsSentence = endsSentence
            // "2028." at the end of a sentence: the full stop is not part of the figure.
            while let last = token.last, last == UInt8(ascii: ".") || last == UInt8(ascii: ",") {
                endsSentence = endsSentence || last == UInt8(ascii: ".")
                token.removeLast()
            }
            defer {
                token.removeAll(keepingCapacity: true)
                if endsSentence { sentenceStart = true }
            }
            guard let first = token.first else { return }
            let wasStart = sentenceStart
            sentenceStart = false
            if isDigit(first) {
                if token.count > 1 {
                    let digits = token.filter { isDigit($0) || $0 == UInt8(ascii: ".") }
                    numbers.insert(vocabulary.id(String(decoding: digits, as: UTF8.self)))
                }
                return
            }
            let isCapitalised: Bool
            let lower: String
            if token.allSatisfy({ $0 < 0x80 }) {
                isCapitalised = first >= 0x41 && first <= 0x5A
                lower = String(decoding: token.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
            } else {
                let text = String(decoding: token, as: UTF8.self)
                isCapitalised = text.first?.isUppercase ?? false
                lower = text.lowercased()
            }
            if stopWords.contains(lower) { return }
            if isCapitalised, !wasStart, token.count > 1 { names.insert(vocabulary.id(lower)) }
            if token.count >= 4 { words.insert(vocabulary.id(lower)) }
        }

        func read(_ bytes: some Sequence<UInt8>) {
            for byte in bytes {
                if isLetter(byte) || isDigit(byte) {
                    token.append(byte)
                } else if let last = token.last,
                    (byte == UInt8(ascii: ".") || byte == UInt8(ascii: ",")) && isDigit(last)
                        || (byte == UInt8(ascii: "-") || byte == UInt8(ascii: "'")) && isLetter(last)
                {
                    // Keep 2.4, 1,200 and hyphenated or possessive words together.
                    token.append(byte)
                } else {
                    let ends =
                        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?")
                        || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "\"")
                    flush(endsSentence: ends)
                }
            }
            flush(endsSentence: true)
        }
        read(title.utf8)
        read(text.utf8.prefix(2000))
        return Signature(
            words: words.sorted(), names: names.sorted(), numbers: numbers.sorted(), date: date, feed: feed)
    }

    /// Function words that say nothing about which story a text tells.
    static let stopWords: Set<String> = [
        "the", "and", "for", "that", "with", "this", "from", "have", "has", "had", "were", "was", "will", "would",
        "said", "says", "their", "they", "them", "there", "than", "then", "been", "being", "which", "while", "when",
        "what", "where", "who", "whom", "about", "after", "before", "into", "over", "under", "more", "most", "some",
        "such", "also", "only", "other", "could", "should", "these", "those", "its", "our", "your", "his", "her",
        "she", "him", "but", "not", "are", "can", "all", "any", "each", "many", "much", "very", "just", "last",
        "year", "years", "week", "weeks", "month", "months", "monday", "tuesday", "wednesday", "thursday", "friday",
        "saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september",
        "october", "november", "december", "mr", "mrs", "ms", "dr", "new", "first", "second", "third", "a", "an",
        "in", "on", "at", "of", "to", "by", "as", "is", "it", "he", "we", "i", "if", "or", "so", "up", "no",
    ]
}
