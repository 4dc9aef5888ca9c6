import BriefingCore
import Foundation

/// An element of a parsed XML document: qualified name, resolved namespace, attributes,
/// children (elements and text), and its effective `xml:base`.
///
/// The tree is internal to the parser and is built by `XMLTreeBuilder`; it is a class so that
/// children can be appended while the builder walks the document. Its mutable properties skip
/// the runtime's dynamic exclusivity checks (`@exclusivity(unchecked)`): one parse reads and
/// writes them on one thread and never while another access to them is open, and the checks cost
/// about 2.5% of the parse's instructions on the large feeds.
final class MarkupElement {
    /// The name as written, e.g. `dc:creator`.
    let qualifiedName: String
    /// The local part of the name, e.g. `creator`.
    let localName: String
    /// The resolved namespace URI ("" for none).
    @exclusivity(unchecked) var namespace: String
    /// Attributes in document order.
    @exclusivity(unchecked) var attributes: [XMLAttribute]
    /// Children in document order.
    @exclusivity(unchecked) var children: [XMLChild] = []
    /// The element's effective base URL (`xml:base` resolved against the parent's base).
    @exclusivity(unchecked) var base: String?
    /// Namespace bindings declared on this element (prefix "" is the default namespace).
    @exclusivity(unchecked) var bindings: [String: String]?

    /// The document's bytes, which `.span` children point into.
    let source: XMLSource

    init(
        qualifiedName: String, localName: String, namespace: String, attributes: [XMLAttribute],
        source: XMLSource
    ) {
        self.source = source
        self.qualifiedName = qualifiedName
        self.localName = localName
        self.namespace = namespace
        self.attributes = attributes
    }

    /// The value of the attribute whose local name is `name` (any namespace, first match).
    func attribute(_ name: String) -> String? {
        for attribute in attributes where attribute.localName == name { return attribute.value }
        return nil
    }

    /// The value of the attribute with qualified name `name`, compared case-insensitively.
    func attribute(qualified name: String) -> String? {
        for attribute in attributes where attribute.name.lowercased() == name { return attribute.value }
        return nil
    }

    /// Child elements.
    var elements: [MarkupElement] {
        children.compactMap {
            if case .element(let element) = $0 { return element }
            return nil
        }
    }

    /// The concatenated text of this element's direct text children.
    var text: String {
        var result = ""
        for child in children {
            switch child {
            case .text(let text): result += text
            case .span(let range): result += source.string(range)
            case .element: break
            }
        }
        return result
    }

    /// The concatenated text of this element and all its descendants.
    var deepText: String {
        var result = ""
        appendDeepText(to: &result)
        return result
    }

    private func appendDeepText(to result: inout String) {
        for child in children {
            switch child {
            case .text(let text): result += text
            case .span(let range): result += source.string(range)
            case .element(let element): element.appendDeepText(to: &result)
            }
        }
    }

