/// The facts each sentence states, for coverage-based selection: named entities, figures,
/// title words and content bigrams that recur in the document, each with a weight.
///
/// A fact is keyed so that the same fact told in several sentences (or by several documents
/// of one story) has one key, and counts once in a summary.
struct SentenceFacts {
    /// `keys[ranges[s]]` and `weights[ranges[s]]` are sentence `s`'s distinct facts.
    var keys: [UInt64] = []
    var weights: [Double] = []
    var ranges: [Range<Int>] = []

    private static let entityTag: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let figureTag: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let titleTag: UInt64 = 0x1656_67B1_9E37_79F9
    private static let bigramTag: UInt64 = 0x27D4_EB2F_1656_67C5

    /// No facts for any of `n` sentences.
    init(empty n: Int) {
        ranges = [Range<Int>](repeating: 0..<0, count: n)
    }

    init(_ a: Analysis) {
        let n = a.sentenceCount
        // How many sentences hold each figure and each content bigram. Each sentence's distinct
        // facts go to one flat list (`factKeys`/`factKinds`, a range per sentence); a fact is
        // distinct in its sentence when the last sentence it was met in is another, so no
        // sentence allocates a list or a set of its own.
        var figureCount = HashMap<Int>(capacity: 64, empty: 0)
        var bigramCount = HashMap<Int>(capacity: a.tokens.count, empty: 0)
        var lastSentence = HashMap<Int>(capacity: a.tokens.count, empty: -1)
        var factKeys: [UInt64] = []  // kind: 0 figure, 1 bigram, 2 title
        var factKinds: [UInt8] = []
        var factRanges: [Range<Int>] = []
        factKeys.reserveCapacity(a.tokens.count)
        factKinds.reserveCapacity(a.tokens.count)
        factRanges.reserveCapacity(n)
        for (s, range) in a.tokenRanges.enumerated() {
            let first = factKeys.count
            func add(_ key: UInt64, _ kind: UInt8) {
                var isNew = false
                lastSentence.update(key, initial: -1) { last in
                    if last != s {
                        last = s
                        isNew = true
                    }
                }
                guard isNew else { return }
                factKeys.append(key)
                factKinds.append(kind)
                if kind == 0 { figureCount.update(key, initial: 0) { $0 += 1 } }
                if kind == 1 { bigramCount.update(key, initial: 0) { $0 += 1 } }
            }
            var previous: UInt64? = nil
            for k in range {
                let t = a.tokens[k]
                if let key = Numbers.factKey(of: t) { add(key ^ Self.figureTag, 0) }
                let content = (t.flags.contains(.word) || t.flags.contains(.digits)) && !t.lex.contains(.stop)
                if content {
                    if a.titleStems.contains(t.stem) { add(t.stem ^ Self.titleTag, 2) }
                    if let p = previous { add((p &* 31) ^ t.stem ^ Self.bigramTag, 1) }
                    previous = t.flags.contains(.breakAfter) ? nil : t.stem
                } else if t.flags.contains(.breakAfter) || t.flags.contains(.word) {
                    previous = nil
                }
            }
            factRanges.append(first..<factKeys.count)
        }
        // Mentions come in sentence order, so an entity's last sentence tells a repeat.
        let mentions = a.entities.mentions
        var mention = 0
        var entityLastSentence = [Int](repeating: -1, count: a.entities.entities.count)
        let titleCount = Double(max(a.titleStems.count, 1))
        ranges.reserveCapacity(n)
        for s in 0..<n {
            let first = keys.count
            while mention < mentions.count, mentions[mention].sentence == s {
                let e = mentions[mention].entity
                mention += 1
                guard entityLastSentence[e] != s else { continue }
                entityLastSentence[e] = s
                keys.append(UInt64(e) ^ Self.entityTag)
                weights.append(a.entities.entities[e].weight)
            }
            for f in factRanges[s] {
                let key = factKeys[f]
                switch factKinds[f] {
                case 0:
                    keys.append(key)
                    weights.append((figureCount[key] ?? 1) > 1 ? 1 : 0.5)
                case 1:
                    let count = bigramCount[key] ?? 1
                    guard count > 1 else { continue }
                    keys.append(key)
                    weights.append(min(1, 0.25 * Double(count - 1)))
                default:
                    keys.append(key)
                    weights.append(1 / titleCount)
                }
            }
            ranges.append(first..<keys.count)
        }
    }
}

