import BriefingCore
import Foundation

/// A hand-written, lenient XML tokenizer that builds an `MarkupElement` tree from UTF-8 bytes.
///
/// Why not Foundation's `XMLParser`: real feeds are often not well-formed (undeclared HTML
/// entities such as `&nbsp;`, stray `&`, unclosed tags), and libxml2 stops at the first error,
/// so a fallback tokenizer would be needed anyway. One tokenizer that is lenient from the start
/// gives a single code path, recovery with a `recovered` flag instead of a second parse, and
/// full control over safety: it never loads a DTD or an external entity, expands internal
/// entities within a fixed budget (billion laughs and quadratic blow-up end with a clear
/// error), caps nesting depth, and runs in one linear pass over the bytes.
///
/// Recovery rules: an undeclared named reference is decoded from the HTML table (or kept as
/// written when unknown); a lone `&` or `<` is text; an end tag that matches an open element
/// closes everything above it; an end tag matching nothing is ignored; unclosed elements are
/// closed at the end of input.
struct XMLTreeBuilder {
    /// Limits that keep hostile documents cheap.
    struct Limits {
        /// The deepest element nesting accepted.
        var maxDepth = 512
        /// The most characters internal entity expansion may produce in one document.
        var maxEntityExpansion = 1 << 20
        /// The most elements one document may have (a tree node costs ~200 bytes, so a flood of
        /// `<a/>` would otherwise turn 32 MB into gigabytes).
        var maxElements = 500_000
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: Limits
    private var index = 0
    private var stack: [MarkupElement] = []
    private var root: MarkupElement?
    private var recovered = false
    private var doctype: String?
    private var entities: [String: String] = [:]
    private var expansionBudget: Int
    private var pendingText: [UInt8] = []
    private var pendingSpan: Range<Int>?
    private var elementCount = 0
    /// Prefixes already resolved in the open elements' bindings; emptied whenever an element
    /// with bindings opens or closes (walking the stack and hashing the prefix at each element
    /// was ~400 instructions an element).
    private var resolved: [(prefix: String, uri: String)] = []
    /// Element and attribute names read so far, by their bytes (`NameKey`), with their prefix and
    /// local part: a feed uses a few dozen names thousands of times, and a name found here costs
    /// no string made from the source's bytes (which the standard library validates) and no split.
    /// A direct-mapped table: a name's slot is a hash of its key, and a new name takes it over.
    private var nameKeys = [NameKey](repeating: NameKey(count: -1), count: 64)
    private var nameValues = [SplitName](repeating: SplitName(qualified: "", prefix: "", local: ""), count: 64)
    private let source: XMLSource
    private let documentBase: String?
    /// Called on the building thread when an element at depth 3 or less whose local name is
    /// `item` or `entry` closes, with its open ancestors (the root first). Its subtree is final
    /// then: the builder only ever appends to the elements on its stack.
    private let shallowItemClosed: ShallowItemClosed?

    /// See ``shallowItemClosed``.
    typealias ShallowItemClosed = (_ element: MarkupElement, _ ancestors: ArraySlice<MarkupElement>) -> Void

    private init(bytes: UnsafeBufferPointer<UInt8>, base: String?, limits: Limits, itemClosed: ShallowItemClosed?) {
        self.shallowItemClosed = itemClosed
        self.bytes = bytes
        self.source = XMLSource(bytes: bytes)
        self.limits = limits
        self.expansionBudget = limits.maxEntityExpansion
        self.documentBase = base
    }

    /// Parses UTF-8 bytes in place into a tree; throws when no root element exists or a limit is hit.
    ///
    /// The tree reads text from `buffer`: use it only while `buffer` is valid.
    /// `itemClosed` sees each shallow `item` / `entry` element as it closes (see ``shallowItemClosed``).
    static func parse(
        _ buffer: UnsafeBufferPointer<UInt8>, base: String?, limits: Limits = Limits(),
        itemClosed: ShallowItemClosed? = nil
    ) throws(FeedParsingError) -> MarkupDocument {
        var builder = XMLTreeBuilder(bytes: buffer, base: base, limits: limits, itemClosed: itemClosed)
        return try builder.run()
    }

