/// Turns an HTML fragment into plain text: paragraphs separated by a blank line, white space
/// collapsed, character references decoded, scripts and styles dropped.
///
/// This is a tokenizer, not a parser: it does not build a tree, so it is fast and never fails,
/// which is what feed summaries and content need. Block elements (`p`, `div`, `li`, headings,
/// `br`, ...) end a paragraph.
public enum HTMLText {
    /// Plain text of `html`, paragraphs separated by `"\n\n"`.
    public static func plainText(fromHTML html: String) -> String {
        var paragraphs: [String] = []
        var current: [UInt8] = []
        var pendingSpace = false
        let bytes = Array(html.utf8)
        var index = 0
        var skipUntil: [UInt8]? = nil  // closing tag name of a raw-text element being skipped

        func endParagraph() {
            if !current.isEmpty {
                let text = HTMLEntities.decode(String(decoding: current, as: UTF8.self))
                let collapsed = collapseWhitespace(text)
                if !collapsed.isEmpty { paragraphs.append(collapsed) }
            }
            current.removeAll(keepingCapacity: true)
            pendingSpace = false
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                // Comment.
                if hasPrefix(bytes, at: index, "<!--") {
                    index = find(bytes, "-->", from: index + 4).map { $0 + 3 } ?? bytes.count
                    continue
                }
                // CDATA section inside HTML: keep its text.
                if hasPrefix(bytes, at: index, "<![CDATA[") {
                    let end = find(bytes, "]]>", from: index + 9) ?? bytes.count
                    if pendingSpace, !current.isEmpty { current.append(0x20) }
                    pendingSpace = false
                    current.append(contentsOf: escapeAmpersands(bytes[(index + 9)..<end]))
                    index = min(bytes.count, end + 3)
                    continue
                }
                guard let tag = readTag(bytes, at: index) else {
                    // A lone "<" is text.
                    if pendingSpace, !current.isEmpty { current.append(0x20) }
                    pendingSpace = false
                    current.append(byte)
                    index += 1
                    continue
                }
                index = tag.end
                if let skip = skipUntil {
                    if tag.isClosing && tag.name == skip { skipUntil = nil }
                    continue
                }
                if !tag.isClosing && rawTextElements.contains(tag.name) && !tag.selfClosing {
                    skipUntil = tag.name
                    continue
                }
                if blockElements.contains(tag.name) {
                    endParagraph()
                } else if tag.name == Array("img".utf8) {
                    pendingSpace = true
                } else {
                    // Inline element: acts as nothing (words stay joined: "<b>A</b>B" is "AB").
                }
                continue
            }
            if skipUntil != nil {
                index += 1
                continue
            }
            if isSpace(byte) {
                pendingSpace = true
            } else {
                if pendingSpace, !current.isEmpty { current.append(0x20) }
                pendingSpace = false
                current.append(byte)
            }
            index += 1
        }
        endParagraph()
        return paragraphs.joined(separator: "\n\n")
    }

    /// Collapses runs of white space (including no-break spaces) into one space and trims.
    public static func collapseWhitespace(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pending = false
        for character in text {
            if character.isWhitespace || character == "\u{00A0}" {
                pending = true
            } else {
                if pending, !result.isEmpty { result.append(" ") }
                pending = false
                result.append(character)
            }
        }
        return result
    }

    private struct Tag {
        var name: [UInt8]
        var isClosing: Bool
        var selfClosing: Bool
        var end: Int
    }

    /// Reads a tag starting at `start` ("<"); nil when the "<" does not start a tag.
    private static func readTag(_ bytes: [UInt8], at start: Int) -> Tag? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        var closing = false
        if bytes[index] == UInt8(ascii: "/") {
            closing = true
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "!") || bytes[index] == UInt8(ascii: "?") {
            // Doctype or processing instruction: skip to ">".
            let end = bytes[index...].firstIndex(of: UInt8(ascii: ">")).map { $0 + 1 } ?? bytes.count
            return Tag(name: [], isClosing: true, selfClosing: true, end: end)
        }
        var name: [UInt8] = []
        while index < bytes.count, isNameByte(bytes[index]) {
            name.append(lowercase(bytes[index]))
            index += 1
        }
        guard !name.isEmpty else { return nil }
        // Skip attributes, honouring quotes so that ">" inside a value does not end the tag.
        var quote: UInt8? = nil
        var selfClosing = false
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                selfClosing = index > start && bytes[index - 1] == UInt8(ascii: "/")
                return Tag(name: name, isClosing: closing, selfClosing: selfClosing, end: index + 1)
            }
            index += 1
        }
        return Tag(name: name, isClosing: closing, selfClosing: selfClosing, end: bytes.count)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
    }

    private static func hasPrefix(_ bytes: [UInt8], at index: Int, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        return prefix.withUTF8Buffer { buffer in
            for offset in 0..<count where lowercase(bytes[index + offset]) != lowercase(buffer[offset]) {
                return false
            }
            return true
        }
    }

    private static func find(_ bytes: [UInt8], _ needle: StaticString, from start: Int) -> Int? {
        var index = start
        while index < bytes.count {
            if hasPrefix(bytes, at: index, needle) { return index }
            index += 1
        }
        return nil
    }

    /// CDATA text is literal: protect its ampersands from entity decoding.
    private static func escapeAmpersands(_ slice: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(slice.count)
        for byte in slice {
            if byte == UInt8(ascii: "&") {
                result.append(contentsOf: Array("&amp;".utf8))
            } else {
                result.append(byte)
            }
        }
        return result
    }

    private static let rawTextElements: Set<[UInt8]> = Set(
        ["script", "style", "noscript", "template", "iframe", "svg", "math", "head", "title"].map { Array($0.utf8) })

    private static let blockElements: Set<[UInt8]> = Set(
        [
            "p", "div", "br", "hr", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
            "blockquote", "pre", "section", "article", "header", "footer", "aside", "nav", "main",
            "figure", "figcaption", "table", "tr", "td", "th", "thead", "tbody", "form", "address",
            "body", "html",
        ].map { Array($0.utf8) })
}
