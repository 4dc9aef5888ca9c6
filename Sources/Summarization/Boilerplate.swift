/// Page furniture that is never a summary sentence: calls to action ("Click here",
/// "Follow us", "Sign up for our newsletter", "Scroll down for video"), share bars, photo
/// credits and bylines.
enum Boilerplate {
    /// A lead-in phrase run into the next sentence without punctuation. When `through` is
    /// set, the lead-in lasts until the end of that phrase.
    struct LeadIn: Sendable {
        let phrase: [UInt8]
        let through: [UInt8]?

        init(_ phrase: String, through: String? = nil) {
            self.phrase = Array(phrase.utf8)
            self.through = through.map { Array($0.utf8) }
        }

        /// If `b[start..<end]` starts with the lead-in and more follows, its end and the
        /// start of what follows.
        func match(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> (end: Int, next: Int)? {
            guard Boilerplate.hasPrefix(b, start, end, phrase) else { return nil }
            var cut = start + phrase.count
            if let through {
                var i = cut
                var found = false
                while i + through.count <= end {
                    if Boilerplate.hasPrefix(b, i, end, through) {
                        found = true
                        break
                    }
                    i += 1
                }
                guard found else { return nil }
                cut = i + through.count
            }
            var next = cut
            while next < end, b[next] == 0x20 || b[next] == 0x3A || b[next] == 0x2E { next += 1 }
            guard next < end else { return nil }
            return (cut, next)
        }
    }

    static let gluedLeadIns: [LeadIn] = [
        LeadIn("scroll down for video"),
        LeadIn("share this with", through: "copy this link"),
    ]

    /// Whether `b[start..<end]` starts with `phrase` (lower-case ASCII), ignoring case.
    static func hasPrefix(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ phrase: [UInt8]
    ) -> Bool {
        guard end - start >= phrase.count else { return false }
        for (k, c) in phrase.enumerated() where UTF8Text.lower(b[start + k]) != c { return false }
        return true
    }

    /// Two-word phrases that mark furniture anywhere in a sentence.
    static let pairList = """
        click here|follow us|scroll down|share this|subscribe to|getty images|ap photo|\
        read more|copy this|rights reserved|related articles|watch video|more photos|\
        our newsletter|file photo|photo credit|image copyright|image caption|media playback|\
        pictured above
        """

    static let pairs = HashSet(
        pairList.split(separator: "|").map { pair -> UInt64 in
            let words = pair.split(separator: " ").map(String.init)
            return pairHash(UTF8Text.hash(words.first ?? ""), UTF8Text.hash(words.last ?? ""))
        })

    /// First words that make a short sentence a credit or a byline.
    static let creditStarts = WordSet(
        list:
            "photo photos photograph photographs picture pictures image images credit video by published updated source"
    )

    @inline(__always)
    static func pairHash(_ a: UInt64, _ b: UInt64) -> UInt64 {
        (a &* 31) ^ (b &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// Whether the sentence made of `tokens` is boilerplate.
    static func isBoilerplate(_ tokens: ArraySlice<Token>) -> Bool {
        guard let first = tokens.first else { return true }
        var previous: UInt64 = 0
        for t in tokens {
            if previous != 0, pairs.contains(pairHash(previous, t.hash)) { return true }
            previous = t.lex.contains(.boilerplateStart) ? t.hash : 0
        }
        let wordCount = tokens.count
        if wordCount <= 12, creditStarts.contains(hash: first.hash) {
            // "By John Smith", "Photo: Reuters", "PUBLISHED: 12:01 EST": mostly names.
            let capitalized = tokens.filter {
                $0.flags.contains(.capitalized) || $0.flags.contains(.digits)
            }.count
            if capitalized * 2 >= wordCount { return true }
        }
        if wordCount == 1, first.hash == UTF8Text.hash("advertisement") { return true }
        return false
    }
}
