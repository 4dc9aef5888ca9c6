import Foundation

/// The sentence features, in the order `--explain` lists them. Each value is in 0...1; see
/// ``SummarizerWeights`` for what each measures.
public enum SentenceFeature: Int, CaseIterable, Sendable {
    case entities, numbers, position, lead, centrality, title, length, caption, quote, question
    case firstMention, titleEntities, attribution, paragraphLead, wordCount

    /// The feature's name in `[summarizer.weights]` and in `--explain`.
    public var name: String {
        switch self {
        case .entities: "entities"
        case .numbers: "numbers"
        case .position: "position"
        case .lead: "lead"
        case .centrality: "centrality"
        case .title: "title"
        case .length: "length"
        case .caption: "caption"
        case .quote: "quote"
        case .question: "question"
        case .firstMention: "first_mention"
        case .titleEntities: "title_entities"
        case .attribution: "attribution"
        case .paragraphLead: "paragraph_lead"
        case .wordCount: "word_count"
        }
    }

    init?(name: String) {
        guard let feature = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = feature
    }
}

/// Computes every sentence's features and score from an ``Analysis``.
///
/// Independent raters, one per feature, combined linearly with the configured weights
/// (in the manner of Edmundson's combination of cue, key, title and location methods).
struct SentenceScorer {
    let featureCount = SentenceFeature.allCases.count
    /// `features[s * featureCount + f]`.
    var features: [Double]
    var scores: [Double]
    /// Word count of each sentence (letters or digits).
    var words: [Int]
    var boilerplate: [Bool]
    var vectors: TermVectors

    init(_ a: Analysis, configuration: SummarizerConfiguration) {
        let n = a.sentenceCount
        let fc = featureCount
        features = [Double](repeating: 0, count: n * fc)
        scores = [Double](repeating: 0, count: n)
        words = [Int](repeating: 0, count: n)
        boilerplate = [Bool](repeating: false, count: n)
        vectors = TermVectors(a)

        let weights = configuration.weights
        let positionScale = weights.positionScale
        let lengthIdeal = weights.lengthIdeal

        var entityMass = [Double](repeating: 0, count: n)
        for m in a.entities.mentions { entityMass[m.sentence] += a.entities.entities[m.entity].weight }

        var maxEntities = 0.0
        var maxNumbers = 0.0
        var maxCentrality = 0.0
        a.bytes.withUnsafeBufferPointer { b in
            for s in 0..<n {
                let range = a.tokenRanges[s]
                var wordCount = 0
                var numberMass = 0.0
                var caption = 0.0
                for k in range {
                    let t = a.tokens[k]
                    if t.flags.contains(.word) || t.flags.contains(.digits) { wordCount += 1 }
                    if let kind = Numbers.kind(of: t) { numberMass += kind.weight }
                    if Self.isCaptionMarker(t, b) { caption = 1 }
                }
                // A caption label: "Tragic: The man ...", "Pictured: ...".
                if let first = range.first, Int(a.tokens[first].end) < b.count, b[Int(a.tokens[first].end)] == 0x3A,
                    a.tokens[first].flags.contains(.capitalized)
                {
                    caption = 1
                }
                words[s] = wordCount
                boilerplate[s] = Boilerplate.isBoilerplate(a.tokens[range])
                let base = s * fc
                let density = Double(max(wordCount, 10))
                let entities = entityMass[s] / density
                let numbers = numberMass / density
                features[base + SentenceFeature.entities.rawValue] = entities
                features[base + SentenceFeature.numbers.rawValue] = numbers
                maxEntities = max(maxEntities, entities)
                maxNumbers = max(maxNumbers, numbers)

                let centrality = vectors.centrality(s)
                features[base + SentenceFeature.centrality.rawValue] = centrality
                maxCentrality = max(maxCentrality, centrality)
                features[base + SentenceFeature.title.rawValue] = vectors.titleOverlap(s, a.titleStems)

                let w = Double(wordCount)
                features[base + SentenceFeature.length.rawValue] =
                    w < lengthIdeal
                    ? (w / lengthIdeal).squareRoot() : max(0, 1 - (w - lengthIdeal) / (1.5 * lengthIdeal))

                let span = a.spans[s]
                let shape = Self.shape(b, span.start, span.end)
                features[base + SentenceFeature.caption.rawValue] = shape.terminated ? caption : 1
                features[base + SentenceFeature.quote.rawValue] =
                    shape.opensWithQuote ? 1 : (shape.quoteMarks >= 2 ? 0.5 : 0)
                features[base + SentenceFeature.question.rawValue] = shape.question ? 1 : 0
            }
        }

        Self.addNameFeatures(a, into: &features, featureCount: fc)
        for s in 0..<n {
            let base = s * fc
            let p = Double(a.positionInDocument[s])
            features[base + SentenceFeature.position.rawValue] = 1 / (1 + p / positionScale)
            features[base + SentenceFeature.lead.rawValue] = p == 0 ? 1 : 0
            let opensParagraph = p == 0 || a.spans[s - 1].paragraph != a.spans[s].paragraph
            features[base + SentenceFeature.paragraphLead.rawValue] = opensParagraph ? 1 : 0
            features[base + SentenceFeature.wordCount.rawValue] = min(Double(words[s]), 60) / 60
            var attributes = false
            for k in a.tokenRanges[s] where Self.attributionWords.contains(hash: a.tokens[k].hash) {
                attributes = true
                break
            }
            features[base + SentenceFeature.attribution.rawValue] = attributes ? 1 : 0
        }

        var weightOf = [Double](repeating: 0, count: fc)
        for f in SentenceFeature.allCases { weightOf[f.rawValue] = weights[f] }
        for s in 0..<n {
            let base = s * fc
            if maxEntities > 0 { features[base + SentenceFeature.entities.rawValue] /= maxEntities }
            if maxNumbers > 0 { features[base + SentenceFeature.numbers.rawValue] /= maxNumbers }
            if maxCentrality > 0 { features[base + SentenceFeature.centrality.rawValue] /= maxCentrality }
            var score = 0.0
            for f in 0..<fc { score += weightOf[f] * features[base + f] }
            scores[s] = score
        }
    }

