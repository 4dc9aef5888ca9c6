/// The word classes of the fixed word lists (stop words, name titles, name connectors,
/// month and weekday names, number, ordinal and amount words), found with one table lookup
/// per token when it is made, so scorers test bits instead of hashing again.
enum Lexicon {
    /// Classes a word belongs to.
    struct Classes: OptionSet, Sendable {
        let rawValue: UInt16
        static let stop = Classes(rawValue: 1 << 0)
        static let nameTitle = Classes(rawValue: 1 << 1)
        static let connector = Classes(rawValue: 1 << 2)
        static let dateName = Classes(rawValue: 1 << 3)
        static let numberWord = Classes(rawValue: 1 << 4)
        static let ordinalWord = Classes(rawValue: 1 << 5)
        static let amountWord = Classes(rawValue: 1 << 6)
        /// The first word of a boilerplate pair ("click" of "click here").
        static let boilerplateStart = Classes(rawValue: 1 << 7)
    }

    static let table: HashMap<Classes> = {
        var table = HashMap<Classes>(capacity: 512, empty: [])
        func add(_ words: some Sequence<String>, _ c: Classes) {
            for w in words { table.update(UTF8Text.hash(w), initial: []) { $0.insert(c) } }
        }
        func split(_ list: String) -> [String] {
            list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        }
        add(split(StopWords.list), .stop)
        add(split(EntityTable.titleList), .nameTitle)
        add(split(EntityTable.connectorList), .connector)
        add(split(EntityTable.dateList), .dateName)
        add(Numbers.numberWords.keys, .numberWord)
        add(Numbers.ordinalWords.keys, .ordinalWord)
        add(split(Numbers.amountList), .amountWord)
        add(
            Boilerplate.pairList.split(separator: "|").compactMap { $0.split(separator: " ").first.map(String.init) },
            .boilerplateStart)
        return table
    }()

    @inline(__always)
    static func classes(of hash: UInt64) -> Classes { table[hash] ?? [] }
}
