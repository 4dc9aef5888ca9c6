import Foundation

/// The sentence features, in the order `--explain` lists them. Each value is in 0...1.
enum Feature: Int, CaseIterable {
    case entities, numbers, position, lead, centrality, title, length, caption, quote, question

    var name: String {
        switch self {
        case .entities: return "entities"
        case .numbers: return "numbers"
        case .position: return "position"
        case .lead: return "lead"
        case .centrality: return "centrality"
        case .title: return "title"
        case .length: return "length"
        case .caption: return "caption"
        case .quote: return "quote"
        case .question: return "question"
        }
    }
}

/// Computes every sentence's features and score from an ``Analysis``.
///
/// Independent raters, one per feature, combined linearly with the configured weights
/// (in the manner of Edmundson's combination of cue, key, title and location methods).
struct SentenceScorer {
    let featureCount = Feature.allCases.count
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

        let positionScale = configuration.value("positionScale")
        let lengthIdeal = configuration.value("lengthIdeal")

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
                features[base + Feature.entities.rawValue] = entities
                features[base + Feature.numbers.rawValue] = numbers
                maxEntities = max(maxEntities, entities)
                maxNumbers = max(maxNumbers, numbers)

                let centrality = vectors.centrality(s)
                features[base + Feature.centrality.rawValue] = centrality
                maxCentrality = max(maxCentrality, centrality)
                features[base + Feature.title.rawValue] = vectors.titleOverlap(s, a.titleStems)

                let w = Double(wordCount)
                features[base + Feature.length.rawValue] =
                    w < lengthIdeal
                    ? (w / lengthIdeal).squareRoot() : max(0, 1 - (w - lengthIdeal) / (1.5 * lengthIdeal))

                let span = a.spans[s]
                let shape = Self.shape(b, span.start, span.end)
                features[base + Feature.caption.rawValue] = shape.terminated ? caption : 1
                features[base + Feature.quote.rawValue] =
                    shape.opensWithQuote ? 1 : (shape.quoteMarks >= 2 ? 0.5 : 0)
                features[base + Feature.question.rawValue] = shape.question ? 1 : 0
            }
        }

        for s in 0..<n {
            let base = s * fc
            let p = Double(a.positionInDocument[s])
            features[base + Feature.position.rawValue] = 1 / (1 + p / positionScale)
            features[base + Feature.lead.rawValue] = p == 0 ? 1 : 0
        }

        var weights = [Double](repeating: 0, count: fc)
        for f in Feature.allCases { weights[f.rawValue] = configuration.value(f.name) }
        for s in 0..<n {
            let base = s * fc
            if maxEntities > 0 { features[base + Feature.entities.rawValue] /= maxEntities }
            if maxNumbers > 0 { features[base + Feature.numbers.rawValue] /= maxNumbers }
            if maxCentrality > 0 { features[base + Feature.centrality.rawValue] /= maxCentrality }
            var score = 0.0
            for f in 0..<fc { score += weights[f] * features[base + f] }
            scores[s] = score
        }
    }

    func value(_ sentence: Int, _ feature: Feature) -> Double {
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
