import Foundation

/// Named entities without a model.
///
/// 1. Candidate words: capitalized words that are not function words, and acronyms (two or
///    more capitals, or dotted like U.S.). A sentence-initial capital proves nothing, so a
///    sentence-initial word counts only if the document also capitalizes it elsewhere.
///    Months and weekdays are dates (see ``Numbers``), not entities.
/// 2. Spans: runs of candidates, which may start with a title (Mr, President, Sen.) and may
///    hold connectors between capitals (Bank *of* England). The title is not part of the name.
/// 3. Linking: a one-word mention equal to the last word of a longer name (Woods after
///    Tiger Woods) is the same entity.
/// 4. Importance: `(1 + ln count) × (1 + 1/(1 + first sentence)) × (1.5 if in the title)`,
///    scaled so the most important entity weighs 1.
struct EntityTable {
    /// One entity of the document.
    struct Entity {
        var key: UInt64
        var head: UInt64
        var words: Int
        var count = 0
        var firstSentence = Int.max
        var inTitle = false
        var weight = 0.0
    }

    /// A mention: the entity, the sentence, and the token range of the name.
    struct Mention {
        var entity: Int
        var sentence: Int
        var tokens: Range<Int>
    }

    var entities: [Entity] = []
    var mentions: [Mention] = []

    /// Title words that may precede a name without being part of it.
    static let titleList = """
        mr mrs ms miss dr prof professor sir dame lord lady sen senator rep representative gov governor
        president vice prime minister chancellor secretary general gen col lt capt captain sgt
        judge justice king queen prince princess pope rev father sister brother chief officer
        detective inspector constable coach manager boss striker midfielder defender goalkeeper
        chairman chairwoman ceo director spokesman spokeswoman mayor mp mep ambassador agent
        """

    /// Lower-case words allowed inside a name between capitals.
    static let connectorList = "of de del della da di du la le van von der den al bin ibn y for"

    static let dateList = """
        january february march april may june july august september october november december
        monday tuesday wednesday thursday friday saturday sunday
        """

    /// No entities.
    init() {}