/// Chooses sentences greedily by the gain of a monotone submodular objective, as in Lin &
/// Bilmes, "A class of submodular functions for document summarization" (ACL 2011), with the
/// concepts of Gillick & Favre, "A scalable global model for summarization" (ILP workshop,
/// NAACL 2009) as the things to cover: repeatedly take the sentence with the largest
///
///     score + coverage × (weight of the facts it adds that the summary does not yet state,
///                         relative to the most any sentence states)
///             − redundancy × (its highest similarity to a sentence already taken)
///
/// until the length budget is spent (the redundancy term is Carbonell & Goldstein's MMR,
/// SIGIR 1998). Sentences that nearly repeat a chosen one (similarity ≥
/// `duplicateThreshold`) are skipped. Under a word budget, a sentence that does not fit is
/// skipped, but a summary is never empty while a sentence is eligible. The result is in
/// document order; sentences are never cut.
struct Selection {
    var scores: [Double]
    var words: [Int]
    /// Sentences that may be chosen.
    var eligible: [Bool]
    var facts: SentenceFacts
    var coverage: Double
    var redundancy: Double
    var duplicateThreshold: Double

    func select(_ length: SummaryLength, similarity: (Int, Int) -> Double) -> [Int] {
        let n = scores.count
        let available = eligible.lazy.filter { $0 }.count
        var maxSentences = Int.max
        var maxWords = Int.max
        switch length {
        case .sentences(let k): maxSentences = max(0, k)
        case .words(let w): maxWords = max(0, w)
        case .ratio(let r):
            maxSentences = max(1, Int((max(0, min(1, r)) * Double(available)).rounded()))
        case .sentencesAndWords(let k, let w):
            maxSentences = max(0, k)
            maxWords = max(0, w)
        }
        var chosen: [Int] = []
        var taken = [Bool](repeating: false, count: n)
        var maxSimilarity = [Double](repeating: 0, count: n)
        var covered = HashSet(capacity: 64)
        var maxGain = 0.0
        if coverage > 0 {
            for s in 0..<n where eligible[s] { maxGain = max(maxGain, gain(s, covered)) }
        }
        let scale = maxGain > 0 ? coverage / maxGain : 0
        var usedWords = 0
        while chosen.count < maxSentences {
            var best = -1
            var bestValue = -Double.infinity
            for s in 0..<n where eligible[s] && !taken[s] {
                if usedWords + words[s] > maxWords && !(chosen.isEmpty && maxWords > 0) { continue }
                if maxSimilarity[s] >= duplicateThreshold { continue }
                var value = scores[s] - redundancy * maxSimilarity[s]
                if scale > 0 { value += scale * gain(s, covered) }
                // Under a word budget, a first sentence that does not fit competes only with
                // the others that do not either: any sentence that fits wins.
                if usedWords + words[s] > maxWords { value -= 1e9 }
                if value > bestValue {
                    bestValue = value
                    best = s
                }
            }
            guard best >= 0 else { break }
            taken[best] = true
            chosen.append(best)
            usedWords += words[best]
            for k in facts.ranges[best] { covered.insert(facts.keys[k]) }
            if usedWords >= maxWords { break }
            for s in 0..<n where eligible[s] && !taken[s] {
                let sim = similarity(s, best)
                if sim > maxSimilarity[s] { maxSimilarity[s] = sim }
            }
        }
        return chosen.sorted()
    }

    /// The weight of sentence `s`'s facts not in `covered`.
    private func gain(_ s: Int, _ covered: HashSet) -> Double {
        var g = 0.0
        for k in facts.ranges[s] where !covered.contains(facts.keys[k]) { g += facts.weights[k] }
        return g
    }
}
