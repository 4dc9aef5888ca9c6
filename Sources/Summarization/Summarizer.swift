/// An extractive summarizer for news: scores sentences by named-entity and number density,
/// position and centrality, and keeps the best in document order.
public struct Summarizer: Sendable {
    public var configuration: SummarizerConfiguration

    public init(configuration: SummarizerConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Summarizes one document.
    public func summarize(_ document: Document, length: SummaryLength = .sentences(3)) -> Summary {
        Summary(sentences: [], candidates: [])
    }
}

/// Weights and switches of the summarizer, each with a documented default.
public struct SummarizerConfiguration: Sendable, Hashable {
    /// Feature weights by name; see `defaultWeights`.
    public var weights: [String: Double]

    public init(weights: [String: Double] = SummarizerConfiguration.defaultWeights) {
        self.weights = weights
    }

    public static let defaultWeights: [String: Double] = [:]
}

/// A document to summarize: an optional title and a body whose paragraphs are separated by
/// blank lines.
public struct Document: Sendable, Hashable {
    public var title: String?
    public var text: String

    public init(title: String? = nil, text: String) {
        self.title = title
        self.text = text
    }

    /// Reads plain text: a short first line without terminal punctuation, followed by a blank
    /// line, is the title.
    public init(plainText: String) {
        self.init(title: nil, text: plainText)
    }
}

/// How long a summary should be.
public enum SummaryLength: Sendable, Hashable {
    case sentences(Int)
    case words(Int)
    case ratio(Double)
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
    public var features: [Feature]

    public init(index: Int, text: String, score: Double, features: [Feature] = []) {
        self.index = index
        self.text = text
        self.score = score
        self.features = features
    }

    public struct Feature: Sendable, Hashable {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }
}
