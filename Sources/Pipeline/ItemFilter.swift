import BriefingCore

/// One `include` or `exclude` rule: a word or phrase, or a `/regular expression/`, optionally
/// limited to one field (`title:budget`, `author:/^AP$/`).
///
/// A word or phrase matches whole words, in any case, anywhere in the field: `"interest rates"`
/// matches "Interest-rates rise" but not "interested". Words are runs of letters and digits in
/// any script (so `Biden` matches "Biden's"); in scripts written without spaces (Chinese,
/// Japanese, Thai...) each character is a word, so a rule matches wherever its characters stand
/// in a row. A regular expression is Swift Regex syntax between slashes, with the flags `i`
/// (ignore case), `s` (`.` matches line ends) and `m` (`^` and `$` match at line ends) after
/// the closing slash; it matches when it matches anywhere in the field.
public struct FilterRule: Sendable, Hashable, CustomStringConvertible {
    /// The fields of an item a rule can look at.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case title, text, author, link, category
    }

    /// The rule as written.
    public let text: String
    /// The only field it looks at; nil for every field.
    public let field: Field?
    let kind: Kind

    enum Kind: Hashable {
        /// Whole words in a row, lowercased.
        case words([String])
        /// A regular expression's pattern and flags, checked when the rule was read.
        case pattern(String, flags: Set<Character>)
    }

    public var description: String { text }

    /// Reads a rule; a malformed one (empty, no words, an invalid regular expression, an
    /// unknown flag) is refused with the reason.
    public init(_ text: String) throws(FilterRuleError) {
        self.text = text
        var body = Substring(text)
        if let colon = body.firstIndex(of: ":"), let field = Field(rawValue: body[..<colon].lowercased()) {
            self.field = field
            body = body[body.index(after: colon)...]
        } else {
            field = nil
        }
        if body.hasPrefix("/") {
            guard body.count >= 2, let close = body.lastIndex(of: "/"), close != body.startIndex else {
                throw FilterRuleError(
                    rule: text,
                    reason: "a rule that starts with / is a regular expression: end it with / (and flags i, m, s)")
            }
            let pattern = String(body[body.index(after: body.startIndex)..<close])
            let flags = body[body.index(after: close)...]
            if let unknown = flags.first(where: { !"ims".contains($0) }) {
                throw FilterRuleError(rule: text, reason: "unknown regular expression flag \(unknown) (known: i, m, s)")
            }
            guard !pattern.isEmpty else { throw FilterRuleError(rule: text, reason: "an empty regular expression") }
            do {
                _ = try Regex(pattern)
            } catch {
                throw FilterRuleError(rule: text, reason: "invalid regular expression: \(error)")
            }
            kind = .pattern(pattern, flags: Set(flags))
        } else {
            let words = FilterWords.words(in: body)
            guard !words.isEmpty else {
                throw FilterRuleError(
                    rule: text,
                    reason: body.allSatisfy(\.isWhitespace)
                        ? "an empty rule"
                        : "no letters or digits to match: write a /regular expression/ for punctuation")
            }
            kind = .words(words)
        }
    }
}

/// A rule that cannot be read: the rule and why.
public struct FilterRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    public var rule: String
    public var reason: String
    public var description: String { "rule \"\(rule)\": \(reason)" }
}

/// The `include` and `exclude` rules of the briefing or of one feed.
///
/// An item is kept when it matches at least one include rule (when there are any) and no
/// exclude rule. The rules are values (their regular expressions checked when read);
/// ``ItemFilter/Matcher`` compiles them to match.
public struct ItemFilter: Sendable, Hashable {
    public var include: [FilterRule] = []
    public var exclude: [FilterRule] = []

    public init(include: [FilterRule] = [], exclude: [FilterRule] = []) {
        self.include = include
        self.exclude = exclude
    }