    /// Words that attribute a statement to a source.
    private static let attributionWords = WordSet(
        list: """
            said says told according added announced stated explained reported claimed insisted warned \
            noted confirmed revealed admitted argued
            """)

    /// First mentions (relative to the document's highest) and title names (a share of the
    /// title's).
    private static func addNameFeatures(_ a: Analysis, into features: inout [Double], featureCount fc: Int) {
        let n = a.sentenceCount
        let entities = a.entities.entities
        var lastSentence = [Int](repeating: -1, count: entities.count)
        var first = [Double](repeating: 0, count: n)
        var titleHits = [Int](repeating: 0, count: n)
        let titleNames = entities.lazy.filter(\.inTitle).count
        for m in a.entities.mentions where lastSentence[m.entity] != m.sentence {
            lastSentence[m.entity] = m.sentence
            let e = entities[m.entity]
            if e.firstSentence == m.sentence { first[m.sentence] += e.weight }
            if e.inTitle { titleHits[m.sentence] += 1 }
        }
        let maxFirst = first.max() ?? 0
        for s in 0..<n {
            let base = s * fc
            features[base + SentenceFeature.firstMention.rawValue] = maxFirst > 0 ? first[s] / maxFirst : 0
            features[base + SentenceFeature.titleEntities.rawValue] =
                titleNames > 0 ? Double(titleHits[s]) / Double(titleNames) : 0
        }
    }

    func value(_ sentence: Int, _ feature: SentenceFeature) -> Double {
        features[sentence * featureCount + feature.rawValue]
    }

    /// Words that, alone in brackets, mark a photo caption: "(pictured)", "(left)".
    private static let captionWords = WordSet(
        list: "pictured above below left right centre center inset top bottom file main far")

    private static func isCaptionMarker(_ t: Token, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        let s = Int(t.start)
        let e = Int(t.end)
        guard s > 0, e < b.count, b[s - 1] == 0x28, b[e] == 0x29 else { return false }
        return captionWords.contains(hash: t.hash)
    }

    private struct Shape {
        var terminated = false
        var question = false
        var opensWithQuote = false
        var quoteMarks = 0
    }

