// Fuzzes `ArticleExtractor().extract(data:contentType:url:)` with libFuzzer; run it through scripts/fuzz.
//
// Invariant checked: when the page has no character reference (so no escaped `<`), no JSON
// escape and no control character other than white space (the text drops those, so the text `<`,
// U+0007, `p>` reads `<p>`, as a browser shows it), the article text holds no tag: no `<p>`, `<p `,
// `</p>`, `<div`, `</div`, `<script`, `</script`, `<br`, `<span`, `<a href`.
import CFuzzSupport
import Extraction
import Foundation

/// Content types and page URLs, picked by the input's length so that every input replays the same way.
private let contentTypes: [String?] = [nil, "text/html; charset=utf-8", "text/html; charset=windows-1252"]
private let urls: [String?] = ["https://example.com/news/2026/11/story.html", nil]
private let tags = ["<p>", "<p ", "</p>", "<div", "</div", "<script", "</script", "<br", "<span", "<a href"]
    .map { Array($0.utf8) }

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzArticleExtractor(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let buffer = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : size)
    let data = Data(buffer: buffer)
    let contentType = contentTypes[size % contentTypes.count]
    let url = urls[size / contentTypes.count % urls.count]
    guard let article = try? ArticleExtractor().extract(data: data, contentType: contentType, url: url) else {
        return 0
    }
    guard !contains(buffer, Array("&".utf8)), !contains(buffer, Array("\\u".utf8)),
        !buffer.contains(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D })
    else { return 0 }
    let text = Array(article.text.utf8)
    let lowered = text.withUnsafeBufferPointer { $0.map(lowercased) }
    for tag in tags where lowered.withUnsafeBufferPointer({ contains($0, tag) }) {
        let name = String(decoding: tag, as: UTF8.self)
        fatalError("invariant: the article text holds \(name): \(article.text.debugDescription)")
    }
    return 0
}

private func contains(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
        var offset = 1
        while offset < needle.count, haystack[start + offset] == needle[offset] { offset += 1 }
        if offset == needle.count { return true }
    }
    return false
}

private func lowercased(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzArticleExtractor))
