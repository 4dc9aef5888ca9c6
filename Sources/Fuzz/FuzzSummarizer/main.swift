// Fuzzes the sentence splitter, the tokenizer and `Summarizer().summarize` with libFuzzer; run it
// through scripts/fuzz.
//
// Invariants checked: sentences are non-empty, trimmed and found in the text in order, without
// overlapping; tokens are non-empty and found in the text in order; the summary's sentences are
// found in the text in document order and are candidates of the summary.
import CFuzzSupport
import Foundation
import Summarization

/// Summary lengths, picked by the input's length so that every input replays the same way.
private let lengths: [SummaryLength] = [.sentences(3), .words(60), .ratio(0.3), .sentences(1)]

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzSummarizer(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : size), as: UTF8.self)
    let utf8 = Array(text.utf8)

    let sentences = SentenceSplitter.sentences(in: text)
    var cursor = 0
    for sentence in sentences {
        guard let first = sentence.unicodeScalars.first, let last = sentence.unicodeScalars.last,
            !first.properties.isWhitespace, !last.properties.isWhitespace
        else { fatalError("invariant: sentence empty or not trimmed: \(sentence.debugDescription)") }
        guard let end = find(Array(sentence.utf8), in: utf8, from: cursor) else {
            fatalError(
                "invariant: sentence not found in order: \(sentence.debugDescription) in \(text.debugDescription)")
        }
        cursor = end
    }

    cursor = 0
    for token in Tokenizer.tokens(in: text) {
        guard !token.isEmpty, let end = find(Array(token.utf8), in: utf8, from: cursor) else {
            fatalError("invariant: token empty or not found in order: \(token.debugDescription)")
        }
        cursor = end
    }

    let summary = Summarizer().summarize(Document(text: text), length: lengths[size % lengths.count])
    cursor = 0
    var previousIndex = -1
    for sentence in summary.sentences {
        guard sentence.index > previousIndex, summary.candidates.indices.contains(sentence.index),
            summary.candidates[sentence.index].text == sentence.text
        else { fatalError("invariant: summary sentence \(sentence.index) out of order or not a candidate") }
        previousIndex = sentence.index
        guard let end = find(Array(sentence.text.utf8), in: utf8, from: cursor) else {
            fatalError("invariant: summary sentence not found in order: \(sentence.text.debugDescription)")
        }
        cursor = end
    }
    _ = Summarizer().summarize(Document(plainText: text), length: .sentences(2))
    return 0
}

/// The end of the first occurrence of `needle` in `haystack` at or after `start`.
private func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
    guard !needle.isEmpty, haystack.count - start >= needle.count else { return nil }
    for begin in start...(haystack.count - needle.count) where haystack[begin] == needle[0] {
        var offset = 1
        while offset < needle.count, haystack[begin + offset] == needle[offset] { offset += 1 }
        if offset == needle.count { return begin + needle.count }
    }
    return nil
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzSummarizer))
