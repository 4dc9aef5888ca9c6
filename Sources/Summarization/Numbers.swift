/// Numeric facts without a model: digits (with separators and decimals), percentages,
/// currency signs and amount words (million, bn, euros), number and ordinal words, dates
/// (months, days of the week, years).
enum Numbers {
    /// What kind of numeric fact a token is, with its weight in the number-density feature.
    enum Kind {
        /// Digits: 1,200, 20.9, 9, 2004, 5th, 3.7%.
        case digits
        /// A number word: three, twelve, hundred, dozen.
        case word
        /// An ordinal word: first, third, tenth.
        case ordinal
        /// An amount or unit word: million, bn, euros, percent, $.
        case amount
        /// A month or weekday name (capitalized): Friday, March.
        case date

        /// Weight in the density: digits count most; modifiers count less.
        var weight: Double {
            switch self {
            case .digits: return 1.0
            case .word: return 0.6
            case .ordinal: return 0.5
            case .amount: return 0.5
            case .date: return 0.6
            }
        }
    }

    static let numberWords: [String: String] = [
        "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
        "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "thirteen": "13",
        "fourteen": "14", "fifteen": "15", "sixteen": "16", "seventeen": "17", "eighteen": "18",
        "nineteen": "19", "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "sixty": "60",
        "seventy": "70", "eighty": "80", "ninety": "90", "hundred": "100", "dozen": "12",
        "thousand": "1000", "zero": "0",
    ]
    static let ordinalWords: [String: String] = [
        "first": "1st", "second": "2nd", "third": "3rd", "fourth": "4th", "fifth": "5th",
        "sixth": "6th",
        "seventh": "7th", "eighth": "8th", "ninth": "9th", "tenth": "10th", "eleventh": "11th",
        "twelfth": "12th", "twentieth": "20th", "hundredth": "100th",
    ]
    static let amountList = """
        million millions billion billions trillion trillions thousands hundreds dozens bn mn m k
        percent cent pc dollars dollar pounds pound euros euro yen cents pence rupees yuan
        """

    /// Number and ordinal words keyed by hash, with the hash of their digit form.
    private static let wordValues: HashMap<(kind: Kind, value: UInt64)> = {
        var table = HashMap<(kind: Kind, value: UInt64)>(capacity: 64, empty: (.word, 0))
        for (w, d) in numberWords { table.set(UTF8Text.hash(w), (.word, UTF8Text.hash(d))) }
        for (w, d) in ordinalWords { table.set(UTF8Text.hash(w), (.ordinal, UTF8Text.hash(d))) }
        return table
    }()

    /// The kind of numeric fact `token` is, if any.
    static func kind(of token: Token) -> Kind? {
        if token.flags.contains(.digits) { return .digits }
        if token.flags.contains(.symbol) { return .amount }
        guard token.flags.contains(.word) else { return nil }
        let lex = token.lex
        if lex.isDisjoint(with: [.numberWord, .ordinalWord, .amountWord, .dateName]) { return nil }
        if lex.contains(.numberWord) { return .word }
        if lex.contains(.ordinalWord) { return .ordinal }
        if lex.contains(.amountWord) { return .amount }
        if token.flags.contains(.capitalized), lex.contains(.dateName) { return .date }
        return nil
    }

    /// A key for the fact stated by `token` (digits, or a number word as digits; dates by
    /// name), for fact recall. Amount words and signs are modifiers, not facts.
    static func factKey(of token: Token) -> UInt64? {
        guard let kind = kind(of: token) else { return nil }
        switch kind {
        case .digits, .date: return token.hash
        case .word, .ordinal: return wordValues[token.hash]?.value
        case .amount: return nil
        }
    }
}
