import Foundation

/// Groups items that tell the same story, across feeds.
///
/// Two items are the same story when their texts are near-duplicates or when they share enough
/// rare names and figures, and were published within `window` of each other. Each item is
/// compared only with items sharing at least one of its rarer signature terms (an inverted
/// index), so grouping stays near-linear in the number of items.
struct StoryGrouping {
    /// Similarity at or above which two items are one story.
    var threshold = 0.32
    /// Items further apart in time than this are never grouped.
    var window: TimeInterval = 72 * 3600
    /// Terms found in more items than this are too common to find candidates with.
    var maxPostings = 60

    /// The terms an item is compared by.
    struct Signature {
        var words: Set<String>
        var names: Set<String>
        var numbers: Set<String>
        var date: Date?
        var feed: String
    }

    /// Groups of indices into `signatures`; each group in input order, groups by first member.
    func groups(_ signatures: [Signature]) -> [[Int]] {
        var postings: [String: [Int]] = [:]
        for (index, signature) in signatures.enumerated() {
            for term in signature.names.union(signature.numbers) { postings[term, default: []].append(index) }
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
        // Feeds already in each group: one item per feed per story.
        var feeds: [Int: Set<String>] = Dictionary(
            uniqueKeysWithValues: signatures.enumerated().map { ($0.offset, [$0.element.feed]) })
        for (index, signature) in signatures.enumerated() {
            var candidates = Set<Int>()
            for term in signature.names.union(signature.numbers) {
                guard let list = postings[term], list.count <= maxPostings else { continue }
                for other in list where other > index { candidates.insert(other) }
            }
            for other in candidates.sorted() {
                let a = root(index)
                let b = root(other)
                guard a != b, feeds[a, default: []].isDisjoint(with: feeds[b, default: []]) else { continue }
                guard similarity(signature, signatures[other]) >= threshold else { continue }
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

    /// Weighted overlap of words, names and figures; zero when too far apart in time.
    func similarity(_ a: Signature, _ b: Signature) -> Double {
        if let x = a.date, let y = b.date, abs(x.timeIntervalSince(y)) > window { return 0 }
        let words = Self.jaccard(a.words, b.words)
        let names = Self.overlap(a.names, b.names)
        let numbers = Self.overlap(a.numbers, b.numbers)
        return 0.4 * words + 0.4 * names + 0.2 * numbers
    }

    static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(a.count + b.count - shared)
    }

    /// Shared terms over the smaller set, damped for tiny sets.
    static func overlap(_ a: Set<String>, _ b: Set<String>) -> Double {
        let smaller = min(a.count, b.count)
        guard smaller > 0 else { return 0 }
        let shared = a.intersection(b).count
        return Double(shared) / Double(max(smaller, 3))
    }

    /// The signature of a title and body.
    static func signature(title: String, text: String, date: Date?, feed: String) -> Signature {
        var words = Set<String>()
        var names = Set<String>()
        var numbers = Set<String>()
        let sample = title + ". " + String(text.prefix(3000))
        var previousEndsSentence = true
        for raw in sample.split(whereSeparator: { $0.isWhitespace }) {
            let token = raw.trimmingCharacters(in: .punctuationCharacters.union(.symbols))
            defer { previousEndsSentence = raw.last.map { ".!?:\"”".contains($0) } ?? false }
            guard !token.isEmpty else { continue }
            if token.first?.isNumber == true {
                let digits = token.filter { $0.isNumber || $0 == "." }
                if digits.count >= 2 || (digits.count == 1 && token.count > 1) { numbers.insert(digits) }
                continue
            }
            let lower = token.lowercased()
            if token.first?.isUppercase == true, !previousEndsSentence, !stopWords.contains(lower), token.count > 1 {
                names.insert(lower)
            }
            if lower.count >= 4, !stopWords.contains(lower) { words.insert(lower) }
        }
        return Signature(words: words, names: names, numbers: numbers, date: date, feed: feed)
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
        "october", "november", "december", "mr", "mrs", "ms", "dr", "new", "first", "second", "third",
    ]
}
