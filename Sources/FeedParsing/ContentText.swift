import BriefingCore
import Foundation

/// A piece of feed text in both forms items carry: plain text and, when the feed gave HTML,
/// sanitized HTML.
struct ContentText {
    var plain: String
    var html: String?

    /// Text from HTML: plain text paragraphs separated by blank lines, and the sanitized HTML
    /// unless `keepHTML` is false (a caller that only shows text, as `feed inspect` does).
    static func fromHTML(_ html: String, keepHTML: Bool = true) -> ContentText {
        let clean = HTMLSanitizer.sanitize(html)
        return ContentText(plain: plainText(fromHTML: clean), html: keepHTML ? clean : nil)
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
    private static let droppedWithContent = TagNameSet(["script", "style"])
    private static let droppedTags = TagNameSet([
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
            output.reserveCapacity(bytes.count)
            let count = bytes.count
            var index = 0
            var copyStart = 0
            var skipping: TagName?
            while index < count {
                if bytes[index] != UInt8(ascii: "<") {
                    index = ByteClass.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index, through: count - 1) ?? count
                    continue
                }
                guard let tag = scanTag(bytes, index) else {
                    index += 1
                    continue
                }
                let tagStart = index
                index = tag.end
                if let name = skipping {
                    if tag.closing, tag.name == name {
                        skipping = nil
                        copyStart = index
                    }
                    continue
                }
                if tag.name.isEmpty || droppedTags.contains(tag.name) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyStart..<tagStart]))
                    copyStart = index
                    continue
                }
                if droppedWithContent.contains(tag.name) {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyStart..<tagStart]))
                    copyStart = index
                    if !tag.closing, !tag.selfClosing { skipping = tag.name }
                    continue
                }
                // Asked without collecting the unsafe ones: no array per tag with attributes.
                guard tag.attributes.contains(where: { isUnsafe($0, bytes) }) else { continue }
                // Rebuild the tag without the unsafe attributes.
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyStart..<tagStart]))
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tagStart..<tag.nameEnd]))
                for attribute in tag.attributes where !isUnsafe(attribute, bytes) {
                    output.append(0x20)
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[attribute.span]))
                }
                if tag.selfClosing { output.append(contentsOf: " /".utf8) }
                output.append(UInt8(ascii: ">"))
                copyStart = index
            }
            // Nothing removed: the input is already clean.
            if copyStart == 0, skipping == nil { return original }
            if skipping == nil, copyStart < count {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copyStart..<count]))
            }
            return String(decoding: output, as: UTF8.self)
        }
    }

    private struct Attribute {
        var name: TagName
        var value: Range<Int>?
        var span: Range<Int>
    }

    private struct Tag {
        var name: TagName
        var nameEnd: Int
        var closing: Bool
        var selfClosing: Bool
        var attributes: [Attribute]
        var end: Int
    }

    private static func isUnsafe(_ attribute: Attribute, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
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

    /// Scans the tag at `start`; a comment, doctype or processing instruction has an empty name.
    private static func scanTag(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Tag? {
        var index = start + 1
        let count = bytes.count
        guard index < count else { return nil }
        if bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "?") {
            let isComment =
                index + 2 < count && bytes[index + 1] == UInt8(ascii: "-")
                && bytes[index + 2] == UInt8(ascii: "-")
            var end = index
            if isComment {
                end = index + 3
                while end + 2 < count,
                    !(bytes[end] == UInt8(ascii: "-") && bytes[end + 1] == UInt8(ascii: "-")
                        && bytes[end + 2] == UInt8(ascii: ">"))
                {
                    end += 1
                }
                end = min(count, end + 3)
            } else {
                while end < count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                end = min(count, end + 1)
            }
            return Tag(
                name: TagName(), nameEnd: end, closing: false, selfClosing: true, attributes: [], end: end)
        }
        var closing = false
        if bytes[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        let nameStart = index
        while index < count, ByteClass.isTagNameByte(bytes[index]) { index += 1 }
        guard index > nameStart else { return nil }
        let name = TagName(bytes, nameStart..<index)
        let nameEnd = index
        var attributes: [Attribute] = []
        var selfClosing = false
        while index < count {
            while index < count, ByteClass.isHTMLSpace(bytes[index]) { index += 1 }
            guard index < count else { break }
            if bytes[index] == UInt8(ascii: ">") {
                return Tag(
                    name: name, nameEnd: nameEnd, closing: closing, selfClosing: selfClosing,
                    attributes: attributes,
                    end: index + 1)
            }
            if bytes[index] == UInt8(ascii: "/") {
                selfClosing = true
                index += 1
                continue
            }
            selfClosing = false
            let attributeStart = index
            while index < count, !ByteClass.isHTMLSpace(bytes[index]), bytes[index] != UInt8(ascii: "="),
                bytes[index] != UInt8(ascii: ">"), bytes[index] != UInt8(ascii: "/")
            {
                index += 1
            }
            if index == attributeStart {
                index += 1
                continue
            }
            let attributeName = TagName(bytes, attributeStart..<index)
            var cursor = index
            while cursor < count, ByteClass.isHTMLSpace(bytes[cursor]) { cursor += 1 }
            var value: Range<Int>?
            if cursor < count, bytes[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < count, ByteClass.isHTMLSpace(bytes[cursor]) { cursor += 1 }
                if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    let quote = bytes[cursor]
                    let valueStart = cursor + 1
                    cursor = valueStart
                    while cursor < count, bytes[cursor] != quote { cursor += 1 }
                    value = valueStart..<cursor
                    cursor = min(count, cursor + 1)
                } else {
                    let valueStart = cursor
                    while cursor < count, !ByteClass.isHTMLSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") {
                        cursor += 1
                    }
                    value = valueStart..<cursor
                }
                index = cursor
            }
            attributes.append(
                Attribute(name: attributeName, value: value, span: attributeStart..<index))
        }
        return Tag(
            name: name, nameEnd: nameEnd, closing: closing, selfClosing: selfClosing,
            attributes: attributes, end: count)
    }

}