    /// Punctuation facts about a sentence: final mark, quotation marks.
    private static func shape(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Shape {
        var shape = Shape()
        guard end > start else { return shape }
        let first = UTF8Text.decode(b, start).scalar
        shape.opensWithQuote = first == 0x22 || first == 0x201C || first == 0x2018 || first == 0x27
        var i = start
        while i < end {
            let c = b[i]
            if c == 0x22 {
                shape.quoteMarks += 1
            } else if c == 0xE2, i + 2 < end, b[i + 1] == 0x80, b[i + 2] == 0x9C || b[i + 2] == 0x9D {
                shape.quoteMarks += 1
            } else if c == 0x27, i > start, b[i - 1] == 0x20, i + 1 < end,
                UTF8Text.isASCIILetter(b[i + 1])
            {
                // An opening single quote ('I was ...), as the Daily Mail quotes; it pairs with a close.
                shape.quoteMarks += 2
            }
            i += 1
        }
        var e = end
        while e > start {
            let p = UTF8Text.previousStart(b, e)
            let v = UTF8Text.decode(b, p).scalar
            if UTF8Text.isClosingPunctuation(v) || UTF8Text.isSpace(v) {
                e = p
                continue
            }
            shape.terminated = UTF8Text.isTerminator(v)
            shape.question = v == 0x3F
            break
        }
        return shape
    }
}

/// Bag-of-stems vectors of the sentences (content words only), for centrality and for
/// the redundancy check.
struct TermVectors {
    /// Sorted distinct stems of each sentence, with counts, as ranges of `stems`/`counts`.
    var stems: [UInt64] = []
    var counts: [Double] = []
    var ranges: [Range<Int>] = []
    var norms: [Double] = []
    private var documentCounts = HashMap<Double>(capacity: 16, empty: 0)
    private var documentNorm = 0.0

    init(_ a: Analysis) {
        var scratch: [UInt64] = []
        ranges.reserveCapacity(a.sentenceCount)
        norms.reserveCapacity(a.sentenceCount)
        stems.reserveCapacity(a.tokens.count)
        counts.reserveCapacity(a.tokens.count)
        documentCounts = HashMap(capacity: a.tokens.count / 2, empty: 0)
        for range in a.tokenRanges {
            scratch.removeAll(keepingCapacity: true)
            for k in range {
                let t = a.tokens[k]
                guard t.flags.contains(.word) || t.flags.contains(.digits),
                    !t.lex.contains(.stop)
                else {
                    continue
                }
                scratch.append(t.stem)
            }
            scratch.sort()
            let first = stems.count
            var norm = 0.0
            var i = 0
            while i < scratch.count {
                var j = i + 1
                while j < scratch.count, scratch[j] == scratch[i] { j += 1 }
                let c = Double(j - i)
                stems.append(scratch[i])
                counts.append(c)
                norm += c * c
                documentCounts.update(scratch[i], initial: 0) { $0 += c }
                i = j
            }
            ranges.append(first..<stems.count)
            norms.append(norm.squareRoot())
        }
        var dn = 0.0
        documentCounts.forEach { _, c in dn += c * c }
        documentNorm = dn.squareRoot()
    }

    /// Cosine between the sentence and the whole document.
    func centrality(_ s: Int) -> Double {
        guard norms[s] > 0, documentNorm > 0 else { return 0 }
        var dot = 0.0
        for k in ranges[s] { dot += counts[k] * (documentCounts[stems[k]] ?? 0) }
        return dot / (norms[s] * documentNorm)
    }

    /// Share of the title's stems the sentence contains.
    func titleOverlap(_ s: Int, _ title: HashSet) -> Double {
        guard !title.isEmpty else { return 0 }
        var hits = 0
        for k in ranges[s] where title.contains(stems[k]) { hits += 1 }
        return Double(hits) / Double(title.count)
    }

    /// Cosine between two sentences.
    func similarity(_ x: Int, _ y: Int) -> Double {
        guard norms[x] > 0, norms[y] > 0 else { return 0 }
        var i = ranges[x].lowerBound
        var j = ranges[y].lowerBound
        let ei = ranges[x].upperBound
        let ej = ranges[y].upperBound
        var dot = 0.0
        while i < ei, j < ej {
            let a = stems[i]
            let b = stems[j]
            if a == b {
                dot += counts[i] * counts[j]
                i += 1
                j += 1
            } else if a < b {
                i += 1
            } else {
                j += 1
            }
        }
        return dot / (norms[x] * norms[y])
    }
}
