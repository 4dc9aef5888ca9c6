// Fuzzes `FeedParser().parse(_:baseURL:contentType:)` with libFuzzer; run it through scripts/fuzz.
//
// Invariant checked: an item's text made from HTML that carried no character reference (so no
// escaped `<`) never contains `<script`.
import BriefingCore
import CFuzzSupport
import FeedParsing
import Foundation

/// Content types and base URLs, picked by the input's length so that every input replays the same way.
private let contentTypes: [String?] = [
    nil, "application/rss+xml; charset=utf-8", "text/xml; charset=iso-8859-1", "application/atom+xml",
    "application/feed+json", "text/xml; charset=utf-16",
]
private let baseURLs: [String?] = [nil, "https://example.com/news/feed.xml"]

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzFeedParser(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    let contentType = contentTypes[size % contentTypes.count]
    let baseURL = baseURLs[size / contentTypes.count % baseURLs.count]
    guard let feed = try? FeedParser().parse(data, baseURL: baseURL, contentType: contentType) else { return 0 }
    for (index, item) in feed.items.enumerated() {
        checkNoScript(html: item.summaryHTML, text: item.summaryText, field: "item \(index) summary")
        checkNoScript(html: item.contentHTML, text: item.contentText, field: "item \(index) content")
    }
    return 0
}

/// Stops the run when text made from `html` holds a `<script` that `html` cannot have escaped.
private func checkNoScript(html: String?, text: String?, field: String) {
    guard let html, let text, !html.utf8.contains(UInt8(ascii: "&")) else { return }
    if containsCaseInsensitive(text.utf8, "<script") {
        fatalError("invariant: \(field) text contains <script: \(text.debugDescription)")
    }
}

/// Whether `haystack` contains the lower-case ASCII `needle`, ignoring ASCII case.
private func containsCaseInsensitive(_ haystack: String.UTF8View, _ needle: String) -> Bool {
    let bytes = Array(haystack)
    let pattern = Array(needle.utf8)
    guard bytes.count >= pattern.count else { return false }
    for start in 0...(bytes.count - pattern.count) {
        var matched = true
        for offset in 0..<pattern.count where lowercased(bytes[start + offset]) != pattern[offset] {
            matched = false
            break
        }
        if matched { return true }
    }
    return false
}

private func lowercased(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzFeedParser))
