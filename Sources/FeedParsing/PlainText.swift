import BriefingCore

/// Fast, byte-level text normalization for feed text: HTML to plain paragraphs, and white-space
/// collapsing.
///
/// Paragraphs separated by `"\n\n"`, block elements end a paragraph, inline elements join,
/// scripts, styles and templates dropped, every HTML 4 reference decoded; the text inside
/// `<title>`, `<svg>` and `<math>` is kept (feeds put real words there). Markup is read as
/// `HTMLSanitizer` reads it (`HTMLMarkup`), and the tags it drops keeping their content (forms,
/// frames, `noscript`) are passed over, so the text of a fragment is the same sanitized or not.
/// It works on UTF-8 bytes and never asks `Character` for its properties, which is what keeps the
/// parser above 60 MB/s.
enum PlainText {
    /// Plain text of an HTML fragment, paragraphs separated by `"\n\n"`.
    static func fromHTML(_ html: String) -> String {
        Writer.string(of: html) { bytes, writer in convert(bytes, into: &writer) }
    }

    /// Runs of white space (Unicode's, including no-break spaces) collapsed to one space; trimmed.
    static func collapse(_ text: String) -> String {
        Writer.string(of: text) { bytes, writer in
            var index = 0
            while index < bytes.count {
                let width = whitespaceWidth(bytes, index)
                if width > 0 {
                    writer.space()
                    index += width
                } else {
                    let end = runEnd(bytes, index, markupIsText: true)
                    writer.appendWord(index..<end)
                    index = end
                }
            }
        }
    }

    /// Plain text with paragraphs (separated by a blank line) kept and other white space collapsed.
    static func paragraphs(_ text: String) -> String {
        Writer.string(of: text) { bytes, writer in
            var index = 0
            var newlines = 0
            while index < bytes.count {
                let width = whitespaceWidth(bytes, index)
                if width > 0 {
                    if bytes[index] == 0x0A { newlines += 1 }
                    if newlines >= 2 { writer.paragraph() } else { writer.space() }
                    index += width
                } else {
                    newlines = 0
                    let end = runEnd(bytes, index, markupIsText: true)
                    writer.appendWord(index..<end)
                    index = end
                }
            }
        }
    }

    /// `text` with `&`, `<`, `>` (and in attributes `"`) escaped, over UTF-8.
    static func escapeMarkup(_ text: String, attribute: Bool) -> String {
        let original = text
        var text = text
        return text.withUTF8 { bytes in
            var needsWork = false
            for byte in bytes
            where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
                || (attribute && byte == UInt8(ascii: "\""))
            {
                needsWork = true
                break
            }
            guard needsWork else { return original }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 32)
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
                case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
                case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
                case UInt8(ascii: "\"") where attribute: output.append(contentsOf: "&quot;".utf8)
                default: output.append(byte)
                }
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Accumulates the text of one input string, collapsing white space as it goes.
    ///
    /// The output is made of runs of the input's own bytes and a few bytes of its own (separators,
    /// decoded references). A run is kept as a range of the input, and grows while what is written
    /// is what the input has next (a separator that is the input's own single space included), so
    /// text that needs no change costs no copy at all, and the rest is copied into a byte buffer
    /// made a `String` once, without validating it again (``UTF8Validation/string(ofValid:_:)``:
    /// `String(decoding:)` would check every byte, and appending slices of the input string
    /// retained and released it for every run).
    private struct Writer {
        /// The input, whose UTF-8 `bytes` are.
        let source: String
        let bytes: UnsafeBufferPointer<UInt8>
        /// The text written so far, as UTF-8: runs of the input's bytes (cut at scalar
        /// boundaries) and whole scalars of our own, so well-formed throughout.
        var result: [UInt8] = []
        /// The run of input bytes written but not yet appended to `result`.
        var runStart = 0
        var runEnd = 0
        var written = false
        var pendingSpace = false
        var pendingBreak = false

        init(source: String, bytes: UnsafeBufferPointer<UInt8>) {
            self.source = source
            self.bytes = bytes
        }

        /// The text `body` writes while reading `text`'s UTF-8 bytes.
        static func string(of text: String, _ body: (UnsafeBufferPointer<UInt8>, inout Writer) -> Void) -> String {
            var copy = text
            return copy.withUTF8 { bytes in
                var writer = Writer(source: text, bytes: bytes)
                body(bytes, &writer)
                return writer.finish()
            }
        }

