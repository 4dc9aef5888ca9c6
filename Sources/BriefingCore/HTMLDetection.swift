/// The one "does this look like HTML?" test, for feed text (RSS titles and descriptions that may
/// or may not be markup) and for whole documents (`briefing summarize` on a file or standard
/// input without a Content-Type).
///
/// The signs are the ones feedparser uses for RSS text, plus the start of a page: an end tag
/// (`</` and a letter); one of the tags `br`, `p`, `img`, `hr`, `b`, `i`, `a`, `em`, `strong`,
/// `div`, `span`, `html`, `head`, `body` followed by `>`, `/` or white space; `<!doctype html`;
/// or a character reference (`&amp;`, `&#38;`: `&`, an optional `#`, up to 31 letters or
/// digits, `;`). Tag names and the doctype are matched without regard to case.
public enum HTMLDetection {
    /// How many leading bytes of a document ``looksLikeHTML(document:)`` looks at.
    public static let documentPrefixLength = 512

    /// Whether `text` shows one of the signs of HTML.
    public static func looksLikeHTML(_ text: String) -> Bool {
        if let found = text.utf8.withContiguousStorageIfAvailable({ looksLikeHTML(bytes: $0) }) { return found }
        return Array(text.utf8).withUnsafeBufferPointer { looksLikeHTML(bytes: $0) }
    }

    /// Whether a document's first ``documentPrefixLength`` bytes show one of the signs of HTML.
    public static func looksLikeHTML<Bytes: Collection>(document: Bytes) -> Bool where Bytes.Element == UInt8 {
        Array(document.prefix(documentPrefixLength)).withUnsafeBufferPointer { looksLikeHTML(bytes: $0) }
    }

    /// The tag names that count, lower-cased.
    static let tagNames: Set<[UInt8]> = Set(
        ["br", "p", "img", "hr", "b", "i", "a", "em", "strong", "div", "span", "html", "head", "body"].map {
            Array($0.utf8)
        })

    static func looksLikeHTML(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), index + 1 < count {
                let next = bytes[index + 1]
                if next == UInt8(ascii: "/"), index + 2 < count, isLetter(bytes[index + 2]) { return true }
                if next == UInt8(ascii: "!"), startsDoctype(bytes, at: index + 2) { return true }
                if isLetter(next) {
                    var end = index + 1
                    while end < count, end - index <= 8, isLetter(bytes[end]) || isDigit(bytes[end]) { end += 1 }
                    if end < count, isTagEnd(bytes[end]),
                        tagNames.contains(bytes[(index + 1)..<end].map { $0 | 0x20 })
                    {
                        return true
                    }
                }
            } else if byte == UInt8(ascii: "&") {
                var end = index + 1
                if end < count, bytes[end] == UInt8(ascii: "#") { end += 1 }
                let start = end
                while end < count, end - start < 32, isLetter(bytes[end]) || isDigit(bytes[end]) { end += 1 }
                if end > start, end < count, bytes[end] == UInt8(ascii: ";") { return true }
            }
            index += 1
        }
        return false
    }

    private static func startsDoctype(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        let doctype = Array("doctype".utf8)
        guard start + doctype.count < bytes.count else { return false }
        for offset in 0..<doctype.count where bytes[start + offset] | 0x20 != doctype[offset] { return false }
        var index = start + doctype.count
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A
                || bytes[index] == 0x0D
        {
            index += 1
        }
        let html = Array("html".utf8)
        guard index + html.count <= bytes.count else { return false }
        return (0..<html.count).allSatisfy { bytes[index + $0] | 0x20 == html[$0] }
    }

    private static func isTagEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/") || byte == 0x20 || byte == 0x09 || byte == 0x0A
            || byte == 0x0D
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