    /// The children serialized back to markup (for inline XHTML content).
    var innerXML: String {
        var output: [UInt8] = []
        for child in children { serialize(child, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    private func serialize(_ child: XMLChild, into output: inout [UInt8]) {
        switch child {
        case .text(let text):
            MarkupElement.appendEscaped(text, attribute: false, to: &output)
        case .span(let range):
            // Spans hold no "&" and no "<": they are already valid markup text.
            output.append(contentsOf: UnsafeBufferPointer(rebasing: source.bytes[range]))
        case .element(let element):
            let name = element.namespace == Namespace.xhtml ? element.localName : element.qualifiedName
            output.append(UInt8(ascii: "<"))
            output.append(contentsOf: name.utf8)
            for attribute in element.attributes where !attribute.name.hasPrefix("xmlns") {
                output.append(0x20)
                output.append(contentsOf: attribute.name.utf8)
                output.append(contentsOf: "=\"".utf8)
                MarkupElement.appendEscaped(attribute.value, attribute: true, to: &output)
                output.append(UInt8(ascii: "\""))
            }
            if element.children.isEmpty {
                output.append(contentsOf: " />".utf8)
            } else {
                output.append(UInt8(ascii: ">"))
                for grandchild in element.children { element.serialize(grandchild, into: &output) }
                output.append(contentsOf: "</".utf8)
                output.append(contentsOf: name.utf8)
                output.append(UInt8(ascii: ">"))
            }
        }
    }

    /// Appends `text` with `&`, `<`, `>` (and in attributes `"`) escaped.
    static func appendEscaped(_ text: String, attribute: Bool, to output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output.append(contentsOf: "&amp;".utf8)
            case UInt8(ascii: "<"): output.append(contentsOf: "&lt;".utf8)
            case UInt8(ascii: ">"): output.append(contentsOf: "&gt;".utf8)
            case UInt8(ascii: "\"") where attribute: output.append(contentsOf: "&quot;".utf8)
            default: output.append(byte)
            }
        }
    }

    static func escape(_ text: String, attribute: Bool) -> String {
        PlainText.escapeMarkup(text, attribute: attribute)
    }

    /// True when `namespace` is in `namespaces`. Small sets are scanned: namespace strings share
    /// storage with the constants, so `==` is a pointer comparison, cheaper than hashing a URI;
    /// URIs of another length (read in O(1)) are passed over without a string comparison, which
    /// costs ~100 instructions for two different URIs.
    @inline(__always)
    static func matches(_ namespace: String, _ namespaces: Set<String>) -> Bool {
        if namespaces.count <= 8 {
            let length = namespace.utf8.count
            for candidate in namespaces where candidate.utf8.count == length && candidate == namespace {
                return true
            }
            return false
        }
        return namespaces.contains(namespace)
    }

    /// True when `element`'s local name is `name`, whose UTF-8 length is `length`: names of
    /// another length (most of an item's children) are passed over without a string comparison.
    @inline(__always)
    static func named(_ element: MarkupElement, _ name: String, length: Int) -> Bool {
        element.localName.utf8.count == length && element.localName == name
    }

    /// The first child element with `localName` in one of `namespaces`.
    func first(_ localName: String, in namespaces: Set<String>) -> MarkupElement? {
        let length = localName.utf8.count
        // Read in place: a `for child in children` loop copies (retains and releases) each
        // child, and an item's fields are looked up a dozen times over its children.
        return children.withUnsafeBufferPointer { children in
            for index in children.indices {
                if case .element(let element) = children[index],
                    MarkupElement.named(element, localName, length: length),
                    MarkupElement.matches(element.namespace, namespaces)
                {
                    return element
                }
            }
            return nil
        }
    }

    /// The last child element with `localName` in one of `namespaces`.
    func last(_ localName: String, in namespaces: Set<String>) -> MarkupElement? {
        let length = localName.utf8.count
        for child in children.reversed() {
            if case .element(let element) = child, MarkupElement.named(element, localName, length: length),
                MarkupElement.matches(element.namespace, namespaces)
            {
                return element
            }
        }
        return nil
    }

    /// True when a child is an element (without collecting them).
    var hasElementChildren: Bool {
        children.contains {
            if case .element = $0 { return true }
            return false
        }
    }

    /// All child elements with `localName` in one of `namespaces`.
    func all(_ localName: String, in namespaces: Set<String>) -> [MarkupElement] {
        var result: [MarkupElement] = []
        let length = localName.utf8.count
        children.withUnsafeBufferPointer { children in
            for index in children.indices {
                if case .element(let element) = children[index],
                    MarkupElement.named(element, localName, length: length),
                    MarkupElement.matches(element.namespace, namespaces)
                {
                    result.append(element)
                }
            }
        }
        return result
    }
}

/// One attribute of an element.
struct XMLAttribute {
    var name: String
    var localName: String
    var value: String
}

/// A child of an element: an element, decoded text, or a run of literal text in the source.
enum XMLChild {
    case element(MarkupElement)
    case text(String)
    /// Bytes of the source that need no decoding (no `&`, no `<`): read when needed, never copied.
    case span(Range<Int>)
}

/// The UTF-8 bytes a tree was built from. Elements keep it to read their `.span` text; the
/// bytes must outlive the tree, so trees never leave the scope that owns the buffer.
final class XMLSource {
    let bytes: UnsafeBufferPointer<UInt8>

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The text of `range`; the bytes are well-formed UTF-8 (the builder only ever sees what
    /// `EncodingDetection` checked or converted), so it is copied without validating it again.
    func string(_ range: Range<Int>) -> String {
        UTF8Validation.string(ofValid: bytes, range)
    }
}

/// A parsed document: the root element and what the builder noticed on the way.
struct MarkupDocument {
    var root: MarkupElement
    /// True when the document was not well-formed and was read leniently.
    var recovered: Bool
    /// The DOCTYPE declaration's text, if any (RSS 0.91 Netscape is told by its DTD).
    var doctype: String?
}
