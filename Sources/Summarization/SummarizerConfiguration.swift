/// Weights and switches of the summarizer, each with a documented default.
///
/// A sentence's score is the weighted sum of its features (each in 0...1, see
/// ``Feature``); selection then trades score against redundancy (MMR). Shape parameters
/// (`positionScale`, `lengthIdeal`, `minimumWords`) and the redundancy penalty live in the
/// same table so that one `[summarizer.weights]` section configures everything.
public struct SummarizerConfiguration: Sendable, Hashable {
    /// Feature weights and parameters by name; see ``defaultWeights``. Missing names take
    /// their default.
    public var weights: [String: Double]

    public init(weights: [String: Double] = SummarizerConfiguration.defaultWeights) {
        self.weights = weights
    }

    /// The defaults, fitted on the dev sets by `scripts/fit-summarizer-weights.py` (coordinate
    /// search; entity and number density kept at a floor weight, see the script):
    ///
    /// - `entities` (0.34): weight of entity density, the summed importance of the named
    ///   entities a sentence mentions per word, relative to the document's densest sentence.
    /// - `numbers` (0.15): weight of number density (digits, amounts, number words, dates per
    ///   word), relative to the densest sentence.
    /// - `position` (1.875): weight of the position prior `1 / (1 + p / positionScale)` for the
    ///   p-th sentence (0-based) of its document.
    /// - `positionScale` (3): sentences after which the position prior has halved; larger is
    ///   flatter. Must be > 0.
    /// - `lead` (0.56): bonus for the first sentence of a document.
    /// - `centrality` (1.25): weight of the cosine similarity between the sentence's content
    ///   stems and the whole document's, relative to the most central sentence.
    /// - `title` (2.5): weight of the share of title words (stemmed) the sentence repeats.
    /// - `length` (0.7): weight of the length prior: rises as a square root to 1 at `lengthIdeal`
    ///   words, then falls to 0 at 2.5 × `lengthIdeal`.
    /// - `lengthIdeal` (20): the sentence length, in words, the length prior likes best.
    ///   Must be > 0.
    /// - `caption` (-1.7): weight of the caption signal (a line without final punctuation,
    ///   or a marker such as "(pictured)"); negative penalizes.
    /// - `quote` (-0.29): weight of the quotation signal (1 if the sentence opens with a
    ///   quotation mark, 0.5 if it holds a quotation).
    /// - `question` (0): weight of "ends with a question mark" (fitted to 0 on the dev sets;
    ///   still shown by `--explain`).
    /// - `redundancy` (0.625): MMR penalty per unit of cosine similarity to a sentence
    ///   already chosen (Carbonell & Goldstein 1998). Must be >= 0.
    /// - `minimumWords` (5): sentences shorter than this are never chosen (unless nothing
    ///   else is left). Must be >= 0.
    public static let defaultWeights: [String: Double] = [
        "entities": 0.34,
        "numbers": 0.15,
        "position": 1.875,
        "positionScale": 3,
        "lead": 0.56,
        "centrality": 1.25,
        "title": 2.5,
        "length": 0.7,
        "lengthIdeal": 20,
        "caption": -1.7,
        "quote": -0.29,
        "question": 0,
        "redundancy": 0.625,
        "minimumWords": 5,
    ]

    /// An invalid weight table, naming the offending entry.
    public struct ValidationError: Error, Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var reason: String
        public var description: String { "summarization: weight '\(name)' \(reason)" }
    }

    /// Checks that every name is known and every value is finite and in range.
    public func validate() throws {
        for (name, value) in weights.sorted(by: { $0.key < $1.key }) {
            guard Self.defaultWeights[name] != nil else {
                let known = Self.defaultWeights.keys.sorted().joined(separator: ", ")
                throw ValidationError(name: name, reason: "is unknown (known: \(known))")
            }
            guard value.isFinite else {
                throw ValidationError(name: name, reason: "must be a finite number")
            }
            switch name {
            case "positionScale", "lengthIdeal":
                if value <= 0 { throw ValidationError(name: name, reason: "must be greater than 0") }
            case "redundancy", "minimumWords":
                if value < 0 { throw ValidationError(name: name, reason: "must not be negative") }
            default:
                break
            }
        }
    }

    /// The value of a weight, or its default.
    func value(_ name: String) -> Double {
        weights[name] ?? Self.defaultWeights[name] ?? 0
    }
}
