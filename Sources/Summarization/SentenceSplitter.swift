/// Splits news text into sentences without a model.
///
/// Rules, in order:
/// - A blank line ends a paragraph and always ends a sentence.
/// - A line break ends a sentence unless the next line starts with a lower-case letter
///   (hard-wrapped text): headings, captions and bullet items have no final punctuation and
///   are units of their own. A bullet marker at the start of a line is dropped.
/// - `!`, `?` and ellipses end a sentence unless a lower-case word follows.
/// - A full stop ends a sentence when followed by white space and then an upper-case letter,
///   a digit or an opening quote, except after a title (`Mr.`, `Dr.`, `Sen.`, `Gov.`: never)
///   or an abbreviation, initial or dotted acronym (`Inc.`, `Jan.`, `J.`, `U.S.`, `a.m.`),
///   after which it ends a sentence only before a typical sentence opener (`The`, `He`, `But`).
/// - Closing quotes and brackets after the mark (`."`, `.)`) stay with the sentence.
/// - Decimals and thousands separators (`20.9`, `1,200`) never split, having no space.
/// - Boilerplate run into the next sentence without punctuation ("Scroll down for video",
///   "Share this with ... Copy this link") is cut off as its own unit.
public enum SentenceSplitter {
    /// The sentences of `text`, trimmed, in order.
    public static func sentences(in text: String) -> [String] {
        let bytes = Array(text.utf8)
        return spans(in: bytes).map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
    }

    /// The sentence spans of a UTF-8 text.
    static func spans(in bytes: [UInt8]) -> [SentenceSpan] {
        bytes.withUnsafeBufferPointer { spans(in: $0) }
    }

    static func spans(in b: UnsafeBufferPointer<UInt8>) -> [SentenceSpan] {
        var out: [SentenceSpan] = []
        out.reserveCapacity(b.count / 100 + 4)
        let n = b.count
        var start = -1
        var paragraph = 0
        var atLineStart = true
        var i = 0

        func emit(_ end: Int) {
            guard start >= 0 else { return }
            var e = end
            while e > start {
                let p = UTF8Text.previousStart(b, e)
                if UTF8Text.isSpace(UTF8Text.decode(b, p).scalar) { e = p } else { break }
            }
            if e > start { appendSplittingLeadIns(b, start, e, paragraph, &out) }
            start = -1
        }

        while i < n {
            // Fast path: ASCII letters and digits only extend the sentence.
            let c = b[i]
            if c >= 0x30, c < 0x80, UTF8Text.isASCIIAlnum(c) {
                if start < 0 { start = i }
                atLineStart = false
                i += 1
                continue
            }
            let (v, len) = UTF8Text.decode(b, i)
            if UTF8Text.isLineBreak(v) {
                // Look past horizontal space: a second line break is a paragraph break.
                var j = i + len
                var blank = false
                while j < n {
                    let (w, l) = UTF8Text.decode(b, j)
                    if UTF8Text.isLineBreak(w) {
                        blank = true
                    } else if !UTF8Text.isHorizontalSpace(w) {
                        break
                    }
                    j += l
                }
                if blank {
                    emit(i)
                    if !out.isEmpty, out[out.count - 1].paragraph == paragraph { paragraph += 1 }
                } else if start >= 0 {
                    let next = j < n ? UTF8Text.decode(b, j).scalar : 0
                    if !UTF8Text.isLower(next) { emit(i) }
                }
                atLineStart = true
                i = j
                continue
            }
            if UTF8Text.isHorizontalSpace(v) {
                if start >= 0, i + len < n, UTF8Text.isASCIIUpper(b[i + len]),
                    startsGluedSentence(b, start: start, space: i)
                {
                    emit(i)
                }
                i += len
                continue
            }
            if start < 0 {
                if atLineStart, UTF8Text.isBullet(v), i + len < n,
                    UTF8Text.isHorizontalSpace(UTF8Text.decode(b, i + len).scalar)
                {
                    i += len
                    atLineStart = false
                    continue
                }
                start = i
            }
            atLineStart = false
            if UTF8Text.isTerminator(v) {
                // The run of marks, then closing quotes and brackets.
                var j = i
                var lastMark: UInt32 = v
                var marks = 0
                while j < n {
                    let (w, l) = UTF8Text.decode(b, j)
                    if UTF8Text.isTerminator(w) {
                        lastMark = w
                        marks += 1
                        j += l
                    } else {
                        break
                    }
                }
                while j < n {
                    let (w, l) = UTF8Text.decode(b, j)
                    if UTF8Text.isClosingPunctuation(w) { j += l } else { break }
                }
                if j >= n {
                    emit(j)
                    i = j
                    continue
                }
                let after = UTF8Text.decode(b, j).scalar
                if UTF8Text.isSpace(after),
                    endsSentence(b, markStart: i, isSingleStop: lastMark == 0x2E && marks == 1, next: j)
                {
                    emit(j)
                }
                i = j
                continue
            }
            i += len
        }
        emit(n)
        return out
    }

