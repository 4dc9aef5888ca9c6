import Foundation

/// Cuts what the tree never keeps out of a page before libxml2 sees it: the bodies of `<script>`
/// and `<style>` elements, the text of comments, and the attributes extraction does not read
/// (``AttributeName``).
///
/// Half the bytes of a typical page are script and style bodies, and a quarter of the rest are
/// attributes such as `data-*`, `srcset` or `onclick`. ``NodeTree/Builder`` drops both, yet
/// libxml2's HTML parser copies them a character at a time (and allocates every attribute value).
/// Skipping them with byte searches instead removes most of libxml2's work.
///
/// The cut must leave libxml2's events unchanged, so this scanner follows what libxml2 2.9's
/// `HTMLparser.c` does, as far as deciding where tags, attributes and raw text begin and end:
/// comments end at the first `-->` or `--!>` at least two characters after `<!--`; start tags
/// are `<` and a letter, their names and attribute names run over letters, digits and `:-_.`,
/// quotes delimit a value only right after `=`, and a bogus attribute runs to the next blank,
/// `>` or `/>`; end tags run to the next `>`; in recovery mode a script or style body ends at the
/// first `</script` (or `</style`), in any case. Wherever libxml2 could do something this
/// scanner does not model (a NUL byte, a processing instruction or DOCTYPE that is not plain,
/// a body starting with an end tag or with a tag that closes the element, `</scripts`, an
/// unterminated comment or tag), it stops cutting and keeps the rest of the page as it is, so a
/// surprise costs speed, never text. JSON-LD scripts (a start tag mentioning `json`) are kept,
/// as are all attributes of `<meta>` (libxml2 reads its charset) and names of 100 bytes or more
/// (libxml2 splits them). `InertMarkupTests` checks that the tree is the same with and without
/// the cut over the dev corpus and a set of awkward inputs.
enum InertMarkup {
    /// `utf8` without its inert markup, or `nil` when there is nothing to cut.
    static func cut(_ utf8: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = utf8.baseAddress, memchr(base, 0, utf8.count) == nil else { return nil }
        var scanner = Scanner(bytes: utf8)
        scanner.run()
        guard !scanner.cuts.isEmpty else { return nil }
        var result: [UInt8] = []
        result.reserveCapacity(utf8.count - scanner.cuts.reduce(0) { $0 + $1.count })
        var kept = 0
        for cut in scanner.cuts {
            result.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[kept..<cut.lowerBound]))
            kept = cut.upperBound
        }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[kept...]))
        return result
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The byte ranges to leave out, in order.
        var cuts: [Range<Int>] = []

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        var count: Int { bytes.count }

        /// Scans markup until the end of the page or the first construct it does not model.
        mutating func run() {
            var position = 0
            while let next = step(from: position) { position = next }
        }

        /// Handles the markup at the first `<` at or after `position`; gives where to go on, or
        /// `nil` to stop.
        private mutating func step(from position: Int) -> Int? {
            let open = find(0x3C, from: position)  // <
            guard open + 1 < count else { return nil }
            let next = bytes[open + 1]
            switch next {
            case 0x21:  // <!
                if byte(open + 2) == 0x2D && byte(open + 3) == 0x2D {
                    // The comment stays (it separates text nodes), without its text.
                    guard let end = commentEnd(from: open + 4) else { return nil }
                    if end.closer > open + 4 { cuts.append((open + 4)..<end.closer) }
                    return end.after
                }
                if matchesIgnoringCase(at: open + 2, "DOCTYPE") { return doctypeEnd(from: open + 9) }
                return open + 1
            case 0x3F:  // <?
                guard Self.isLetter(byte(open + 2)) else { return nil }
                let close = find(0x3E, from: open + 2)
                return close < count ? close + 1 : nil
            case 0x2F:  // </
                guard Self.isNameStart(byte(open + 2)) else { return open + 2 }
                let close = find(0x3E, from: open + 2)
                return close < count ? close + 1 : nil
            default:
                guard Self.isLetter(next) else { return open + 1 }
                return startTag(at: open)
            }
        }

        /// A start tag at `open`: its end, and for a script or style, its body cut out.
        private mutating func startTag(at open: Int) -> Int? {
            var index = open + 1
            while index < count && Self.isNameCharacter(bytes[index]) { index += 1 }
            let name: StaticString?
            if index - open - 1 == 6 && matchesIgnoringCase(at: open + 1, "script") {
                name = "script"
            } else if index - open - 1 == 5 && matchesIgnoringCase(at: open + 1, "style") {
                name = "style"
            } else {
                name = nil
            }
            let isMeta = index - open - 1 == 4 && matchesIgnoringCase(at: open + 1, "meta")
            guard let tagEnd = attributesEnd(from: index, cuttingUnread: !isMeta) else { return nil }
            let selfClosing = bytes[tagEnd] == 0x2F
            guard let name, !selfClosing else { return tagEnd + (selfClosing ? 2 : 1) }
            let body = tagEnd + 1
            guard bodyIsRawText(at: body, name: name) else { return nil }
            guard let close = closingTag(from: body, name: name) else { return nil }
            let afterName = close + 2 + name.utf8CodeUnitCount
            // `</scripts` is another end tag, and the script goes on: not modelled.
            guard afterName >= count || !Self.isNameCharacter(bytes[afterName]) else { return nil }
            if close > body && !mentionsJSON(open..<tagEnd) { cuts.append(body..<close) }
            let end = find(0x3E, from: afterName)
            return end < count ? end + 1 : nil
        }

        /// Skips a start tag's attributes from `start`; gives the index of its `>` or of the `/`
        /// of `/>`, or `nil` at the end of the page. With `cuttingUnread`, attributes that
        /// extraction does not read (``AttributeName``) are cut out, name and value.
        private mutating func attributesEnd(from start: Int, cuttingUnread: Bool) -> Int? {
            var index = start
            while true {
                index = skipBlanks(index)
                guard index < count else { return nil }
                let current = bytes[index]
                if current == 0x3E || (current == 0x2F && byte(index + 1) == 0x3E) { return index }
                if Self.isNameStart(current) {
                    let nameStart = index
                    while index < count && Self.isNameCharacter(bytes[index]) { index += 1 }
                    let nameEnd = index
                    // libxml2 reads at most 100 bytes of a name and the rest as another attribute.
                    let cut =
                        cuttingUnread && nameEnd - nameStart < 100
                        && AttributeName(bytes: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd])) == nil
                    index = skipBlanks(index)
                    guard index < count, bytes[index] == 0x3D else {  // =
                        if cut { cuts.append(nameStart..<nameEnd) }
                        continue
                    }
                    index = skipBlanks(index + 1)
                    guard index < count else { return nil }
                    let quote = bytes[index]
                    if quote == 0x22 || quote == 0x27 {
                        index = find(quote, from: index + 1)
                        guard index < count else { return nil }
                        index += 1
                    } else {
                        while index < count && !Self.isBlank(bytes[index]) && bytes[index] != 0x3E { index += 1 }
                    }
                    if cut { cuts.append(nameStart..<index) }
                } else {
                    // A bogus attribute: dropped up to the next blank or the end of the tag.
                    while index < count && !Self.isBlank(bytes[index]) && bytes[index] != 0x3E
                        && !(bytes[index] == 0x2F && byte(index + 1) == 0x3E)
                    {
                        index += 1
                    }
                }
            }
        }

        /// Whether libxml2 reads the body at `body` as raw text: not when it starts with an end
        /// tag other than its own, or with a start tag that closes the element (`<noscript>`
        /// closes a script, `<body>` and `<frameset>` a style).
        private func bodyIsRawText(at body: Int, name: StaticString) -> Bool {
            guard byte(body) == 0x3C else { return true }
            let next = byte(body + 1)
            if next == 0x2F { return matchesIgnoringCase(at: body + 2, name) }
            guard Self.isLetter(next) || next == 0x5F || next == 0x3A else { return true }
            var end = body + 1
            while end < count && Self.isNameCharacter(bytes[end]) && bytes[end] != 0x2E { end += 1 }
            let length = end - body - 1
            if name.utf8CodeUnitCount == 6 {
                return !(length == 8 && matchesIgnoringCase(at: body + 1, "noscript"))
            }
            return !(length == 4 && matchesIgnoringCase(at: body + 1, "body"))
                && !(length == 8 && matchesIgnoringCase(at: body + 1, "frameset"))
        }

        /// The first `</name`, in any case, at or after `start`.
        private func closingTag(from start: Int, name: StaticString) -> Int? {
            var index = start
            while true {
                index = find(0x3C, from: index)
                guard index + 1 < count else { return nil }
                if bytes[index + 1] == 0x2F && matchesIgnoringCase(at: index + 2, name) { return index }
                index += 1
            }
        }

        /// Where a comment whose text starts at `start` ends: the first `-->` or `--!>` beginning
        /// there or later (`closer`), and the index after it; `nil` when it is never closed.
        private func commentEnd(from start: Int) -> (closer: Int, after: Int)? {
            var index = start
            while true {
                index = find(0x2D, from: index)
                guard index + 2 < count else { return nil }
                if bytes[index + 1] == 0x2D {
                    if bytes[index + 2] == 0x3E { return (index, index + 3) }
                    if bytes[index + 2] == 0x21 && byte(index + 3) == 0x3E { return (index, index + 4) }
                }
                index += 1
            }
        }

        /// Where a DOCTYPE whose inside starts at `start` ends, when it holds no quoted literal
        /// (which may hide a `>`) and no end tag follows it (libxml2 reads that one as text).
        private func doctypeEnd(from start: Int) -> Int? {
            let close = find(0x3E, from: start)
            guard close < count else { return nil }
            for index in start..<close where bytes[index] == 0x22 || bytes[index] == 0x27 { return nil }
            if byte(close + 1) == 0x3C && byte(close + 2) == 0x2F { return nil }
            return close + 1
        }

        /// Whether the start tag in `range` mentions `json` in any case (`application/ld+json`).
        private func mentionsJSON(_ range: Range<Int>) -> Bool {
            var index = range.lowerBound
            while index + 4 <= range.upperBound {
                if bytes[index] | 0x20 == 0x6A && matchesIgnoringCase(at: index, "json") { return true }
                index += 1
            }
            return false
        }

        /// The byte at `index`, or 0 past the end (the page holds no NUL).
        private func byte(_ index: Int) -> UInt8 { index < count ? bytes[index] : 0 }

        /// Index of the first `target` at or after `start`, or `count`.
        private func find(_ target: UInt8, from start: Int) -> Int {
            guard start < count, let base = bytes.baseAddress else { return count }
            guard let found = memchr(base + start, Int32(target), count - start) else { return count }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        private func skipBlanks(_ start: Int) -> Int {
            var index = start
            while index < count && Self.isBlank(bytes[index]) { index += 1 }
            return index
        }

        /// Whether the bytes at `index` are `word` (ASCII, lowercase or as written) in any case.
        private func matchesIgnoringCase(at index: Int, _ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= count else { return false }
            let pattern = word.utf8Start
            for offset in 0..<length where bytes[index + offset] | 0x20 != pattern[offset] | 0x20 { return false }
            return true
        }

        /// libxml2's `IS_BLANK_CH`: space, tab, line feed, carriage return.
        private static func isBlank(_ byte: UInt8) -> Bool {
            byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
        }

        private static func isLetter(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
        }

        /// What may start a name (libxml2's `htmlParseHTMLName`): a letter, `_`, `:` or `.`.
        private static func isNameStart(_ byte: UInt8) -> Bool {
            isLetter(byte) || byte == 0x5F || byte == 0x3A || byte == 0x2E
        }

        /// What may continue a name: also digits and `-`.
        private static func isNameCharacter(_ byte: UInt8) -> Bool {
            isNameStart(byte) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D
        }
    }
}
