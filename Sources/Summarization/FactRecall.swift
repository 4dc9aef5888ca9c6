/// Fact recall: the share of a reference summary's numbers and named entities that a
/// summary states.
///
/// Numbers are digit strings (separators dropped, so 1,200 = 1200), number words as digits
/// (three = 3) and capitalized month and weekday names. Entities are found in the
/// reference by ``EntityTable`` (capitalized spans, acronyms, linked surnames); a summary
/// states an entity when it has the entity's last word capitalized (so "Woods" states
/// "Tiger Woods"). A reference without capitals (XSum's lower-cased references) has no
/// entities, and the document then does not count towards the entity average; treebank
/// brackets (`-LRB-`) are not entities.
public enum FactRecall {
    /// Stated and total facts of one kind.
    public struct Count: Sendable, Hashable {
        public var stated = 0
        public var total = 0
        /// `stated / total`, or nil when there was nothing to state.
        public var recall: Double? { total > 0 ? Double(stated) / Double(total) : nil }
    }

    /// Number and entity counts for one summary.
    public struct Result: Sendable, Hashable {
        public var numbers = Count()
        public var entities = Count()
    }

    /// Penn Treebank bracket tokens (`-LRB-`) in tokenized references: not names.
    private static let treebankBrackets = WordSet(list: "lrb rrb lsb rsb lcb rcb")

    /// The facts of `reference` that `summary` states.
    public static func measure(reference: String, summary: String) -> Result {
        let ref = Analysis(documents: [Document(text: reference)])
        var referenceNumbers = Set<UInt64>()
        for t in ref.tokens { if let key = Numbers.factKey(of: t) { referenceNumbers.insert(key) } }
        var referenceEntities = Set<UInt64>()
        for e in ref.entities.entities where !treebankBrackets.contains(hash: e.head) {
            referenceEntities.insert(e.head)
        }

        let sum = Analysis(documents: [Document(text: summary)])
        var summaryNumbers = Set<UInt64>()
        var summaryCapitalized = Set<UInt64>()
        for t in sum.tokens {
            if let key = Numbers.factKey(of: t) { summaryNumbers.insert(key) }
            if t.flags.contains(.capitalized) { summaryCapitalized.insert(t.hash) }
        }
        var result = Result()
        result.numbers.total = referenceNumbers.count
        result.numbers.stated = referenceNumbers.filter(summaryNumbers.contains).count
        result.entities.total = referenceEntities.count
        result.entities.stated = referenceEntities.filter(summaryCapitalized.contains).count
        return result
    }
}
