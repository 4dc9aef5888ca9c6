/// Where HTML's tokenizer (WHATWG HTML, "Tokenization") ends tags, comments and raw text, for the
/// two scanners that must agree on it: `HTMLSanitizer`, which cuts markup out, and `PlainText`,
/// which reads the text between it. The plain text of a fragment is then the same whether it was
/// sanitized first or not, so a caller that wants only text can skip the sanitizer.
///
/// The rules followed: a tag opens at `<` and an ASCII letter (`</` and a letter for an end tag),
/// its name runs to white space, `/` or `>`, and it ends at the first `>` outside a quoted
/// attribute value (a quote opens a value only after `=`, and `=` first in an attribute's place is
/// part of its name); a tag the input ends inside takes the rest of it. `<!--` opens a comment that
/// ends at `-->` or `--!>` (`<!-->` and `<!--->` are empty comments); any other `<!`, `<?`, and `</`
/// followed by neither a letter nor `>` open a bogus comment that ends at the first `>`: a CDATA
/// section counts as one, as it does outside SVG and MathML, and feeds' HTML is parsed as HTML.
/// `</>` is nothing. Any other `<` is text. Script and style bodies are raw text, ending at `</`,
/// the element's name and white space, `/` or `>` (the escaped-script states that let a
/// `</script>` inside `<!--<script>` stay script are not modelled).
enum HTMLMarkup {
    struct Attribute {
        var name: TagName
        var value: Range<Int>?
        var span: Range<Int>
    }

    /// A tag; for a comment, bogus comment or `</>`, one with an empty name.
    struct Tag {
        /// The whole name, lower-cased (`x:script`).
        var name: TagName
        /// The name after its last colon (`script`): what the element sets test.
        var localName: TagName
        /// Where the name (after `<` or `</`) is in the input.
        var nameRange: Range<Int>
        var closing: Bool
        var selfClosing: Bool
        /// The index after the tag's `>` (the input's end when it has none).
        var end: Int

        var isComment: Bool { name.isEmpty }
    }

