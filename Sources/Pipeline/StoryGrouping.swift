import Foundation
import Summarization

/// Groups items that tell the same story, across feeds.
///
/// Two items are the same story when they were published within `window` of each other and
/// either carry near-verbatim text (wire copy, whatever it names), or share names (people,
/// organisations, places) and, beyond that, enough words and figures. Items are read as
/// Summarization reads them (``TextProfile``).
///
/// Each item is compared only with candidates, so grouping stays near-linear in the number of
/// items: items sharing at least two of its rarer names and figures (an inverted index), and
/// items sharing one of its min-hashes (Broder 1997), at most `representatives` a bucket. Groups
/// merge only when their first items are alike too, so that a chain of pairwise-similar items
/// cannot drift into one giant story. A group never holds two items of one feed.
struct StoryGrouping {
    /// Similarity at or above which two items are one story.
    var threshold = 0.32
    /// Items further apart in time than this are never grouped.
    var window: TimeInterval = 72 * 3600
    /// Terms found in more items than this are too common to find candidates with.
    var maxPostings = 60
    /// Share of the smaller shingle set found in the other at or above which two texts are
    /// near-verbatim: Broder's containment. Broder et al. (1997) clustered the web at 50%
    /// resemblance; containment keeps that bar when one outlet adds or drops a paragraph.
    var containment = 0.5
    /// Texts with fewer shingles than this (about ten content words) are too short to call
    /// near-verbatim: a shared phrase is not a shared text.
    var minimumShingles = 8
    /// Min-hashes per item: each is shared by two texts with probability their resemblance r
    /// (Broder 1997), so near-verbatim texts share many.
    var minHashes = 16
    /// Min-hashes two items must share to be compared for near-verbatim text: one alone is
    /// often a stock phrase. Resemblance 0.35 gives two or more of 16 with probability 0.99,
    /// 0.5 with 0.9997.
    var minimumSharedHashes = 2
    /// Items kept per min-hash bucket to compare newcomers with: those not joined to an earlier one.
    var representatives = 8

    /// One item to group: its profile, date and feed.
    struct Item {
        var profile: TextProfile
        var date: Date?
        var feed: String
    }

    /// Groups of indices into `items`; each group in input order, groups by first member.
    func groups(_ items: [Item]) -> [[Int]] {
        var postings: [UInt64: [Int32]] = [:]
        for (index, item) in items.enumerated() {
            for term in item.profile.names { postings[term, default: []].append(Int32(index)) }
            for term in item.profile.figures { postings[~term, default: []].append(Int32(index)) }
        }
        var parent = Array(items.indices)
        func root(_ index: Int) -> Int {
            var node = index
            while parent[node] != node {
                parent[node] = parent[parent[node]]
                node = parent[node]
            }
            return node
        }
        var feeds: [Int: Set<String>] = [:]
        for (index, item) in items.enumerated() { feeds[index] = [item.feed] }
        /// Joins the groups of `index` and `other` if the items are alike (near-verbatim, when
        /// `verbatim`: a shared min-hash says nothing about names); true if they are one now.
        func consider(_ index: Int, _ other: Int, verbatim: Bool) -> Bool {
            let a = root(index)
            let b = root(other)
            guard a != b else { return true }
            guard feeds[a, default: []].isDisjoint(with: feeds[b, default: []]) else { return false }
            if verbatim {
                guard isNearVerbatim(items[index], items[other]) else { return false }
            } else {
                guard similarity(items[index], items[other]) >= threshold else { return false }
            }
            if a != index || b != other {
                guard similarity(items[a], items[b]) >= threshold * 0.8 else { return false }
            }
            let (keep, merge) = a < b ? (a, b) : (b, a)
            parent[merge] = keep
            feeds[keep, default: []].formUnion(feeds[merge] ?? [])
            feeds[merge] = nil
            return true
        }

        var buckets: [UInt64: [Int32]] = [:]
        var sketch: [UInt64] = []
        var shared: [Int32: Int] = [:]
        var votes: [Int32: Int] = [:]
        for (index, item) in items.enumerated() {
            // Near-verbatim candidates: earlier items sharing two or more min-hashes (texts of
            // resemblance r share 16r on average), each checked once, most shared first.
            if item.profile.shingles.count >= minimumShingles {
                minHashes(item.profile.shingles, into: &sketch)
                votes.removeAll(keepingCapacity: true)
                for key in sketch {
                    for other in buckets[key] ?? [] { votes[other, default: 0] += 1 }
                }
                let ranked = votes.filter { $0.value >= minimumSharedHashes }.sorted {
                    $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key
                }
                var joined = false
                for (other, _) in ranked where consider(index, Int(other), verbatim: true) {
                    joined = true
                    break
                }
                if !joined {
                    for key in sketch where buckets[key, default: []].count < representatives {
                        buckets[key, default: []].append(Int32(index))
                    }
                }
            }
            // Candidates sharing two rarer names or figures.
            shared.removeAll(keepingCapacity: true)
            for key in item.profile.names + item.profile.figures.map({ ~$0 }) {
                guard let list = postings[key], list.count <= maxPostings else { continue }
                for other in list where Int(other) > index { shared[other, default: 0] += 1 }
            }
            for (other, count) in shared.sorted(by: { $0.key < $1.key }) where count >= 2 {
                _ = consider(index, Int(other), verbatim: false)
            }
        }
        var byRoot: [Int: [Int]] = [:]
        var order: [Int] = []
        for index in items.indices {
            let group = root(index)
            if byRoot[group] == nil { order.append(group) }
            byRoot[group, default: []].append(index)
        }
        return order.compactMap { byRoot[$0] }
    }

