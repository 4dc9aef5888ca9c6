/// Chooses sentences by Maximal Marginal Relevance (Carbonell & Goldstein, "The use of MMR,
/// diversity-based reranking for reordering documents and producing summaries", SIGIR 1998):
/// repeatedly take the sentence whose score minus `redundancy` × (its highest similarity to
/// a sentence already taken) is largest, until the length budget is spent. Sentences that
/// nearly repeat a chosen one (similarity ≥ `duplicateThreshold`) are skipped. The result is
/// in document order; sentences are never cut.
struct Selection {
    var scores: [Double]
    var words: [Int]
    /// Sentences that may be chosen.
    var eligible: [Bool]
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
        }
        var chosen: [Int] = []
        var taken = [Bool](repeating: false, count: n)
        var maxSimilarity = [Double](repeating: 0, count: n)
        var usedWords = 0
        while chosen.count < maxSentences {
            var best = -1
            var bestValue = -Double.infinity
            for s in 0..<n where eligible[s] && !taken[s] {
                if usedWords + words[s] > maxWords { continue }
                if maxSimilarity[s] >= duplicateThreshold { continue }
                let value = scores[s] - redundancy * maxSimilarity[s]
                if value > bestValue {
                    bestValue = value
                    best = s
                }
            }
            guard best >= 0 else { break }
            taken[best] = true
            chosen.append(best)
            usedWords += words[best]
            for s in 0..<n where eligible[s] && !taken[s] {
                let sim = similarity(s, best)
                if sim > maxSimilarity[s] { maxSimilarity[s] = sim }
            }
        }
        return chosen.sorted()
    }
}
