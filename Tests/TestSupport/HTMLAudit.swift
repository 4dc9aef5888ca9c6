import CLibXML2
import Foundation

/// What a browser could run or be sent to from a piece of HTML, found by parsing it as a browser
/// would (libxml2's error-tolerant HTML parser) rather than by searching its text.
///
/// A violation is any of:
/// - an attribute that holds a URL (`href`, `src`, `action`, `formaction`, `srcset`, `xlink:href`,
///   `background`, `poster`, and `data`, `cite`, `ping`, `lowsrc`, `dynsrc`, `codebase`) whose value,
///   read as a browser reads it (leading and trailing C0 controls and spaces removed, tabs and
///   newlines inside removed, case ignored), does not start with `http://` or `https://` (for `srcset`, each of its candidates);
/// - an attribute whose name starts with `on` (an event handler);
/// - a `style` attribute that loads or runs something (`url(`, `expression(`, `javascript:`,
///   `@import`);
/// - an element that runs script, embeds a document, submits, restyles or redirects: `script`,
///   `iframe`, `frame`, `frameset`, `object`, `embed`, `applet`, `svg`, `math`, `form`, `style`,
///   `base`, `link`, `meta` with `http-equiv="refresh"`;
/// - a second `<html>` or `<body>` start tag (a browser would add its attributes to the first).
public enum HTMLAudit {
    /// One thing wrong, e.g. `<a href="javascript:alert(1)">`.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public var element: String
        /// The attribute at fault, or nil for a forbidden element.
        public var attribute: String?
        public var value: String?

        public var description: String {
            guard let attribute else { return "<\(element)>" }
            return "<\(element) \(attribute)=\"\(value ?? "")\">"
        }
    }

    /// What the document holds: its violations and the `href` of every `a` element.
    public struct Report: Sendable, Hashable {
        public var violations: [Violation] = []
        public var links: [String] = []
    }

    public static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "srcset", "xlink:href", "background", "poster", "data", "cite",
        "ping", "lowsrc", "dynsrc", "codebase",
    ]
    public static let forbiddenElements: Set<String> = [
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math", "form", "style", "base",
        "link",
    ]

    /// The violations in `html` (empty when it is inert).
    public static func violations(in html: String) -> [Violation] { audit(html).violations }

    /// Parses `html` and reports on every element.
    public static func audit(_ html: String) -> Report {
        var report = Report()
        guard !html.isEmpty, html.utf8.count < Int32.max else { return report }
        let options = Int32(
            bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue)
        let parsed = html.withCString { htmlReadMemory($0, Int32(html.utf8.count), nil, "UTF-8", options) }
        guard let document = parsed else {
            report.violations.append(Violation(element: "(unparsable document)"))
            return report
        }
        defer { xmlFreeDoc(document) }
        // In document order, without recursion: deeply nested input must not overflow the stack.
        var pending = children(of: document.pointee.children)
        while let node = pending.popLast() {
            if node.pointee.type == XML_ELEMENT_NODE { inspect(node, into: &report) }
            pending += children(of: node.pointee.children)
        }
        // libxml2 drops the attributes of a second `<html>` or `<body>` start tag; a browser adds
        // them to the element it has, so `<body onload=...>` inside a body would run.
        for name in ["html", "body"] where occurrences(of: "<" + name, in: html) > 1 {
            report.violations.append(Violation(element: "second \(name)"))
        }
        return report
    }

    /// `first` and its siblings, last first (so that popping from the end visits them in order).
    private static func children(of first: xmlNodePtr?) -> [xmlNodePtr] {
        var nodes: [xmlNodePtr] = []
        var node = first
        while let current = node {
            nodes.append(current)
            node = current.pointee.next
        }
        return nodes.reversed()
    }

    /// How often `needle` (lowercase ASCII) occurs in `html`, ignoring ASCII case.
    private static func occurrences(of needle: String, in html: String) -> Int {
        let bytes = Array(html.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        let pattern = Array(needle.utf8)
        guard bytes.count >= pattern.count else { return 0 }
        return (0...(bytes.count - pattern.count)).filter { bytes[$0..<($0 + pattern.count)].elementsEqual(pattern) }
            .count
    }

    private static func inspect(_ node: xmlNodePtr, into report: inout Report) {
        let element = qualifiedName(node.pointee.name, node.pointee.ns)
        if forbiddenElements.contains(element) { report.violations.append(Violation(element: element)) }
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = qualifiedName(current.pointee.name, current.pointee.ns)
            let value = text(of: current.pointee.children)
            if element == "a" && name == "href" { report.links.append(value) }
            if violates(element: element, attribute: name, value: value) {
                report.violations.append(Violation(element: element, attribute: name, value: value))
            }
            attribute = current.pointee.next
        }
    }

    private static func violates(element: String, attribute: String, value: String) -> Bool {
        if attribute.hasPrefix("on") { return true }
        if attribute == "srcset" { return !value.split(separator: ",").allSatisfy { isWebURL(String($0)) } }
        if urlAttributes.contains(attribute) { return !isWebURL(value) }
        let folded = normalized(value)
        switch attribute {
        case "style": return ["url(", "expression(", "javascript:", "@import"].contains { folded.contains($0) }
        case "http-equiv": return element == "meta" && folded.contains("refresh")
        default: return false
        }
    }

    /// `value` as a browser reads a URL: C0 controls and spaces at the ends and tabs and newlines
    /// anywhere removed, lowercased.
    static func normalized(_ value: String) -> String {
        var scalars = Substring(value).unicodeScalars
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }))
            .lowercased()
    }

    static func isWebURL(_ value: String) -> Bool {
        let folded = normalized(value)
        return folded.hasPrefix("http://") || folded.hasPrefix("https://")
    }

    /// The lowercased name, with its namespace prefix when it has one (`xlink:href`).
    private static func qualifiedName(_ name: UnsafePointer<xmlChar>?, _ ns: xmlNsPtr?) -> String {
        let local = name.map { String(cString: $0) } ?? ""
        let prefix = ns?.pointee.prefix.map { String(cString: $0) }
        return (prefix.map { "\($0):" } ?? "").appending(local).lowercased()
    }

    /// The text of an attribute's value nodes (entity references already replaced by the parser).
    private static func text(of first: xmlNodePtr?) -> String {
        var result = ""
        var node = first
        while let current = node {
            if let content = current.pointee.content { result += String(cString: content) }
            node = current.pointee.next
        }
        return result
    }
}