    /// The `minHashes` minima of the shingles under as many hash functions, each tagged with
    /// the function's number so that buckets of different functions never meet.
    private func minHashes(_ shingles: [UInt64], into sketch: inout [UInt64]) {
        sketch.removeAll(keepingCapacity: true)
        for function in 0..<minHashes {
            let seed = TextProfile.mix(UInt64(function) &+ 0x5EED)
            var minimum = UInt64.max
            for shingle in shingles { minimum = min(minimum, TextProfile.mix(shingle ^ seed)) }
            sketch.append((minimum >> 8) << 8 | UInt64(function))
        }
    }

    /// 1 for near-verbatim texts; else a weighted overlap of words, names and figures, zero
    /// unless the two share at least two names (one, when either names fewer than three): the
    /// same story is about the same people, organisations and places, whatever the wording.
    /// Zero when too far apart in time.
    func similarity(_ x: Item, _ y: Item) -> Double {
        if let p = x.date, let q = y.date, abs(p.timeIntervalSince(q)) > window { return 0 }
        let a = x.profile
        let b = y.profile
        if Self.isNearVerbatim(a, b, containment: containment, minimumShingles: minimumShingles) { return 1 }
        let sharedNames = TextProfile.sharedCount(a.names, b.names)
        let neededNames = min(a.names.count, b.names.count) < 3 ? 1 : 2
        guard sharedNames >= neededNames else { return 0 }
        let sharedWords = TextProfile.sharedCount(a.words, b.words)
        let words =
            a.words.isEmpty || b.words.isEmpty
            ? 0 : Double(sharedWords) / Double(a.words.count + b.words.count - sharedWords)
        let names = Double(sharedNames) / Double(max(min(a.names.count, b.names.count), 3))
        let sharedNumbers = TextProfile.sharedCount(a.figures, b.figures)
        let smallerNumbers = min(a.figures.count, b.figures.count)
        let numbers = smallerNumbers == 0 ? 0 : Double(sharedNumbers) / Double(max(smallerNumbers, 3))
        return 0.4 * words + 0.4 * names + 0.2 * numbers
    }

    /// Whether two items are within `window` of each other and near-verbatim.
    func isNearVerbatim(_ x: Item, _ y: Item) -> Bool {
        if let p = x.date, let q = y.date, abs(p.timeIntervalSince(q)) > window { return false }
        return Self.isNearVerbatim(x.profile, y.profile, containment: containment, minimumShingles: minimumShingles)
    }

    /// Whether the smaller shingle set of the two is at least `containment` inside the other.
    static func isNearVerbatim(_ a: TextProfile, _ b: TextProfile, containment: Double, minimumShingles: Int) -> Bool {
        let smaller = min(a.shingles.count, b.shingles.count)
        guard smaller >= minimumShingles else { return false }
        return Double(TextProfile.sharedCount(a.shingles, b.shingles)) >= containment * Double(smaller)
    }
}
