/// What an element's `class` and `id` suggest about it, from ``BoilerplatePatterns``.
///
/// Computed once per element while the ``NodeTree`` is built; matching works on lowercased
/// UTF-8 bytes, not Foundation string search, because it runs for every element.
struct ClassHints {
    /// Looks like navigation, comments, sidebars and the like.
    var isUnlikelyCandidate = false
    /// -25 for a negative class, +25 for a positive one, and the same again for the id.
    var weight = 0.0
    /// Looks like a share bar, newsletter box, "related" list or similar inside an article.
    var isInArticleBoilerplate = false

    init() {}

    /// What the class value and id value seen so far match.
    private var classMatch: Match = []
    private var idMatch: Match = []

    /// Takes in what an element's `class` (or, with `isID`, its `id`) value matches (``match(_:)``).
    mutating func add(_ match: Match, isID: Bool) {
        if isID { idMatch = match } else { classMatch = match }
        let both = classMatch.union(idMatch)
        isUnlikelyCandidate = both.contains(.unlikely) && !both.contains(.maybe)
        weight = Self.weight(classMatch) + Self.weight(idMatch)
        isInArticleBoilerplate = both.contains(.boilerplate) || both.contains(.unlikelyToken)
        isByline = both.contains(.byline)
        isComments = both.contains(.comments)
    }

    /// The class or id value starts with a comments token (`comments-area`, `commentlist`,
    /// `disqus_thread`): reader comments, removed in every pass.
    private(set) var isComments = false

    /// Class or id mentions a byline.
    private(set) var isByline = false

    /// Which lists of ``BoilerplatePatterns`` a class or id value matches.
    struct Match: OptionSet {
        let rawValue: UInt16
        static let unlikely = Match(rawValue: 1)
        static let unlikelyToken = Match(rawValue: 2)
        static let maybe = Match(rawValue: 4)
        static let positive = Match(rawValue: 8)
        static let negative = Match(rawValue: 16)
        static let negativeToken = Match(rawValue: 32)
        static let boilerplate = Match(rawValue: 64)
        static let byline = Match(rawValue: 128)
        static let comments = Match(rawValue: 256)
    }

    /// Every fragment of the substring lists, back to back in one byte array, and for each pair
    /// of first two bytes the fragments that start with it as (offset, length, lists) triples.
    ///
    /// Fragments are lowercase letters, digits and `-`, at least two bytes long; a pair of bytes is
    /// looked up by their classes (``byteClass``), so one table of 40 × 40 ranges covers them.
    private struct FragmentTable {
        var bytes: [UInt8] = []
        var entries: [(offset: Int32, count: Int32, match: UInt16)] = []
        /// `entries` range of each pair of byte classes, at `first * 40 + second`.
        var ranges: [(start: Int32, end: Int32)] = Array(repeating: (0, 0), count: 40 * 40)
        /// 1–26 for `a`–`z` (and `A`–`Z`), 27–36 for digits, 37 for `-`, 0 for every other byte.
        var byteClass: [UInt8] = Array(repeating: 0, count: 256)

        init() {
            for byte in 0..<256 {
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                switch lowered {
                case 0x61...0x7A: byteClass[byte] = UInt8(lowered - 0x61 + 1)
                case 0x30...0x39: byteClass[byte] = UInt8(lowered - 0x30 + 27)
                case 0x2D: byteClass[byte] = 37
                default: break
                }
            }
            let lists: [([String], Match)] = [
                (BoilerplatePatterns.unlikelyCandidates, .unlikely), (BoilerplatePatterns.maybeCandidates, .maybe),
                (BoilerplatePatterns.positiveHints, .positive), (BoilerplatePatterns.negativeHints, .negative),
                (BoilerplatePatterns.inArticleBoilerplate, .boilerplate), (["byline"], .byline),
            ]
            var byPair = Array(repeating: [(offset: Int32, count: Int32, match: UInt16)](), count: 40 * 40)
            for (list, match) in lists {
                for fragment in list {
                    let fragmentBytes = Array(fragment.utf8)
                    assert(fragmentBytes.count >= 2 && fragmentBytes.allSatisfy { byteClass[Int($0)] != 0 })
                    guard fragmentBytes.count >= 2 else { continue }
                    let pair = Int(byteClass[Int(fragmentBytes[0])]) * 40 + Int(byteClass[Int(fragmentBytes[1])])
                    byPair[pair].append((Int32(bytes.count), Int32(fragmentBytes.count), match.rawValue))
                    bytes.append(contentsOf: fragmentBytes)
                }
            }
            for pair in 0..<(40 * 40) {
                let start = Int32(entries.count)
                entries.append(contentsOf: byPair[pair])
                ranges[pair] = (start, Int32(entries.count))
            }
        }
    }

