/// One or more documents split into sentences and tokens, with entities found: everything
/// the scorers read. Multi-document input is concatenated; each sentence remembers its
/// document and its position there.
struct Analysis {
    /// The UTF-8 of all bodies, documents separated by a blank line.
    var bytes: [UInt8] = []
    var spans: [SentenceSpan] = []
    /// Each sentence's tokens, as a range of `tokens`.
    var tokenRanges: [Range<Int>] = []
    var tokens: [Token] = []
    /// The document of each sentence.
    var documentOfSentence: [Int] = []
    /// The position of each sentence in its document (0-based).
    var positionInDocument: [Int] = []
    /// Lower-cased word keys and stems of the titles.
    var titleHashes = HashSet()
    var titleStems = HashSet()
    var entities = EntityTable()

    init(documents: [Document], stemCache: StemCache? = nil) {
        // About one distinct word in 12 bytes of news text (median of cnndm+bbc dev): the
        // stem table is sized to the text, not cleared at 1,024 slots for a short one.
        let textBytes = documents.reduce(0) { $0 + $1.text.utf8.count + ($1.title?.utf8.count ?? 0) }
        var scratch = StemScratch(shared: stemCache, words: min(512, max(32, textBytes / 12)))
        bytes.reserveCapacity(textBytes + 2 * documents.count)
        for (d, document) in documents.enumerated() {
            if !bytes.isEmpty { bytes.append(contentsOf: [0x0A, 0x0A]) }
            let offset = bytes.count
            bytes.append(contentsOf: document.text.utf8)
            let documentSpans = bytes.withUnsafeBufferPointer {
                SentenceSplitter.spans(in: UnsafeBufferPointer(rebasing: $0[offset...]))
            }
            if spans.isEmpty {  // (later documents grow them geometrically, by appending)
                spans.reserveCapacity(documentSpans.count)
                documentOfSentence.reserveCapacity(documentSpans.count)
                positionInDocument.reserveCapacity(documentSpans.count)
            }
            var position = 0
            for var span in documentSpans {
                span.start += offset
                span.end += offset
                spans.append(span)
                documentOfSentence.append(d)
                positionInDocument.append(position)
                position += 1
            }
            if let title = document.title {
                let titleBytes = Array(title.utf8)
                var titleTokens: [Token] = []
                titleBytes.withUnsafeBufferPointer { b in
                    Tokenizer.tokenize(b, 0, b.count, into: &titleTokens, scratch: &scratch)
                    scratch.resolve(b, &titleTokens, from: 0)
                }
                for t in titleTokens where !t.lex.contains(.stop) {
                    titleHashes.insert(t.hash)
                    titleStems.insert(t.stem)
                }
            }
        }
        tokens.reserveCapacity(bytes.count / 5)
        tokenRanges.reserveCapacity(spans.count)
        bytes.withUnsafeBufferPointer { b in
            for span in spans {
                let first = tokens.count
                Tokenizer.tokenize(b, span.start, span.end, into: &tokens, scratch: &scratch)
                tokenRanges.append(first..<tokens.count)
            }
            scratch.resolve(b, &tokens, from: 0)
        }
        if let stemCache, !scratch.pending.isEmpty { stemCache.insert(scratch.pending) }
        entities = EntityTable(tokens: tokens, sentences: tokenRanges, titleHashes: titleHashes)
    }

    var sentenceCount: Int { spans.count }

    func text(of sentence: Int) -> String {
        let span = spans[sentence]
        return String(decoding: bytes[span.start..<span.end], as: UTF8.self)
    }
}

extension Analysis {
    /// The distinct figures of each sentence (``Numbers/factKey(of:)``: digits, number words
    /// as digits, dates), sorted.
    func figuresBySentence() -> [[UInt64]] {
        tokenRanges.map { range in
            Array(Set(tokens[range].compactMap(Numbers.factKey(of:)))).sorted()
        }
    }

    /// Elements common to two sorted arrays.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0
        var j = 0
        var count = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                count += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return count
    }
}