    /// True when the filter keeps every item.
    public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }

    /// What a filter decided about one item, and the rule that decided it.
    public struct Decision: Sendable, Hashable {
        public var kept: Bool
        /// The include rule that kept it, or the exclude rule that dropped it; nil when no rule
        /// matched (kept without include rules, dropped when none of them matched).
        public var rule: FilterRule?
        /// The field the rule matched.
        public var field: FilterRule.Field?
    }

    /// The filter's rules compiled, to match many items. Not `Sendable` (Swift's `Regex` is
    /// not): make one where it is used.
    public struct Matcher {
        private let include: [CompiledRule]
        private let exclude: [CompiledRule]

        public init(_ filter: ItemFilter) {
            include = filter.include.map(CompiledRule.init)
            exclude = filter.exclude.map(CompiledRule.init)
        }

        public var isEmpty: Bool { include.isEmpty && exclude.isEmpty }

        public func keeps(_ item: FeedItem) -> Bool {
            isEmpty || decide(FilterSubject(item)).kept
        }

        public func decide(_ item: FeedItem) -> Decision { decide(FilterSubject(item)) }

        func decide(_ subject: FilterSubject) -> Decision {
            for rule in exclude {
                if let field = rule.match(subject) { return Decision(kept: false, rule: rule.rule, field: field) }
            }
            if include.isEmpty { return Decision(kept: true) }
            for rule in include {
                if let field = rule.match(subject) { return Decision(kept: true, rule: rule.rule, field: field) }
            }
            return Decision(kept: false)
        }
    }
}

/// A rule ready to match.
private struct CompiledRule {
    let rule: FilterRule
    let regex: Regex<AnyRegexOutput>?
    /// The words of a word rule as bytes, when they are all ASCII.
    let asciiPhrase: [[UInt8]]?

    init(_ rule: FilterRule) {
        self.rule = rule
        if case .words(let words) = rule.kind, words.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            asciiPhrase = words.map { Array($0.utf8) }
        } else {
            asciiPhrase = nil
        }
        if case .pattern(let pattern, let flags) = rule.kind, var regex = try? Regex(pattern) {
            if flags.contains("i") { regex = regex.ignoresCase() }
            if flags.contains("s") { regex = regex.dotMatchesNewlines() }
            if flags.contains("m") { regex = regex.anchorsMatchLineEndings() }
            self.regex = regex
        } else {
            regex = nil
        }
    }

    /// The first field (in `Field` order) the rule matches, or nil.
    func match(_ subject: FilterSubject) -> FilterRule.Field? {
        let fields = rule.field.map { [$0] } ?? FilterRule.Field.allCases
        for field in fields {
            switch rule.kind {
            case .words(let words):
                // An ASCII phrase is found by scanning the bytes, which is many times faster
                // than splitting the text into words; the scan says when it cannot decide.
                var undecided = asciiPhrase == nil
                if let asciiPhrase {
                    for value in subject.values(field) {
                        switch FilterWords.asciiMatch(value, asciiPhrase) {
                        case true?: return field
                        case false?: continue
                        case nil: undecided = true
                        }
                    }
                }
                if undecided, subject.words(field).contains(where: { FilterWords.contains($0, words) }) { return field }
            case .pattern:
                guard let regex else { continue }
                if subject.values(field).contains(where: { (try? regex.firstMatch(in: $0)) != nil }) { return field }
            }
        }
        return nil
    }
}

/// One item's fields as the rules read them, each split into words at most once.
final class FilterSubject {
    private let item: FeedItem
    private var split: [FilterRule.Field: [[String]]] = [:]

    init(_ item: FeedItem) { self.item = item }

    /// The field's values: the text is the feed's summary and content, each category a value.
    func values(_ field: FilterRule.Field) -> [String] {
        switch field {
        case .title: [item.title].compactMap { $0 }
        case .text: [item.summaryText, item.contentText].compactMap { $0 }
        case .author: [item.author].compactMap { $0 }
        case .link: [item.link].compactMap { $0 }
        case .category: item.categories
        }
    }

    /// The words of each of the field's values.
    func words(_ field: FilterRule.Field) -> [[String]] {
        if let known = split[field] { return known }
        let words = values(field).map { FilterWords.words(in: $0) }
        split[field] = words
        return words
    }
}

/// Words as the rules see them: runs of letters, digits and their marks, lowercased; in the
/// scripts written without spaces between words, each character alone. Read scalar by scalar
/// (a combining mark continues its word).
enum FilterWords {
    /// What a scalar is to the splitting.
    enum Kind {
        /// A letter or digit: part of a word.
        case word
        /// A combining mark: continues the word before it, else is ignored.
        case mark
        /// A character of a script without spaces: a word by itself.
        case alone
        /// Anything else: ends a word.
        case separator
    }