    /// The markup that the `<` at `start` opens; nil when it is text.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> Tag? {
        scan(bytes, start, into: nil)
    }

    /// The markup that the `<` at `start` opens, its attributes appended to `attributes`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, attributes: inout [Attribute]) -> Tag? {
        withUnsafeMutablePointer(to: &attributes) { scan(bytes, start, into: $0) }
    }

    /// Inlined into both callers, so that the text conversion, which passes nil, keeps no code
    /// for attributes.
    @inline(__always)
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, into attributes: UnsafeMutablePointer<[Attribute]>?
    ) -> Tag? {
        let count = bytes.count
        var index = start + 1
        guard index < count else { return nil }
        let first = bytes[index]
        if first == UInt8(ascii: "!") {
            if index + 2 < count, bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == UInt8(ascii: "-") {
                return comment(end: commentEnd(bytes, from: index + 3), at: start)
            }
            return comment(end: bogusCommentEnd(bytes, from: index + 1), at: start)
        }
        if first == UInt8(ascii: "?") {
            return comment(end: bogusCommentEnd(bytes, from: index), at: start)
        }
        var closing = false
        if first == UInt8(ascii: "/") {
            closing = true
            index += 1
            guard index < count else { return nil }
            if bytes[index] == UInt8(ascii: ">") { return comment(end: index + 1, at: start) }
            guard ByteClass.isLetter(bytes[index]) else {
                return comment(end: bogusCommentEnd(bytes, from: index), at: start)
            }
        } else if !ByteClass.isLetter(first) {
            return nil
        }
        let nameStart = index
        var localStart = index
        while index < count {
            let byte = bytes[index]
            if ByteClass.isHTMLSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { break }
            if byte == UInt8(ascii: ":") { localStart = index + 1 }
            index += 1
        }
        let nameRange = nameStart..<index
        let name = TagName(bytes, nameRange)
        var tag = Tag(
            name: name, localName: localStart == nameStart ? name : TagName(bytes, localStart..<index),
            nameRange: nameRange,
            closing: closing, selfClosing: false, end: count)
        while index < count {
            while index < count, ByteClass.isHTMLSpace(bytes[index]) { index += 1 }
            guard index < count else { break }
            if bytes[index] == UInt8(ascii: ">") {
                tag.end = index + 1
                return tag
            }
            if bytes[index] == UInt8(ascii: "/") {
                tag.selfClosing = true
                index += 1
                continue
            }
            tag.selfClosing = false
            let attributeStart = index
            // A "=" where a name starts is the name's first character.
            if bytes[index] == UInt8(ascii: "=") { index += 1 }
            while index < count {
                let byte = bytes[index]
                if ByteClass.isHTMLSpace(byte) || byte == UInt8(ascii: "=") || byte == UInt8(ascii: ">")
                    || byte == UInt8(ascii: "/")
                {
                    break
                }
                index += 1
            }
            let nameEnd = index
            var cursor = index
            while cursor < count, ByteClass.isHTMLSpace(bytes[cursor]) { cursor += 1 }
            var value: Range<Int>?
            if cursor < count, bytes[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < count, ByteClass.isHTMLSpace(bytes[cursor]) { cursor += 1 }
                if cursor < count, bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    let quote = bytes[cursor]
                    let valueStart = cursor + 1
                    cursor =
                        ByteClass.firstIndex(of: quote, in: bytes, from: valueStart, through: count - 1) ?? count
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
            attributes?.pointee.append(
                Attribute(name: TagName(bytes, attributeStart..<nameEnd), value: value, span: attributeStart..<index))
        }
        return tag
    }

    /// The start of the end tag that closes the raw text (a script's or style's) from `start`, for
    /// an element named as the input's bytes `name` are; the input's end when none does.
    static func rawTextEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, name: Range<Int>) -> Int {
        let count = bytes.count
        let length = name.count
        var index = start
        while index + 2 + length <= count,
            let open = ByteClass.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: index, through: count - 2 - length)
        {
            index = open + 1
            guard bytes[open + 1] == UInt8(ascii: "/") else { continue }
            var matched = true
            for offset in 0..<length where bytes[open + 2 + offset] | 0x20 != bytes[name.lowerBound + offset] | 0x20 {
                matched = false
                break
            }
            guard matched else { continue }
            let after = open + 2 + length
            if after == count { return open }
            let byte = bytes[after]
            if ByteClass.isHTMLSpace(byte) || byte == UInt8(ascii: "/") || byte == UInt8(ascii: ">") { return open }
        }
        return count
    }

    private static func comment(end: Int, at start: Int) -> Tag {
        Tag(
            name: TagName(), localName: TagName(), nameRange: start..<start, closing: false, selfClosing: true,
            end: end)
    }

    /// The end of a comment whose text starts at `start` (after `<!--`).
    private static func commentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let count = bytes.count
        if start < count, bytes[start] == UInt8(ascii: ">") { return start + 1 }
        if start + 1 < count, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: ">") {
            return start + 2
        }
        var index = start
        while index + 2 < count,
            let dash = ByteClass.firstIndex(of: UInt8(ascii: "-"), in: bytes, from: index, through: count - 3)
        {
            if bytes[dash + 1] == UInt8(ascii: "-") {
                if bytes[dash + 2] == UInt8(ascii: ">") { return dash + 3 }
                if dash + 3 < count, bytes[dash + 2] == UInt8(ascii: "!"), bytes[dash + 3] == UInt8(ascii: ">") {
                    return dash + 4
                }
            }
            index = dash + 1
        }
        return count
    }

    /// The end of a bogus comment whose text starts at `start`: after the first `>`.
    private static func bogusCommentEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard start < bytes.count else { return bytes.count }
        return ByteClass.firstIndex(of: UInt8(ascii: ">"), in: bytes, from: start, through: bytes.count - 1)
            .map { $0 + 1 } ?? bytes.count
    }
}
