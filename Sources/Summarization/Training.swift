/// Labelled sentences for fitting the weights (`briefing eval --features FILE`, read by
/// `scripts/fit-summarizer-weights.py`).
///
/// Each record becomes one ``Example``: every sentence's feature values in ``SentenceFeature``
/// order (the values the scorer weighs) and its label, 1 for a sentence that belongs in the
/// summary.
///
/// Labels come from the record's human extractive labels when it has them
/// (`gold_sentence_ids`, 1-based, counted by the corpus's own sentence splitter: each is
/// matched to the sentence of ours within three places of it that best matches one of the
/// highlights, by ROUGE-1 + ROUGE-2 F1 less 0.25 per place away, each sentence once), else from the greedy oracle: sentences added one at a time while
/// they raise ROUGE-1 + ROUGE-2 F1 of the selection, at most as many as the reference has lines
/// (and at least 3).
public enum TrainingData {
    /// The feature names, in the order of each line's `features`.
    public static var featureNames: [String] { SentenceFeature.allCases.map(\.name) }

    /// One record's sentences, features and labels.
    public struct Example: Sendable {
        public var id: String
        /// `features[s]` are sentence `s`'s values, in ``TrainingData/featureNames`` order.
        public var features: [[Double]]
        public var words: [Int]
        /// Sentences the summarizer may choose (not boilerplate, long enough).
        public var eligible: [Bool]
        public var labels: [Int]
        /// Each sentence alone as the summary: its ROUGE-1 + ROUGE-2 F1 against the reference
        /// (a graded label).
        public var gains: [Double]
        /// Whether the labels are human ones (`gold_sentence_ids`) rather than the oracle's.
        public var gold: Bool
    }

    /// The example for `record`.
    public static func example(_ record: EvaluationRecord, summarizer: Summarizer) -> Example {
        let summary = summarizer.summarize(Document(title: record.title, text: record.text), length: .sentences(1))
        let candidates = summary.candidates
        let texts = candidates.map(\.text)
        var labels = [Int](repeating: 0, count: texts.count)
        let gold = record.goldSentenceIDs.map { !$0.isEmpty } ?? false
        if gold, let ids = record.goldSentenceIDs {
            for s in goldSentences(ids, texts: texts, reference: record.summary) { labels[s] = 1 }
        } else {
            let limit = max(3, record.summary.split(separator: "\n").count)
            for s in oracle(texts: texts, reference: record.summary, limit: limit) { labels[s] = 1 }
        }
        let count = SentenceFeature.allCases.count
        let minimum = summarizer.configuration.weights.minimumWords.rounded()
        let gains = texts.map { text -> Double in
            let r = ROUGE.score(reference: record.summary, candidate: text)
            return r.rouge1.f1 + r.rouge2.f1
        }
        var example = Example(
            id: record.id, features: [], words: [], eligible: [], labels: labels, gains: gains, gold: gold)
        for c in candidates {
            example.features.append(c.features.prefix(count).map(\.value))
            let w = c.features.first { $0.name == "words" }?.value ?? 0
            example.words.append(Int(w))
            example.eligible.append(!c.features.contains { $0.name == "boilerplate" } && w >= minimum)
        }
        return example
    }

    /// Our sentences matching human labels counted by another splitter.
    static func goldSentences(_ ids: [Int], texts: [String], reference: String) -> [Int] {
        var chosen: [Int] = []
        let highlights = reference.split(separator: "\n")
        for id in ids {
            let center = id - 1
            var best = -1
            var bestValue = -1.0
            let low = max(0, center - 3)
            let high = min(texts.count - 1, center + 3)
            guard low <= high else { continue }
            for s in low...high where !chosen.contains(s) {
                var match = 0.0
                for highlight in highlights {
                    let r = ROUGE.score(reference: String(highlight), candidate: texts[s])
                    match = max(match, r.rouge1.f1 + r.rouge2.f1)
                }
                let value = match - 0.25 * Double(abs(s - center))
                if value > bestValue {
                    bestValue = value
                    best = s
                }
            }
            if best >= 0, !chosen.contains(best) { chosen.append(best) }
        }
        return chosen
    }

    /// The greedy extractive oracle.
    static func oracle(texts: [String], reference: String, limit: Int) -> [Int] {
        var chosen: [Int] = []
        var current = 0.0
        while chosen.count < limit {
            var best = -1
            var bestValue = current
            for s in texts.indices where !chosen.contains(s) {
                let candidate = (chosen + [s]).sorted().map { texts[$0] }.joined(separator: "\n")
                let r = ROUGE.score(reference: reference, candidate: candidate)
                let value = r.rouge1.f1 + r.rouge2.f1
                if value > bestValue {
                    bestValue = value
                    best = s
                }
            }
            guard best >= 0 else { break }
            chosen.append(best)
            current = bestValue
        }
        return chosen.sorted()
    }
}