    static func kind(_ scalar: Unicode.Scalar) -> Kind {
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9": return .word
            default: return .separator
            }
        }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
        case _ where isUnspaced(scalar): return .alone
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber:
            return .word
        default: return .separator
        }
    }

    static func words(in text: some StringProtocol) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            if !current.isEmpty { words.append(String(current).lowercased()) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            switch kind(scalar) {
            case .word: current.append(scalar)
            case .mark: if !current.isEmpty { current.append(scalar) }
            case .alone:
                flush()
                current.append(scalar)
                flush()
            case .separator: flush()
            }
        }
        flush()
        return words
    }

    /// True when `phrase` stands in `words` as consecutive words.
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard let first = phrase.first, words.count >= phrase.count else { return false }
        var start = 0
        while start + phrase.count <= words.count {
            if words[start] == first, words[start..<(start + phrase.count)].elementsEqual(phrase) { return true }
            start += 1
        }
        return false
    }

    /// Whether the words of `text` (as `words(in:)` splits them) hold `phrase`, ASCII words in
    /// lower case, in a row, found by scanning the UTF-8 bytes; nil when the scan cannot tell
    /// (the text holds the Kelvin sign, the one non-ASCII letter that lowercases to ASCII).
    static func asciiMatch(_ text: String, _ phrase: [[UInt8]]) -> Bool? {
        guard let first = phrase.first?.first else { return false }
        var text = text
        return text.withUTF8 { bytes -> Bool? in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x84, bytes[index + 2] == 0xAA {
                    return nil
                }
                if lowered(byte) == first, phraseStarts(at: index, in: bytes, phrase) { return true }
                index += 1
            }
            return false
        }
    }

    /// True when `phrase` stands at `start` as whole words.
    private static func phraseStarts(at start: Int, in bytes: UnsafeBufferPointer<UInt8>, _ phrase: [[UInt8]]) -> Bool {
        // Before: no word for the first one to continue (marks join the word before them).
        var back = start
        while back > 0 {
            let (scalar, begin) = scalar(endingAt: back, in: bytes)
            switch kind(scalar) {
            case .word: return false
            case .mark: back = begin
            case .alone, .separator: back = 0
            }
        }
        var position = start
        for (number, word) in phrase.enumerated() {
            if number > 0 {
                // Between words: separators, then marks they leave alone; no word of their own.
                guard position < bytes.count, kind(scalar(at: position, in: bytes).scalar) == .separator else {
                    return false
                }
                while position < bytes.count {
                    let (scalar, length) = scalar(at: position, in: bytes)
                    let what = kind(scalar)
                    guard what == .separator || what == .mark else { break }
                    position += length
                }
            }
            guard position + word.count <= bytes.count else { return false }
            for offset in 0..<word.count where lowered(bytes[position + offset]) != word[offset] { return false }
            position += word.count
            // After: nothing that continues the word.
            if position < bytes.count {
                let what = kind(scalar(at: position, in: bytes).scalar)
                if what == .word || what == .mark { return false }
            }
        }
        return true
    }

    /// The scalar whose UTF-8 starts at `index`, and its length in bytes.
    private static func scalar(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (
        scalar: Unicode.Scalar, length: Int
    ) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar whose UTF-8 ends just before `end`, and where it starts.
    private static func scalar(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (
        scalar: Unicode.Scalar, start: Int
    ) {
        var begin = end - 1
        while begin > 0, bytes[begin] & 0xC0 == 0x80 { begin -= 1 }
        return (scalar(at: begin, in: bytes).scalar, begin)
    }

    /// An ASCII letter in lower case; any other byte as it is.
    private static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Han, kana, Thai, Lao, Khmer and Myanmar: scripts that do not separate words with spaces.
    private static func isUnspaced(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.properties.isIdeographic { return true }
        switch scalar.value {
        case 0x3040...0x30FF, 0x31F0...0x31FF, 0xFF66...0xFF9F: return true  // kana
        case 0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF: return true  // Thai, Lao, Myanmar, Khmer
        default: return false
        }
    }
}
