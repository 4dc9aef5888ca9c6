import BriefingCore
import Foundation

/// A piece of feed text in both forms items carry: plain text and, when the feed gave HTML,
/// sanitized HTML.
struct ContentText {
    var plain: String
    var html: String?

    /// Text from HTML: plain text paragraphs separated by blank lines, and the sanitized HTML
    /// unless `keepHTML` is false (a caller that only shows text, as `feed inspect` does).
    /// Without the HTML no sanitizer pass is needed: `PlainText` reads markup as the sanitizer
    /// does and passes over what it drops, so the text is the same either way.
    static func fromHTML(_ html: String, keepHTML: Bool = true) -> ContentText {
        guard keepHTML else { return ContentText(plain: plainText(fromHTML: html), html: nil) }
        let clean = HTMLSanitizer.sanitize(html)
        return ContentText(plain: plainText(fromHTML: clean), html: clean)
    }

    /// Text from plain text: white space inside lines collapsed, blank-line paragraphs kept.
    static func fromPlain(_ text: String) -> ContentText {
        ContentText(plain: normalizePlain(text), html: nil)
    }

    /// Text that may or may not be HTML (RSS titles and the like): decided by
    /// ``HTMLDetection/looksLikeHTML(_:)``, feedparser's signs.
    static func guess(_ text: String) -> ContentText {
        HTMLDetection.looksLikeHTML(text) ? fromHTML(text) : fromPlain(text)
    }

    /// The plain text of an HTML fragment, every HTML 4 entity decoded.
    static func plainText(fromHTML html: String) -> String {
        PlainText.fromHTML(html)
    }

    /// One line of text: for titles and names.
    static func singleLine(_ text: String) -> String {
        PlainText.collapse(text)
    }

    /// Plain text with paragraphs (blank-line separated) kept and other white space collapsed.
    static func normalizePlain(_ text: String) -> String {
        PlainText.paragraphs(text)
    }
}

/// Removes what must not survive into stored HTML: `script` and `style` elements with their
/// content; `iframe`, `object`, `embed`, `applet`, frames, forms, `meta`, `link` and `base` tags
/// (their fallback text stays); comments; `on*` event attributes, `style` attributes, and
/// `javascript:` / `vbscript:` / `data:` URLs.
///
/// Works over UTF-8 bytes and copies untouched runs verbatim, so clean HTML costs one scan.
enum HTMLSanitizer {
    /// Elements whose raw text goes with them.
    static let droppedWithContent = TagNameSet(["script", "style"])
    /// Tags dropped, their content kept (`PlainText` passes over them too).
    static let droppedTags = TagNameSet([
        "iframe", "object", "applet", "noscript", "frameset", "noembed", "embed", "frame", "meta",
        "link", "base",
        "param", "form", "input", "button", "textarea", "select", "option",
    ])
    private static let urlAttributes = TagNameSet([
        "href", "src", "action", "background", "dynsrc", "lowsrc", "formaction", "poster", "xlink:href",
    ])
    private static let eventPrefix = TagName("on")
    private static let style = TagName("style")

