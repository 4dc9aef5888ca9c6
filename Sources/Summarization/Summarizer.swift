/// An extractive summarizer for news: scores sentences by named-entity and number density,
/// position, centrality, title overlap and length, and keeps the best in document order,
/// avoiding repetition (MMR).
///
/// ```swift
/// let summary = Summarizer().summarize(Document(plainText: text), length: .sentences(3))
/// print(summary.sentences.map(\.text).joined(separator: " "))
/// ```
public struct Summarizer: Sendable {
    public var configuration: SummarizerConfiguration
    /// Stems of words met before, shared by copies of this summarizer.
    private let stemCache = StemCache()

    public init(configuration: SummarizerConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Summarizes one document. A sentence that nearly repeats a chosen one (cosine ≥ 0.7
    /// of content stems, as a caption repeating the lead) is never added.
    public func summarize(_ document: Document, length: SummaryLength = .sentences(3)) -> Summary {
        summarize(Analysis(documents: [document], stemCache: stemCache), length: length, duplicateThreshold: 0.7)
    }

    /// Summarizes several articles on one story: sentences are pooled (each keeps its
    /// position in its own article), entities count across all articles, and a sentence
    /// that repeats a chosen one is never added: one whose content stems are similar
    /// (cosine ≥ 0.5), or one that states two or more of the same figures (the same fact told
    /// in other words by another source). `index` numbers the sentences of all documents in
    /// order; the chosen sentences are in that order.
    public func summarize(_ documents: [Document], length: SummaryLength = .sentences(3)) -> Summary {
        summarize(
            Analysis(documents: documents, stemCache: stemCache), length: length, duplicateThreshold: 0.5,
            sharedFiguresRepeat: true)
    }

    /// The text of the sentences `summarize(_:length:)` chooses, in document order, without
    /// the candidates and their features: what a batch run writes.
    public func sentenceTexts(_ document: Document, length: SummaryLength = .sentences(3)) -> [String] {
        let analysis = Analysis(documents: [document], stemCache: stemCache)
        guard analysis.sentenceCount > 0 else { return [] }
        let scorer = SentenceScorer(analysis, configuration: configuration)
        return choose(analysis, scorer, length: length, duplicateThreshold: 0.7).map(analysis.text(of:))
    }

    private func summarize(
        _ analysis: Analysis, length: SummaryLength, duplicateThreshold: Double, sharedFiguresRepeat: Bool = false
    ) -> Summary {
        let n = analysis.sentenceCount
        guard n > 0 else { return Summary(sentences: [], candidates: []) }
        let scorer = SentenceScorer(analysis, configuration: configuration)
        let chosen = choose(
            analysis, scorer, length: length, duplicateThreshold: duplicateThreshold,
            sharedFiguresRepeat: sharedFiguresRepeat)

        var candidates: [ScoredSentence] = []
        candidates.reserveCapacity(n)
        for s in 0..<n {
            var features: [ScoredSentence.FeatureValue] = []
            features.reserveCapacity(SentenceFeature.allCases.count + 1)
            for f in SentenceFeature.allCases { features.append(.init(name: f.name, value: scorer.value(s, f))) }
            features.append(.init(name: "words", value: Double(scorer.words[s])))
            if scorer.boilerplate[s] { features.append(.init(name: "boilerplate", value: 1)) }
            candidates.append(
                ScoredSentence(
                    index: s, text: analysis.text(of: s), score: scorer.scores[s], features: features))
        }
        return Summary(sentences: chosen.map { candidates[$0] }, candidates: candidates)
    }

    /// The chosen sentences of a non-empty analysis, in document order.
    private func choose(
        _ analysis: Analysis, _ scorer: SentenceScorer, length: SummaryLength, duplicateThreshold: Double,
        sharedFiguresRepeat: Bool = false
    ) -> [Int] {
        let n = analysis.sentenceCount
        let weights = configuration.weights
        let minimumWords = Int(weights.minimumWords.rounded())
        var eligible = (0..<n).map { !scorer.boilerplate[$0] && scorer.words[$0] >= minimumWords }
        if !eligible.contains(true) {
            eligible = (0..<n).map { !scorer.boilerplate[$0] && scorer.words[$0] > 0 }
        }
        let selection = Selection(
            scores: scorer.scores, words: scorer.words, eligible: eligible,
            facts: weights.coverage > 0 ? SentenceFacts(analysis) : SentenceFacts(empty: n),
            coverage: weights.coverage, redundancy: weights.redundancy, duplicateThreshold: duplicateThreshold)
        let vectors = scorer.vectors
        let figures = sharedFiguresRepeat ? analysis.figuresBySentence() : []
        return selection.select(length) { a, b in
            let similarity = vectors.similarity(a, b)
            guard sharedFiguresRepeat, Analysis.sharedCount(figures[a], figures[b]) >= 2 else { return similarity }
            return max(similarity, 1)
        }
    }
}

/// How long a summary should be.
public enum SummaryLength: Sendable, Hashable {
    case sentences(Int)
    /// At most this many words, whole sentences only (and at least one sentence).
    case words(Int)
    case ratio(Double)
    /// At most this many sentences and at most this many words (at least one sentence).
    case sentencesAndWords(sentences: Int, words: Int)
}

/// The chosen sentences, in document order, and every candidate with its score.
public struct Summary: Sendable, Hashable {
    public var sentences: [ScoredSentence]
    public var candidates: [ScoredSentence]

    public init(sentences: [ScoredSentence], candidates: [ScoredSentence]) {
        self.sentences = sentences
        self.candidates = candidates
    }
}

/// A sentence of the document with its score and the features that made it.
public struct ScoredSentence: Sendable, Hashable {
    /// The sentence's position in the document (0-based).
    public var index: Int
    public var text: String
    public var score: Double
    /// Feature name and value, in a stable order, for `--explain`.
    public var features: [FeatureValue]

    public init(index: Int, text: String, score: Double, features: [FeatureValue] = []) {
        self.index = index
        self.text = text
        self.score = score
        self.features = features
    }

    /// One feature of a sentence: its name (as in ``SummarizerConfiguration/weights``, or
    /// `words` and `boilerplate`) and its value, mostly in 0...1.
    public struct FeatureValue: Sendable, Hashable {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }
}