    private static let fragments = FragmentTable()

    private static let unlikelyTokens = BoilerplatePatterns.unlikelyTokens.map { Array($0.utf8) }
    private static let negativeTokens = BoilerplatePatterns.negativeTokens.map { Array($0.utf8) }
    private static let commentTokens = BoilerplatePatterns.commentTokens.map { Array($0.utf8) }
    private static let maybeTokens = BoilerplatePatterns.maybeTokens.map { Array($0.utf8) }

    /// Matches `value` (lowercased first) against every list in one pass, without allocating.
    static func match(_ value: String) -> Match {
        guard !value.isEmpty else { return [] }
        var value = value
        return value.withUTF8 { buffer in
            var result: Match = []
            let count = buffer.count
            @inline(__always) func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
            var tokenStart = 0
            let table = fragments
            table.bytes.withUnsafeBufferPointer { fragmentBytes in
                table.entries.withUnsafeBufferPointer { entries in
                    // The class of the byte at `start`, read one step ahead.
                    var nextClass = Int(table.byteClass[Int(buffer[0])])
                    for start in 0...count {
                        let byte = start < count ? lower(buffer[start]) : 0x20
                        let isWordByte =
                            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte >= 0x80
                        if !isWordByte {
                            let length = start - tokenStart
                            let token = UnsafeBufferPointer(rebasing: buffer[tokenStart..<start])
                            if tokenStart == 0 && matchesToken(token, commentTokens) { result.insert(.comments) }
                            if length >= 2 && length <= 10 {
                                if !result.contains(.unlikelyToken) && matchesToken(token, unlikelyTokens) {
                                    result.insert(.unlikelyToken)
                                }
                                if !result.contains(.negativeToken) && matchesToken(token, negativeTokens) {
                                    result.insert(.negativeToken)
                                }
                                if !result.contains(.maybe) && matchesToken(token, maybeTokens) {
                                    result.insert(.maybe)
                                }
                            }
                            tokenStart = start + 1
                        }
                        guard start < count else { break }
                        let firstClass = nextClass
                        nextClass = start + 1 < count ? Int(table.byteClass[Int(buffer[start + 1])]) : 0
                        guard firstClass != 0 && nextClass != 0 else { continue }
                        let range = table.ranges[firstClass * 40 + nextClass]
                        var entry = Int(range.start)
                        while entry < Int(range.end) {
                            let (offset, length, bits) = entries[entry]
                            entry += 1
                            let match = Match(rawValue: bits)
                            guard !result.contains(match), start + Int(length) <= count else { continue }
                            var position = 2
                            while position < Int(length)
                                && lower(buffer[start + position]) == fragmentBytes[Int(offset) + position]
                            {
                                position += 1
                            }
                            if position == Int(length) { result.insert(match) }
                        }
                    }
                }
            }
            if result.contains(.unlikelyToken) { result.insert(.unlikely) }
            return result
        }
    }

    /// Whether `token` (compared case-insensitively) is one of `tokens`.
    private static func matchesToken(_ token: UnsafeBufferPointer<UInt8>, _ tokens: [[UInt8]]) -> Bool {
        for candidate in tokens where candidate.count == token.count {
            var offset = 0
            while offset < token.count {
                let byte = token[offset]
                let lowered = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                if lowered != candidate[offset] { break }
                offset += 1
            }
            if offset == token.count { return true }
        }
        return false
    }

    private static func weight(_ match: Match) -> Double {
        var weight = 0.0
        if match.contains(.negative) || match.contains(.negativeToken) { weight -= 25 }
        if match.contains(.positive) { weight += 25 }
        return weight
    }
}