    private mutating func run() throws(FeedParsingError) -> MarkupDocument {
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                try markup()
            } else if byte == UInt8(ascii: "&") {
                try reference()
            } else {
                // Fast path: a run of plain text, eight bytes at a time.
                let start = index
                index = ByteClass.nextMarkup(bytes, from: index)
                if !stack.isEmpty { appendSpan(start..<index) }
            }
        }
        flushText()
        if stack.count > 0 { recovered = true }
        stack.removeAll()
        guard let root else { throw FeedParsingError("no XML root element found") }
        return MarkupDocument(root: root, recovered: recovered, doctype: doctype)
    }

    // MARK: - Markup

    private mutating func markup() throws(FeedParsingError) {
        let count = bytes.count
        guard index + 1 < count else {
            appendLiteral(UInt8(ascii: "<"))
            index += 1
            recovered = true
            return
        }
        let next = bytes[index + 1]
        if next == UInt8(ascii: "!") {
            if hasPrefix("<!--") {
                index = find("-->", from: index + 4).map { $0 + 3 } ?? count
            } else if hasPrefix("<![CDATA[") {
                let start = index + 9
                let end = find("]]>", from: start)
                if end == nil { recovered = true }
                let stop = end ?? count
                if !stack.isEmpty { appendSpan(start..<stop) }
                index = min(count, stop + 3)
            } else if hasPrefixIgnoringCase("<!DOCTYPE") {
                readDoctype()
            } else {
                index = find(">", from: index).map { $0 + 1 } ?? count
            }
        } else if next == UInt8(ascii: "?") {
            index = find("?>", from: index + 2).map { $0 + 2 } ?? count
        } else if next == UInt8(ascii: "/") {
            endTag()
        } else if ByteClass.isXMLNameStart(next) {
            try startTag()
        } else {
            // A lone "<" in text.
            recovered = true
            appendLiteral(UInt8(ascii: "<"))
            index += 1
        }
    }

    private mutating func startTag() throws(FeedParsingError) {
        flushText()
        index += 1
        let name = readSplitName()
        var rawAttributes: [(SplitName, String)] = []
        var selfClosing = false
        let count = bytes.count
        while index < count {
            skipSpace()
            guard index < count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: ">") {
                index += 1
                break
            }
            if byte == UInt8(ascii: "/") {
                if index + 1 < count, bytes[index + 1] == UInt8(ascii: ">") {
                    selfClosing = true
                    index += 2
                    break
                }
                index += 1
                continue
            }
            if byte == UInt8(ascii: "<") {
                // Unterminated tag: let the next tag start here.
                recovered = true
                break
            }
            let attributeName = readSplitName()
            if attributeName.qualified.isEmpty {
                recovered = true
                index += 1
                continue
            }
            skipSpace()
            var value = ""
            if index < count, bytes[index] == UInt8(ascii: "=") {
                index += 1
                skipSpace()
                value = try readAttributeValue()
            } else {
                recovered = true
            }
            rawAttributes.append((attributeName, value))
        }
        elementCount += 1
        guard elementCount <= limits.maxElements else {
            throw FeedParsingError("more than \(limits.maxElements) elements")
        }
        guard stack.count < limits.maxDepth else {
            throw FeedParsingError("elements nested deeper than \(limits.maxDepth) levels")
        }
        let element = makeElement(name: name, rawAttributes: rawAttributes)
        if let parent = stack.last {
            parent.children.append(.element(element))
        } else if root == nil {
            root = element
        } else {
            // Content after the root element: ignore it.
            recovered = true
            return
        }
        if !selfClosing {
            if element.bindings != nil { resolved.removeAll(keepingCapacity: true) }
            stack.append(element)
        }
    }

    /// A name, its prefix ("" for none) and its local part.
    struct SplitName {
        var qualified: String
        var prefix: String
        var local: String
    }

    /// Up to 16 bytes of a name packed as they are (XML names are case-sensitive), and its length.
    struct NameKey: Equatable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        var count = 0
    }

    /// Reads the name at `index`, split at its colon; names of up to 16 bytes come from `names`.
    private mutating func readSplitName() -> SplitName {
        let start = index
        let count = bytes.count
        while index < count, ByteClass.isXMLNameByte(bytes[index]) { index += 1 }
        let length = index - start
        guard length <= 16 else { return split(source.string(start..<index)) }
        var key = NameKey(count: length)
        if start + 16 <= count {
            func masked(_ word: UInt64, _ length: Int) -> UInt64 {
                length >= 8 ? word : word & ((1 << (8 * UInt64(length))) - 1)
            }
            key.low = masked(ByteClass.word(bytes, at: start), length)
            if length > 8 { key.high = masked(ByteClass.word(bytes, at: start + 8), length - 8) }
        } else {
            for offset in 0..<length {
                let byte = UInt64(bytes[start + offset])
                if offset < 8 { key.low |= byte << (8 * UInt64(offset)) } else { key.high |= byte << (8 * UInt64(offset - 8)) }
            }
        }
        let slot = Int(truncatingIfNeeded: ((key.low ^ (key.high &* 31)) &* 0x9E37_79B9_7F4A_7C15) >> 58)
        if nameKeys[slot] == key { return nameValues[slot] }
        let name = split(source.string(start..<index))
        nameKeys[slot] = key
        nameValues[slot] = name
        return name
    }

    private func split(_ name: String) -> SplitName {
        let (prefix, local) = splitName(name)
        return SplitName(qualified: name, prefix: prefix, local: local)
    }

    private func splitName(_ name: String) -> (prefix: String, local: String) {
        // Searched in the contiguous bytes: the generic search over a `UTF8View` cost ~450
        // instructions a name.
        var copy = name
        guard let colon = copy.withUTF8({ $0.firstIndex(of: UInt8(ascii: ":")) }) else { return ("", name) }
        let utf8 = name.utf8
        let at = utf8.index(utf8.startIndex, offsetBy: colon)
        return (String(name[..<at]), String(name[utf8.index(after: at)...]))
    }

    private mutating func makeElement(name: SplitName, rawAttributes: [(SplitName, String)]) -> MarkupElement {
        var bindings: [String: String]?
        var attributes: [XMLAttribute] = []
        attributes.reserveCapacity(rawAttributes.count)
        var xmlBase: String?
        for (splitAttributeName, value) in rawAttributes {
            let attributeName = splitAttributeName.qualified
            if attributeName == "xmlns" {
                bindings = bindings ?? [:]
                bindings?[""] = Namespace.normalize(value)
            } else if attributeName.hasPrefix("xmlns:") {
                bindings = bindings ?? [:]
                bindings?[String(attributeName.dropFirst(6))] = Namespace.normalize(value)
            } else if attributeName == "xml:base" {
                xmlBase = value
            }
            attributes.append(
                XMLAttribute(name: attributeName, localName: splitAttributeName.local, value: value))
        }
        let element = MarkupElement(
            qualifiedName: name.qualified, localName: name.local, namespace: "", attributes: attributes,
            source: source)
        element.bindings = bindings
        element.namespace = resolve(prefix: name.prefix, own: bindings)
        let parentBase = stack.last?.base ?? documentBase
        if let xmlBase {
            element.base = URLResolution.resolve(
                xmlBase.trimmed, against: parentBase)
        } else {
            element.base = parentBase
        }
        return element
    }

    private mutating func resolve(prefix: String, own: [String: String]?) -> String {
        if let own {
            if let uri = own[prefix] { return uri }
        } else {
            for entry in resolved where entry.prefix == prefix { return entry.uri }
        }
        let uri = resolveInScope(prefix)
        if own == nil, resolved.count < 8 { resolved.append((prefix, uri)) }
        return uri
    }

    /// The namespace `prefix` has in the open elements (or the usual guess when none binds it).
    private mutating func resolveInScope(_ prefix: String) -> String {
        for element in stack.reversed() {
            if let uri = element.bindings?[prefix] { return uri }
        }
        if prefix.isEmpty { return "" }
        if prefix == "xml" { return "http://www.w3.org/XML/1998/namespace" }
        // Undeclared prefix: guess the usual namespace for well-known prefixes.
        recovered = true
        return Namespace.wellKnownPrefixes[prefix.lowercased()] ?? prefix
    }

    private mutating func endTag() {
        flushText()
        index += 2
        let start = index
        while index < bytes.count, ByteClass.isXMLNameByte(bytes[index]) { index += 1 }
        let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
        index = find(">", from: index).map { $0 + 1 } ?? bytes.count
        // The innermost element almost always matches. Otherwise look a bounded way down the
        // stack, so that a flood of stray end tags stays linear; an end tag that matches nothing
        // near the top is ignored. Names are compared as bytes, with no string made for the tag.
        let lowest = max(0, stack.count - 64)
        guard let position = stack[lowest...].lastIndex(where: { Self.equal($0.qualifiedName, name) }) else {
            recovered = true
            return
        }
        if position != stack.count - 1 { recovered = true }
        if stack[position...].contains(where: { $0.bindings != nil }) { resolved.removeAll(keepingCapacity: true) }
        if let shallowItemClosed, position <= 2 {
            // Innermost first, as they close; their text was flushed above.
            for depth in stride(from: min(stack.count - 1, 2), through: position, by: -1) {
                let element = stack[depth]
                let length = element.localName.utf8.count
                if (length == 4 && element.localName == "item") || (length == 5 && element.localName == "entry") {
                    shallowItemClosed(element, stack[..<depth])
                }
            }
        }
        stack.removeSubrange(position...)
    }

    private mutating func readDoctype() {
        let start = index
        let count = bytes.count
        index += 9
        var depth = 0
        var quote: UInt8 = 0
        while index < count {
            let byte = bytes[index]
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "]") {
                depth -= 1
            } else if byte == UInt8(ascii: ">"), depth <= 0 {
                index += 1
                break
            } else if byte == UInt8(ascii: "<"), depth > 0, hasPrefix("<!ENTITY") {
                readEntityDeclaration()
                continue
            }
            index += 1
        }
        doctype = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<min(index, count)]), as: UTF8.self)
    }

    /// Reads `<!ENTITY name "value">`; parameter and external entities are recorded as empty.
    private mutating func readEntityDeclaration() {
        index += 8
        skipSpace()
        var parameter = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "%") {
            parameter = true
            index += 1
            skipSpace()
        }
        let name = readName()
        skipSpace()
        var value: String?
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") {
            let quote = bytes[index]
            let start = index + 1
            var end = start
            while end < bytes.count, bytes[end] != quote { end += 1 }
            value = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
            index = min(bytes.count, end + 1)
        }
        // Skip to the end of the declaration, honouring quotes.
        var quote: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if quote != 0 {
                if byte == quote { quote = 0 }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                break
            }
        }
        if !parameter, !name.isEmpty, entities[name] == nil {
            // External (SYSTEM / PUBLIC) entities are never loaded: they expand to nothing.
            entities[name] = value ?? ""
        }
    }

    // MARK: - References

    private mutating func reference() throws(FeedParsingError) {
        materializeSpan()
        var text = pendingText
        pendingText = []
        let decoded = try decodeReference(into: &text)
        pendingText = text
        if let decoded {
            if stack.isEmpty { pendingText.removeAll() }
            index = decoded
        } else {
            recovered = true
            appendLiteral(UInt8(ascii: "&"))
            index += 1
        }
    }

    /// Decodes the reference at `index` into `output`; returns the index after it, or nil when
    /// the `&` does not start a reference.
    private mutating func decodeReference(into output: inout [UInt8]) throws(FeedParsingError) -> Int? {
        let count = bytes.count
        var cursor = index + 1
        guard cursor < count else { return nil }
        if bytes[cursor] == UInt8(ascii: "#") {
            cursor += 1
            var radix: UInt32 = 10
            if cursor < count, bytes[cursor] | 0x20 == UInt8(ascii: "x") {
                radix = 16
                cursor += 1
            }
            var value: UInt32 = 0
            var digits = 0
            while cursor < count, let digit = hexValue(bytes[cursor]), digit < radix {
                if value < 0x110000 { value = value * radix + digit }
                digits += 1
                cursor += 1
            }
            guard digits > 0, cursor < count, bytes[cursor] == UInt8(ascii: ";") else { return nil }
            appendScalar(CharacterEntities.numericScalar(value), to: &output)
            return cursor + 1
        }
        let start = cursor
        while cursor < count, cursor - start < 64, ByteClass.isXMLNameByte(bytes[cursor]) { cursor += 1 }
        guard cursor > start, cursor < count, bytes[cursor] == UInt8(ascii: ";") else { return nil }
        let end = cursor + 1
        // The XML five, which escaped HTML is full of, without making a String.
        let length = cursor - start
        if length == 2, bytes[start + 1] == UInt8(ascii: "t") {
            if bytes[start] == UInt8(ascii: "l") {
                output.append(UInt8(ascii: "<"))
                return end
            }
            if bytes[start] == UInt8(ascii: "g") {
                output.append(UInt8(ascii: ">"))
                return end
            }
        } else if length == 3, bytes[start] == UInt8(ascii: "a"), bytes[start + 1] == UInt8(ascii: "m"),
            bytes[start + 2] == UInt8(ascii: "p")
        {
            output.append(UInt8(ascii: "&"))
            return end
        } else if length == 4, bytes[start + 1] == UInt8(ascii: "u") || bytes[start + 1] == UInt8(ascii: "p") {
            // `&quot;` (attributes in escaped HTML are full of it) and `&apos;`.
            let name =
                (UInt32(bytes[start]) << 24) | (UInt32(bytes[start + 1]) << 16)
                | (UInt32(bytes[start + 2]) << 8) | UInt32(bytes[start + 3])
            if name == 0x7175_6F74 {  // "quot"
                output.append(UInt8(ascii: "\""))
                return end
            }
            if name == 0x6170_6F73 {  // "apos"
                output.append(UInt8(ascii: "'"))
                return end
            }
        }
        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<cursor]), as: UTF8.self)
        switch name {
        case "amp": output.append(UInt8(ascii: "&"))
        case "lt": output.append(UInt8(ascii: "<"))
        case "gt": output.append(UInt8(ascii: ">"))
        case "quot": output.append(UInt8(ascii: "\""))
        case "apos": output.append(UInt8(ascii: "'"))
        default:
            if let value = entities[name] {
                try expand(value, depth: 0, into: &output)
            } else if let scalar = CharacterEntities.html[name] {
                recovered = true
                appendScalar(scalar, to: &output)
            } else {
                // Unknown: keep it as written.
                recovered = true
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
            }
        }
        return end
    }

    /// Expands an internal entity's replacement text, recursively, within the budget.
    private mutating func expand(_ value: String, depth: Int, into output: inout [UInt8])
        throws(FeedParsingError)
    {
        guard depth < 16 else { throw FeedParsingError("entity references nested too deeply") }
        let utf8 = Array(value.utf8)
        var position = 0
        while position < utf8.count {
            let byte = utf8[position]
            if byte == UInt8(ascii: "&"),
                let semicolon = utf8[position...].firstIndex(of: UInt8(ascii: ";")),
                semicolon - position < 64
            {
                let name = String(decoding: utf8[(position + 1)..<semicolon], as: UTF8.self)
                if let nested = entities[name] {
                    try expand(nested, depth: depth + 1, into: &output)
                    position = semicolon + 1
                    continue
                }
                if name.hasPrefix("#") || ["amp", "lt", "gt", "quot", "apos"].contains(name)
                    || CharacterEntities.html[name] != nil
                {
                    // Let the general decoder handle it by re-reading the reference text.
                    let reference = String(decoding: utf8[position...semicolon], as: UTF8.self)
                    let decoded = CharacterEntities.decodeReferences(reference).utf8
                    output.append(contentsOf: decoded)
                    try spend(decoded.count)
                    position = semicolon + 1
                    continue
                }
            }
            output.append(byte)
            try spend(1)
            position += 1
        }
    }

    private mutating func spend(_ amount: Int) throws(FeedParsingError) {
        expansionBudget -= amount
        if expansionBudget < 0 {
            throw FeedParsingError(
                "entity expansion exceeds \(limits.maxEntityExpansion) characters (billion laughs or quadratic blow-up?)"
            )
        }
    }

    // MARK: - Text

    private mutating func appendLiteral(_ byte: UInt8) {
        guard !stack.isEmpty else { return }
        materializeSpan()
        pendingText.append(byte)
    }

    /// Adds source bytes that need no decoding: kept as a span while the text is one contiguous run.
    private mutating func appendSpan(_ range: Range<Int>) {
        guard !range.isEmpty else { return }
        if pendingText.isEmpty {
            if let span = pendingSpan {
                if span.upperBound == range.lowerBound {
                    pendingSpan = span.lowerBound..<range.upperBound
                    return
                }
            } else {
                pendingSpan = range
                return
            }
        }
        materializeSpan()
        pendingText.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// Moves the pending span into `pendingText` (before decoded text is appended).
    private mutating func materializeSpan() {
        guard let span = pendingSpan else { return }
        pendingText.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[span]))
        pendingSpan = nil
    }

    private mutating func flushText() {
        if let span = pendingSpan {
            stack.last?.children.append(.span(span))
            pendingSpan = nil
            return
        }
        guard !pendingText.isEmpty else { return }
        if let parent = stack.last {
            // Well-formed: source bytes cut at ASCII delimiters, and decoded scalars.
            let text = pendingText.withUnsafeBufferPointer { bytes in
                UTF8Validation.string(ofValid: bytes, 0..<bytes.count)
            }
            parent.children.append(.text(text))
        }
        pendingText.removeAll(keepingCapacity: true)
    }

    private func appendScalar(_ scalar: Unicode.Scalar, to output: inout [UInt8]) {
        UTF8.encode(scalar) { output.append($0) }
    }

    // MARK: - Lexical helpers

    /// True when `name`'s UTF-8 is `bytes`.
    @inline(__always)
    private static func equal(_ name: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var name = name
        return name.withUTF8 { utf8 in
            guard utf8.count == bytes.count else { return false }
            guard let left = utf8.baseAddress, let right = bytes.baseAddress else { return true }
            return memcmp(left, right, bytes.count) == 0
        }
    }

    private mutating func readName() -> String {
        let start = index
        while index < bytes.count, ByteClass.isXMLNameByte(bytes[index]) { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    private mutating func readAttributeValue() throws(FeedParsingError) -> String {
        let count = bytes.count
        guard index < count else { return "" }
        let quote = bytes[index]
        var output: [UInt8] = []
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            // The usual value, with no reference and no white space to normalize, is made from the
            // source's bytes as they are, without collecting them first.
            var end = index
            while end < count, bytes[end] != quote, bytes[end] != UInt8(ascii: "&"), bytes[end] >= 0x20 { end += 1 }
            if end < count, bytes[end] == quote {
                let value = source.string(index..<end)
                index = end + 1
                return value
            }
            while index < count, bytes[index] != quote {
                let byte = bytes[index]
                if byte == UInt8(ascii: "&") {
                    if let end = try decodeReference(into: &output) {
                        index = end
                        continue
                    }
                    recovered = true
                    output.append(byte)
                } else if byte == 0x09 || byte == 0x0A || byte == 0x0D {
                    output.append(0x20)
                } else {
                    output.append(byte)
                }
                index += 1
            }
            if index >= count { recovered = true }
            index += 1
        } else {
            // Unquoted value (HTML-style): up to white space or ">".
            recovered = true
            while index < count, !ByteClass.isXMLSpace(bytes[index]), bytes[index] != UInt8(ascii: ">") {
                output.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private mutating func skipSpace() {
        while index < bytes.count, ByteClass.isXMLSpace(bytes[index]) { index += 1 }
    }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    private func hasPrefix(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        return prefix.withUTF8Buffer { buffer in
            for offset in 0..<length where bytes[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    private func hasPrefixIgnoringCase(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        return prefix.withUTF8Buffer { buffer in
            for offset in 0..<length where bytes[index + offset] | 0x20 != buffer[offset] | 0x20 {
                return false
            }
            return true
        }
    }

    /// The index of the next occurrence of `needle` at or after `start`.
    private func find(_ needle: StaticString, from start: Int) -> Int? {
        let length = needle.utf8CodeUnitCount
        return needle.withUTF8Buffer { buffer -> Int? in
            let first = buffer[0]
            var position = start
            let last = bytes.count - length
            while let hit = ByteClass.firstIndex(of: first, in: bytes, from: position, through: last) {
                var matched = true
                for offset in 1..<max(1, length) where bytes[hit + offset] != buffer[offset] {
                    matched = false
                    break
                }
                if matched { return hit }
                position = hit + 1
            }
            return nil
        }
    }
}