    /// Whether the word after the space at `space` starts a new sentence glued on without a
    /// full stop, as after a photo caption ("... in June Wiggins finished" stays; "... for
    /// $20 He was once" splits): a pronoun, article or conjunction that only starts a sentence
    /// capitalized, after a lower-case word or a number, in a sentence of at least six words.
    private static func startsGluedSentence(_ b: UnsafeBufferPointer<UInt8>, start: Int, space: Int)
        -> Bool
    {
        let previous = b[space - 1]
        guard UTF8Text.isASCIILower(previous) || UTF8Text.isDigit(previous) else { return false }
        var e = space + 1
        while e < b.count, UTF8Text.isASCIILetter(b[e]) { e += 1 }
        guard e < b.count, b[e] == 0x20, e - space - 1 <= 5 else { return false }
        guard Abbreviations.gluedOpeners.contains(UnsafeBufferPointer(rebasing: b[(space + 1)..<e]))
        else { return false }
        var words = 0
        for k in start..<space where b[k] == 0x20 { words += 1 }
        return words >= 5
    }

    /// Decides whether the marks at `markStart` (followed by space at `next`) end a sentence.
    private static func endsSentence(
        _ b: UnsafeBufferPointer<UInt8>, markStart: Int, isSingleStop: Bool, next: Int
    ) -> Bool {
        // The next word, past space and opening quotes or brackets.
        let n = b.count
        var j = next
        var sawOpening = false
        while j < n {
            let (w, l) = UTF8Text.decode(b, j)
            if UTF8Text.isSpace(w) {
                j += l
            } else if UTF8Text.isOpeningPunctuation(w) {
                sawOpening = true
                j += l
            } else {
                break
            }
        }
        guard j < n else { return true }
        let first = UTF8Text.decode(b, j).scalar
        if UTF8Text.isLower(first) { return false }
        guard isSingleStop else { return true }

        // The word before the full stop, including internal dots (U.S, a.m).
        var s = markStart
        while s > 0 {
            let p = UTF8Text.previousStart(b, s)
            let w = UTF8Text.decode(b, p).scalar
            if UTF8Text.isLetter(w) || w == 0x2E { s = p } else { break }
        }
        guard s < markStart else { return true }
        let previous = UnsafeBufferPointer(rebasing: b[s..<markStart])
        let kind = Abbreviations.classify(previous)
        switch kind {
        case .none:
            return true
        case .title:
            return false
        case .beforeNumber:
            return !UTF8Text.isDigit(b[j])
        case .ambiguous:
            if UTF8Text.isDigit(b[j]) { return false }
            if sawOpening { return true }
            // Ends only before a typical sentence opener.
            var e = j
            while e < n, UTF8Text.isASCIILetter(b[e]) { e += 1 }
            return Abbreviations.isSentenceOpener(UnsafeBufferPointer(rebasing: b[j..<e]))
        }
    }

    /// Appends a span, cutting off boilerplate lead-ins glued to the sentence that follows.
    private static func appendSplittingLeadIns(
        _ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ paragraph: Int,
        _ out: inout [SentenceSpan]
    ) {
        var s = start
        for leadIn in Boilerplate.gluedLeadIns {
            guard let cut = leadIn.match(b, s, end) else { continue }
            out.append(SentenceSpan(start: s, end: cut.end, paragraph: paragraph))
            s = cut.next
            break
        }
        if s < end { out.append(SentenceSpan(start: s, end: end, paragraph: paragraph)) }
    }
}

/// A sentence as a byte range of the document's UTF-8 and the paragraph it belongs to.
struct SentenceSpan: Sendable, Hashable {
    var start: Int
    var end: Int
    var paragraph: Int
}