    static func sanitize(_ html: String) -> String {
        guard html.utf8.contains(UInt8(ascii: "<")) else { return html }
        let original = html
        var html = html
        return html.withUTF8 { bytes in
            var output: [UInt8] = []
            let count = bytes.count
            var index = 0
            var copyStart = 0
            var attributes: [HTMLMarkup.Attribute] = []
            /// Drops the input from `copyStart` up to `end`, keeping what comes before `start`.
            func cut(_ start: Int, to end: Int) {
                if output.isEmpty { output.reserveCapacity(count) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyStart..<start]))
                if joinsAcrossCut(output) { output.append(contentsOf: "<!---->".utf8) }
                copyStart = end
            }
            while index < count {
                if bytes[index] != UInt8(ascii: "<") {
                    index = ByteClass.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index, through: count - 1) ?? count
                    continue
                }
                attributes.removeAll(keepingCapacity: true)
                guard let tag = HTMLMarkup.scan(bytes, index, attributes: &attributes) else {
                    index += 1
                    continue
                }
                let tagStart = index
                index = tag.end
                if tag.isComment || droppedTags.contains(tag.localName) {
                    cut(tagStart, to: index)
                    continue
                }
                if droppedWithContent.contains(tag.localName) {
                    // A start tag drops its raw text too, "/>" or not (HTML ignores it there); the
                    // end tag is dropped when the loop reaches it.
                    if !tag.closing { index = HTMLMarkup.rawTextEnd(bytes, from: index, name: tag.nameRange) }
                    cut(tagStart, to: index)
                    continue
                }
                // Asked without collecting the unsafe ones: no array per tag with attributes.
                guard attributes.contains(where: { isUnsafe($0, bytes) }) else { continue }
                // Rebuild the tag without the unsafe attributes.
                cut(tagStart, to: index)
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tagStart..<tag.nameRange.upperBound]))
                for attribute in attributes where !isUnsafe(attribute, bytes) {
                    output.append(0x20)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[attribute.span]))
                }
                if tag.selfClosing { output.append(contentsOf: " /".utf8) }
                output.append(UInt8(ascii: ">"))
            }
            // Nothing removed: the input is already clean.
            if copyStart == 0 { return original }
            if copyStart < count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyStart..<count]))
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// True when the sanitized text so far ends where what follows a cut could join it into markup
    /// or a character reference the input did not have (`<` and `iframe>`, `&am` and `p;`): an
    /// empty comment then keeps them apart, as the cut-out tag did.
    private static func joinsAcrossCut(_ output: [UInt8]) -> Bool {
        guard let last = output.last else { return false }
        if last == UInt8(ascii: "<") { return true }
        // A reference's name is at most 32 letters and digits (`&#x` and 8 hex digits for a number).
        var index = output.count - 1
        let floor = max(0, output.count - 34)
        while index > floor, ByteClass.isAlphanumeric(output[index]) { index -= 1 }
        if output[index] == UInt8(ascii: "#"), index > 0 { index -= 1 }
        return output[index] == UInt8(ascii: "&")
    }

    private static func isUnsafe(_ attribute: HTMLMarkup.Attribute, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if attribute.name.hasPrefix(eventPrefix) || attribute.name == style { return true }
        guard urlAttributes.contains(attribute.name), let range = attribute.value else { return false }
        // Only the scheme matters: look at the start of the value, decoding references there
        // (`&#106;avascript:` is still JavaScript). References this table does not know (HTML5's
        // `&Tab;`, `&colon;`) and every character that is not a letter are ignored, as a browser
        // would decode or skip them: `java&Tab;script&colon;` counts as `javascript`.
        let prefix = range.lowerBound..<min(range.upperBound, range.lowerBound + 96)
        let raw = UnsafeBufferPointer(rebasing: bytes[prefix])
        let colon = raw.firstIndex(of: UInt8(ascii: ":"))
        let ampersand = raw.firstIndex(of: UInt8(ascii: "&"))
        // No reference before the first colon (`https://a/?b&amp;c`, the usual case): decoding
        // could change nothing the scheme test reads, so it reads the bytes as they are.
        if let colon, ampersand.map({ colon < $0 }) ?? true {
            return isUnsafeScheme(raw, hasColon: true)
        }
        guard ampersand != nil else { return isUnsafeScheme(raw, hasColon: false) }
        let value = CharacterEntities.decodeReferences(String(decoding: raw, as: UTF8.self))
        let hasColon = value.utf8.contains(UInt8(ascii: ":")) || value.lowercased().contains("&colon")
        return isUnsafeScheme(value.utf8, hasColon: hasColon)
    }

    /// True when the letters before the first colon of `value` (at most the first eleven) name a
    /// script scheme, or `data` with a colon somewhere.
    private static func isUnsafeScheme<Bytes: Sequence<UInt8>>(_ value: Bytes, hasColon: Bool) -> Bool {
        // The letters are matched against the three schemes as they come: no buffer to allocate.
        var count = 0
        var javascript = true
        var vbscript = true
        var data = true
        var inReference = false
        for byte in value {
            if byte == UInt8(ascii: ":") { break }
            if byte == UInt8(ascii: "&") {
                inReference = true
                continue
            }
            if inReference {
                if byte == UInt8(ascii: ";") { inReference = false }
                continue
            }
            let lower = byte | 0x20
            guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { continue }
            javascript = javascript && (count >= 10 || letter("javascript", count) == lower)
            vbscript = vbscript && (count >= 8 || letter("vbscript", count) == lower)
            data = data && count < 4 && letter("data", count) == lower
            count += 1
            if count > 10 { break }
        }
        return (javascript && count >= 10) || (vbscript && count >= 8) || (hasColon && data && count == 4)
    }

    @inline(__always)
    private static func letter(_ word: StaticString, _ position: Int) -> UInt8 { word.utf8Start[position] }
}