        /// The text written: the input itself when that is all of it.
        mutating func finish() -> String {
            if result.isEmpty, runStart == 0, runEnd == bytes.count { return source }
            flush()
            return result.withUnsafeBufferPointer { UTF8Validation.string(ofValid: $0, 0..<$0.count) }
        }

        /// Appends the pending run to `result` (runs always end on a scalar boundary).
        private mutating func flush() {
            guard runEnd > runStart else { return }
            if result.isEmpty { result.reserveCapacity(bytes.count - runStart) }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<runEnd]))
            runStart = runEnd
        }

        /// Writes the input bytes `range` (whole scalars).
        @inline(__always)
        private mutating func take(_ range: Range<Int>) {
            if range.lowerBound != runEnd {
                flush()
                runStart = range.lowerBound
            }
            runEnd = range.upperBound
            written = true
        }

        /// Writes an ASCII byte of our own: the run grows when the input has that byte next.
        @inline(__always)
        private mutating func put(_ byte: UInt8) {
            if runEnd < bytes.count, bytes[runEnd] == byte {
                runEnd += 1
            } else {
                flush()
                result.append(byte & 0x7F)
            }
            written = true
        }

        @inline(__always)
        private mutating func separate() {
            if written {
                if pendingBreak {
                    if runEnd + 1 < bytes.count, bytes[runEnd] == 0x0A, bytes[runEnd + 1] == 0x0A {
                        runEnd += 2
                    } else {
                        flush()
                        result.append(0x0A)
                        result.append(0x0A)
                    }
                } else if pendingSpace {
                    put(0x20)
                }
            }
            pendingBreak = false
            pendingSpace = false
        }

        mutating func space() { pendingSpace = true }

        mutating func paragraph() {
            pendingBreak = true
            pendingSpace = false
        }

        /// Appends bytes known to hold no markup, no references and no white space but single
        /// spaces between words.
        mutating func appendWord(_ range: Range<Int>) {
            separate()
            take(range)
        }

        /// Appends the input byte at `index` (the bytes of a scalar are copied one after another).
        @inline(__always)
        mutating func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) {
            separate()
            take(index..<(index + 1))
        }

        /// Appends an ASCII byte of our own.
        private mutating func append(_ byte: UInt8) {
            separate()
            put(byte)
        }

        mutating func append(_ scalar: Unicode.Scalar) {
            if scalar.value < 0x80 {
                append(UInt8(scalar.value))
                return
            }
            if isWhitespace(scalar) {
                space()
                return
            }
            separate()
            flush()
            UTF8.encode(scalar) { result.append($0) }
            written = true
        }

        mutating func appendRaw(_ range: Range<Int>) {
            var index = range.lowerBound
            while index < range.upperBound {
                let width = whitespaceWidth(bytes, index, limit: range.upperBound)
                if width > 0 {
                    space()
                    index += width
                } else {
                    copy(bytes, index)
                    index += 1
                }
            }
        }
    }

    private static func convert(_ bytes: UnsafeBufferPointer<UInt8>, into writer: inout Writer) {
        var index = 0
        let count = bytes.count
        // Inside `<template>` (nested ones counted) nothing is text, but raw text still hides tags.
        var templateDepth = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                // Tags end where the sanitizer's scanner ends them (`HTMLMarkup`), so the text is
                // the same with and without a sanitizer pass first.
                guard let tag = HTMLMarkup.scan(bytes, index) else {
                    if templateDepth == 0 { writer.copy(bytes, index) }
                    index += 1
                    continue
                }
                index = tag.end
                if tag.isComment { continue }
                let name = tag.localName
                if HTMLSanitizer.droppedWithContent.contains(name) {
                    if !tag.closing { index = HTMLMarkup.rawTextEnd(bytes, from: index, name: tag.nameRange) }
                    continue
                }
                if name == template {
                    if !tag.closing {
                        templateDepth += 1
                    } else if templateDepth > 0 {
                        templateDepth -= 1
                    }
                    continue
                }
                if templateDepth > 0 || HTMLSanitizer.droppedTags.contains(name) { continue }
                if blockElements.contains(name) {
                    writer.paragraph()
                } else if name == image {
                    writer.space()
                }
                continue
            }
            if templateDepth > 0 {
                index = ByteClass.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index, through: count - 1) ?? count
                continue
            }
            if isWordByte(bytes, index) {
                // A run of words, with the single spaces between them that collapsing would write
                // anyway: copied in one go.
                let end = runEnd(bytes, index, markupIsText: false)
                writer.appendWord(index..<end)
                index = end
                continue
            }
            if byte == UInt8(ascii: "&"), let (scalar, end) = reference(bytes, index) {
                writer.append(scalar)
                index = end
                continue
            }
            let width = whitespaceWidth(bytes, index)
            if width > 0 {
                writer.space()
                index += width
                continue
            }
            writer.copy(bytes, index)
            index += 1
        }
    }

    /// The end of the run from `start` (a word byte) of word bytes and single spaces between them:
    /// what collapsing would copy as it is. `&` and `<` are word bytes when `markupIsText`.
    @inline(__always)
    private static func runEnd(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, markupIsText: Bool) -> Int {
        let count = bytes.count
        @inline(__always) func isTextByte(_ index: Int) -> Bool {
            if isWordByte(bytes, index) { return true }
            return markupIsText && (bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "<"))
        }
        var end = start + 1
        while end < count {
            // Sixteen or eight bytes tested at once; the byte loop below takes the first refused.
            if end + 16 <= count {
                let taken = plainPrefix16(bytes, end)
                end += taken
                if taken == 16 { continue }
            } else if end + 8 <= count {
                let taken = plainPrefix(bytes, end)
                end += taken
                if taken == 8 { continue }
            }
            if isTextByte(end) {
                end += 1
            } else if bytes[end] == 0x20, end + 1 < count, isTextByte(end + 1) {
                end += 2
            } else {
                break
            }
        }
        return end
    }

    /// A byte that text copies as it is: not white space (ASCII or Unicode), `<` or `&`.
    @inline(__always)
    private static func isWordByte(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x80 { return byte > 0x20 && byte != UInt8(ascii: "&") && byte != UInt8(ascii: "<") }
        return whitespaceWidth(bytes, index) == 0
    }

    /// How many of the eight (or sixteen) bytes at `index` the word loop would take one at a time:
    /// word bytes (printable ASCII but `&` and `<`, and bytes of non-ASCII characters but the lead
    /// bytes of white space, 0xC2, 0xE1, 0xE2 and 0xE3, which the byte loop decides), and spaces
    /// followed by a word byte among them.
    @inline(__always)
    private static func plainPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let (words, spaces) = classify(ByteClass.word(bytes, at: index))
        return prefix(refused(words, spaces, wordsAfter: 0))
    }

    /// `plainPrefix` over sixteen bytes (two words, the space test reading across them).
    @inline(__always)
    private static func plainPrefix16(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let (words, spaces) = classify(ByteClass.word(bytes, at: index))
        let (nextWords, nextSpaces) = classify(ByteClass.word(bytes, at: index + 8))
        let first = refused(words, spaces, wordsAfter: nextWords)
        if first != 0 { return prefix(first) }
        return 8 + prefix(refused(nextWords, nextSpaces, wordsAfter: 0))
    }

    /// The word bytes and the spaces of `word`, as the high bits of their bytes (the usual bitwise
    /// per-byte tests, `ByteClass.word`).
    @inline(__always)
    private static func classify(_ word: UInt64) -> (words: UInt64, spaces: UInt64) {
        let high = ByteClass.highBits
        let nonASCII = word & high
        // At least "!" in its low seven bits (0x5F added carries into no other byte).
        let printable = ((word & ByteClass.lowSevenBits) &+ 0x5F &* ByteClass.ones) & high
        var words = printable & ~nonASCII
            & ~(ByteClass.bytes(word, equalTo: UInt8(ascii: "&")) | ByteClass.bytes(word, equalTo: UInt8(ascii: "<")))
        if nonASCII != 0 {
            words |= nonASCII
                & ~(ByteClass.bytes(word, equalTo: 0xC2) | ByteClass.bytes(word, equalTo: 0xE1)
                    | ByteClass.bytes(word, equalTo: 0xE2) | ByteClass.bytes(word, equalTo: 0xE3))
        }
        return (words, ByteClass.bytes(word, equalTo: 0x20))
    }

    /// The bytes refused: neither a word byte nor a space, or a space not followed by a word byte
    /// (the last one's follower is the first byte of `wordsAfter`, none when it is 0).
    @inline(__always)
    private static func refused(_ words: UInt64, _ spaces: UInt64, wordsAfter: UInt64) -> UInt64 {
        (~(words | spaces) | (spaces & ~((words >> 8) | (wordsAfter << 56)))) & ByteClass.highBits
    }

    @inline(__always)
    private static func prefix(_ refused: UInt64) -> Int { refused == 0 ? 8 : refused.trailingZeroBitCount / 8 }

    /// The scalar of the reference at `start` and the index after it, or nil.
    private static func reference(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> (
        Unicode.Scalar, Int
    )? {
        var index = start + 1
        let count = bytes.count
        guard index < count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            index += 1
            var radix: UInt32 = 10
            if index < count, bytes[index] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                index += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while index < count, digits < 8 {
                let byte = bytes[index]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x61...0x66 where radix == 16: digit = UInt32(byte - 0x61 + 10)
                case 0x41...0x46 where radix == 16: digit = UInt32(byte - 0x41 + 10)
                default: digit = 99
                }
                if digit == 99 { break }
                value = value * radix + digit
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if index < count, bytes[index] == UInt8(ascii: ";") { index += 1 }
            return (CharacterEntities.numericScalar(value), index)
        }
        let nameStart = index
        while index < count, index - nameStart < 32, ByteClass.isAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart else { return nil }
        // Every known name has at most 8 bytes: packed into an integer, looked up with no string.
        let name = CharacterEntities.packed(bytes, nameStart..<index)
        if index < count, bytes[index] == UInt8(ascii: ";") {
            if name == Self.apos { return ("'", index + 1) }
            if let scalar = CharacterEntities.scalar(packed: name) { return (scalar, index + 1) }
            return nil
        }
        // Without the semicolon, only the commonest legacy forms (as browsers do).
        switch name {
        case Self.amp: return ("&", index)
        case Self.lt: return ("<", index)
        case Self.gt: return (">", index)
        case Self.quot: return ("\"", index)
        case Self.nbsp: return ("\u{A0}", index)
        default: return nil
        }
    }

    /// The length of the white-space character at `index` (0 when it is not white space).
    @inline(__always)
    static func whitespaceWidth(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int, limit: Int? = nil)
        -> Int
    {
        let end = limit ?? bytes.count
        let byte = bytes[index]
        if byte < 0x80 {
            return byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0
        }
        if byte == 0xC2, index + 1 < end {
            let next = bytes[index + 1]
            return next == 0xA0 || next == 0x85 ? 2 : 0
        }
        if byte == 0xE2, index + 2 < end {
            let second = bytes[index + 1]
            let third = bytes[index + 2]
            if second == 0x80,
                (0x80...0x8A).contains(third) || third == 0xA8 || third == 0xA9 || third == 0xAF
            {
                return 3
            }
            if second == 0x81, third == 0x9F { return 3 }
            return 0
        }
        if byte == 0xE3, index + 2 < end, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 {
            return 3
        }
        if byte == 0xE1, index + 2 < end, bytes[index + 1] == 0x9A, bytes[index + 2] == 0x80 {
            return 3
        }
        return 0
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default: return false
        }
    }

    private static let template = TagName("template")

    /// Reference names packed as `CharacterEntities.packed` packs them (first byte lowest).
    private static let apos: UInt64 = 0x736F_7061
    private static let amp: UInt64 = 0x70_6D61
    private static let lt: UInt64 = 0x746C
    private static let gt: UInt64 = 0x7467
    private static let quot: UInt64 = 0x746F_7571
    private static let nbsp: UInt64 = 0x7073_626E

    /// Elements that end a paragraph.
    private static let blockElements = TagNameSet([
        "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "section", "article", "header", "footer", "aside", "nav", "main",
        "figure", "figcaption", "table", "tr", "td", "th", "thead", "tbody", "address",
        "body", "html",
    ])

    private static let image = TagName("img")
}

extension String {
    /// The string without leading and trailing white space (ASCII white space and no-break
    /// spaces), computed over UTF-8 without Foundation.
    var trimmed: String {
        let utf8 = self.utf8
        var start = utf8.startIndex
        var end = utf8.endIndex
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        while start < end, isSpace(utf8[start]) { start = utf8.index(after: start) }
        while end > start {
            let before = utf8.index(before: end)
            guard isSpace(utf8[before]) else { break }
            end = before
        }
        if start == utf8.startIndex, end == utf8.endIndex { return self }
        return String(self[start..<end])
    }
}
