/// Weights and switches of the summarizer, each with a documented default.
///
/// A sentence's score is the weighted sum of its features (each in 0...1, see
/// ``SummarizerWeights``); selection then adds, one at a time, the sentence whose score plus
/// the weight of the facts it adds is largest (see `Selection`). Shape parameters
/// (`position_scale`, `length_ideal`, `minimum_words`), the coverage weight and the redundancy
/// penalty live in the same table so that one `[summarizer.weights]` section configures
/// everything.
public struct SummarizerConfiguration: Sendable, Hashable {
    public var weights: SummarizerWeights

    public init(weights: SummarizerWeights = SummarizerWeights()) {
        self.weights = weights
    }

    /// Checks that every value is finite and in range.
    public func validate() throws {
        try weights.validate()
    }
}

/// The summarizer's weights by name, with their defaults.
///
/// The feature weights were fitted by `scripts/fit-summarizer-weights.py`: logistic regression
/// (L2, strength chosen by 5-fold cross-validation over documents) on labelled sentences of the
/// dev sets: the CNN Corpus's human extractive labels, and greedy-oracle labels for CNN/DailyMail
/// and BBC. The selection parameters (`coverage`, `redundancy`) were then chosen by
/// cross-validated ROUGE. README's "Summarization quality" section has the figures.
///
/// Every feature is in 0...1 (see `summarize --explain`):
/// - `entities`: entity density, the summed importance of the named entities a sentence
///   mentions per word, relative to the document's densest sentence.
/// - `numbers`: number density (digits, amounts, number words, dates per word), relative to
///   the densest sentence.
/// - `position`: the position prior `1 / (1 + p / position_scale)` for the p-th sentence.
/// - `lead`: 1 for a document's first sentence.
/// - `centrality`: cosine between the sentence's content stems and the document's, relative
///   to the most central sentence.
/// - `title`: the share of the title's content stems the sentence contains.
/// - `length`: the length prior, rising as a square root to 1 at `length_ideal` words, then
///   falling to 0 at 2.5 × `length_ideal`.
/// - `caption`: a line without final punctuation, or a caption marker such as "(pictured)".
/// - `quote`: 1 if the sentence opens with a quotation mark, 0.5 if it holds a quotation.
/// - `question`: 1 if it ends with a question mark.
/// - `first_mention`: the importance of the entities it names first in the document,
///   relative to the highest.
/// - `title_entities`: the share of the title's names the sentence states.
/// - `attribution`: 1 if it attributes (said, told, according to, announced …).
/// - `paragraph_lead`: 1 for the first sentence of a paragraph.
/// - `word_count`: its length in words / 60, at most 1.
///
/// Parameters:
/// - `position_scale`: sentences after which the position prior has halved (> 0).
/// - `length_ideal`: the sentence length the length prior likes best, in words (> 0).
/// - `coverage`: weight of the facts a sentence adds that the summary does not state yet
///   (≥ 0; see `Selection`).
/// - `redundancy`: penalty per unit of cosine similarity to a sentence already chosen (≥ 0).
/// - `minimum_words`: sentences shorter than this are never chosen, unless nothing else is
///   left (≥ 0).
public struct SummarizerWeights: Sendable, Hashable {
    public var entities = 0.1957
    public var numbers = 0.3392
    public var position = 2.537
    public var lead = -1.203
    public var centrality = 2.384
    public var title = 2.627
    public var length = -0.0722
    public var caption = 0.0496
    public var quote = -0.4353
    public var question = -0.8978
    public var firstMention = 0.0367
    public var titleEntities = -0.0012
    public var attribution = 0.1551
    public var paragraphLead = 0.1919
    public var wordCount = -1.989

    public var positionScale = 3.0
    public var lengthIdeal = 20.0
    public var coverage = 0.5
    public var redundancy = 1.25
    public var minimumWords = 5.0

    public init() {}

    /// Every name, in the documented order: the features, then the parameters.
    public static let names: [String] =
        SentenceFeature.allCases.map(\.name) + ["position_scale", "length_ideal", "coverage", "redundancy", "minimum_words"]

    /// Names of earlier releases, still accepted (with a warning) for one release.
    public static let formerNames: [String: String] = [
        "positionScale": "position_scale", "lengthIdeal": "length_ideal", "minimumWords": "minimum_words",
    ]

    /// The current name for `name`, if it is one, or a former one.
    public static func canonicalName(_ name: String) -> String? {
        if names.contains(name) { return name }
        return formerNames[name]
    }

    /// The weight called `name` (a current name), or nil if there is none.
    public subscript(name name: String) -> Double? {
        get {
            if let feature = SentenceFeature(name: name) { return self[feature] }
            switch name {
            case "position_scale": return positionScale
            case "length_ideal": return lengthIdeal
            case "coverage": return coverage
            case "redundancy": return redundancy
            case "minimum_words": return minimumWords
            default: return nil
            }
        }
        set {
            guard let newValue else { return }
            if let feature = SentenceFeature(name: name) {
                self[feature] = newValue
                return
            }
            switch name {
            case "position_scale": positionScale = newValue
            case "length_ideal": lengthIdeal = newValue
            case "coverage": coverage = newValue
            case "redundancy": redundancy = newValue
            case "minimum_words": minimumWords = newValue
            default: break
            }
        }
    }

    /// The weight of one feature.
    subscript(feature: SentenceFeature) -> Double {
        get {
            switch feature {
            case .entities: entities
            case .numbers: numbers
            case .position: position
            case .lead: lead
            case .centrality: centrality
            case .title: title
            case .length: length
            case .caption: caption
            case .quote: quote
            case .question: question
            case .firstMention: firstMention
            case .titleEntities: titleEntities
            case .attribution: attribution
            case .paragraphLead: paragraphLead
            case .wordCount: wordCount
            }
        }
        set {
            switch feature {
            case .entities: entities = newValue
            case .numbers: numbers = newValue
            case .position: position = newValue
            case .lead: lead = newValue
            case .centrality: centrality = newValue
            case .title: title = newValue
            case .length: length = newValue
            case .caption: caption = newValue
            case .quote: quote = newValue
            case .question: question = newValue
            case .firstMention: firstMention = newValue
            case .titleEntities: titleEntities = newValue
            case .attribution: attribution = newValue
            case .paragraphLead: paragraphLead = newValue
            case .wordCount: wordCount = newValue
            }
        }
    }

    /// An invalid weight, naming it.
    public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var reason: String
        public var description: String { "summarization: weight '\(name)' \(reason)" }
    }

    /// Checks that every value is finite and in range.
    public func validate() throws {
        for name in Self.names {
            let value = self[name: name] ?? 0
            guard value.isFinite else { throw ValidationError(name: name, reason: "must be a finite number") }
            switch name {
            case "position_scale", "length_ideal":
                if value <= 0 { throw ValidationError(name: name, reason: "must be greater than 0") }
            case "coverage", "redundancy", "minimum_words":
                if value < 0 { throw ValidationError(name: name, reason: "must not be negative") }
            default:
                break
            }
        }
    }
}