    /// Finds the entities of sentences given as token ranges over `tokens`.
    /// `titleHashes` holds the lower-cased word keys of the title.
    init(tokens: [Token], sentences: [Range<Int>], titleHashes: HashSet) {
        // Capitalized words seen after the first word of a sentence, and those sentence-initial
        // words that are also seen lower-case (the only ones asked about).
        var initialWords = HashSet(capacity: sentences.count)
        for range in sentences {
            if let t = tokens[range].first(where: { $0.flags.contains(.word) }), t.flags.contains(.capitalized) {
                initialWords.insert(t.hash)
            }
        }
        var capitalizedInside = HashSet(capacity: tokens.count / 4)
        var seenLower = HashSet(capacity: 16)
        for range in sentences {
            var first = true
            for t in tokens[range] where t.flags.contains(.word) {
                if t.flags.contains(.capitalized) {
                    if !first { capitalizedInside.insert(t.hash) }
                } else {
                    if initialWords.contains(t.hash) { seenLower.insert(t.hash) }
                }
                first = false
            }
        }

        var index = HashMap<Int>(capacity: 64, empty: -1)
        var raw: [(key: UInt64, head: UInt64, words: Int, sentence: Int, tokens: Range<Int>)] = []
        for (s, range) in sentences.enumerated() {
            // An all-capitals sentence (a shouted heading) has no acronyms to trust.
            var caps = 0
            var words = 0
            for t in tokens[range] where t.flags.contains(.word) {
                words += 1
                if t.flags.contains(.allCaps) { caps += 1 }
            }
            let shouting = words >= 3 && caps * 2 > words

            var i = range.lowerBound
            var firstWord = range.lowerBound
            while firstWord < range.upperBound, !tokens[firstWord].flags.contains(.word) {
                firstWord += 1
            }
            while i < range.upperBound {
                let t = tokens[i]
                guard t.flags.contains(.capitalized) else {
                    i += 1
                    continue
                }
                // Titles lead into a name but are not part of it.
                var j = i
                while j < range.upperBound, Self.isTitle(tokens[j]) { j += 1 }
                guard j < range.upperBound,
                    Self.isCandidate(
                        tokens[j], initial: j == firstWord, shouting: shouting,
                        capitalizedInside: capitalizedInside,
                        seenLower: seenLower)
                        || (j == firstWord && j + 1 < range.upperBound && !shouting
                            && Self.startsName(tokens[j], before: tokens[j + 1], seenLower: seenLower)
                            && Self.isCandidate(
                                tokens[j + 1], initial: false, shouting: shouting,
                                capitalizedInside: capitalizedInside,
                                seenLower: seenLower))
                else {
                    i = max(j, i + 1)
                    continue
                }
                let nameStart = j
                var end = j + 1
                var key = tokens[j].hash
                var head = tokens[j].hash
                var count = 1
                while end < range.upperBound {
                    if tokens[end - 1].flags.contains(.possessive)
                        || tokens[end - 1].flags.contains(.breakAfter)
                    {
                        break
                    }
                    let next = tokens[end]
                    if Self.isCandidate(
                        next, initial: false, shouting: shouting, capitalizedInside: capitalizedInside,
                        seenLower: seenLower)
                    {
                        key = Boilerplate.pairHash(key, next.hash)
                        head = next.hash
                        count += 1
                        end += 1
                    } else if !next.flags.contains(.capitalized), next.lex.contains(.connector),
                        end + 1 < range.upperBound,
                        Self.isCandidate(
                            tokens[end + 1], initial: false, shouting: shouting,
                            capitalizedInside: capitalizedInside, seenLower: seenLower)
                    {
                        key = Boilerplate.pairHash(key, next.hash)
                        end += 1
                    } else {
                        break
                    }
                }
                raw.append((key, head, count, s, nameStart..<end))
                i = end
            }
        }

        // Multi-word names first, so one-word mentions can link to them.
        var byHead = HashMap<Int>(capacity: 64, empty: -1)
        for r in raw where r.words > 1 {
            if index[r.key] == nil {
                index.set(r.key, entities.count)
                entities.append(Entity(key: r.key, head: r.head, words: r.words))
            }
        }
        for r in raw where r.words > 1 {
            if let e = index[r.key] { entities[e].count += 1 }
        }
        for (e, entity) in entities.enumerated() {
            if let other = byHead[entity.head], entities[other].count >= entity.count { continue }
            byHead.set(entity.head, e)
        }
        mentions.reserveCapacity(raw.count)
        for r in raw {
            let e: Int
            if r.words == 1, let linked = byHead[r.key] {
                e = linked
                entities[e].count += 1
            } else if let known = index[r.key] {
                e = known
                if r.words == 1 { entities[e].count += 1 }
            } else {
                e = entities.count
                index.set(r.key, e)
                entities.append(Entity(key: r.key, head: r.head, words: r.words, count: 1))
            }
            mentions.append(Mention(entity: e, sentence: r.sentence, tokens: r.tokens))
            if r.sentence < entities[e].firstSentence { entities[e].firstSentence = r.sentence }
            if titleHashes.contains(r.head) { entities[e].inTitle = true }
        }
        var maxWeight = 0.0
        for e in entities.indices {
            let entity = entities[e]
            var w =
                (1 + log(Double(max(entity.count, 1))))
                * (1 + 1 / (1 + Double(entity.firstSentence == .max ? 100 : entity.firstSentence)))
            if entity.inTitle { w *= 1.5 }
            entities[e].weight = w
            maxWeight = max(maxWeight, w)
        }
        if maxWeight > 0 {
            for e in entities.indices { entities[e].weight /= maxWeight }
        }
    }

    /// Whether a token may be part of a name.
    @inline(__always)
    static func isCandidate(
        _ t: Token, initial: Bool, shouting: Bool, capitalizedInside: HashSet,
        seenLower: HashSet
    ) -> Bool {
        guard t.flags.contains(.word) else { return false }
        if t.flags.contains(.allCaps) || t.flags.contains(.dotted) {
            return !shouting && (t.flags.contains(.capitalized) && t.length >= 2)
        }
        guard t.flags.contains(.capitalized) else { return false }
        if !t.lex.isDisjoint(with: [.stop, .dateName]) || isTitle(t) {
            return false
        }
        if initial { return capitalizedInside.contains(t.hash) && !seenLower.contains(t.hash) }
        return true
    }

    /// A sentence-initial capitalized word that starts a longer name ("Tiger Woods played").
    @inline(__always)
    static func startsName(_ t: Token, before next: Token, seenLower: HashSet) -> Bool {
        t.flags.contains(.word) && t.flags.contains(.capitalized) && !t.flags.contains(.allCaps)
            && !t.flags.contains(.possessive) && !t.flags.contains(.breakAfter)
            && next.flags.contains(.capitalized) && !isTitle(t)
            && t.lex.isDisjoint(with: [.stop, .dateName])
            && !seenLower.contains(t.hash)
    }

    @inline(__always)
    static func isTitle(_ t: Token) -> Bool {
        t.flags.contains(.capitalized) && t.lex.contains(.nameTitle)
    }

}
