import BriefingCore
import Foundation

/// Helpers shared by the format adapters: ids, links and element text.
enum ItemAssembly {
    /// The item's id, else its link, else a stable hash of title, link and date.
    static func stableID(id: String?, title: String?, link: String?, date: Date?) -> String {
        if let id, !id.isEmpty { return id }
        if let link, !link.isEmpty { return link }
        let stamp = date.map { String(Int64($0.timeIntervalSince1970)) } ?? ""
        return "hash:" + StableHash.hex((title ?? "") + "\n" + (link ?? "") + "\n" + stamp)
    }

    /// Trimmed text, nil when absent.
    static func trimmed(_ element: MarkupElement?) -> String? {
        guard let element else { return nil }
        return element.deepText.trimmed
    }

    /// Non-empty or nil.
    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return text
    }

    /// The HTML carried by an element: inline markup re-serialized, else its (unescaped) text.
    static func htmlContent(_ element: MarkupElement) -> String {
        if element.hasElementChildren {
            let children = element.elements
            if children.count == 1, children[0].localName == "div",
                children[0].namespace == Namespace.xhtml,
                element.text.trimmed.isEmpty
            {
                return children[0].innerXML
            }
            return element.innerXML
        }
        return element.text
    }

    /// A person from "email (Name)", "Name <email>" or "Name": the name, else the email.
    static func personName(_ text: String) -> String? {
        let value = text.trimmed
        guard !value.isEmpty else { return nil }
        // Neither form's brackets: no Character search needed (a "(" or "<" Character always has
        // its byte in the UTF-8).
        if !value.utf8.contains(where: { $0 == UInt8(ascii: "(") || $0 == UInt8(ascii: "<") }) {
            return ContentText.singleLine(value)
        }
        if let open = value.firstIndex(of: "("), let close = value.lastIndex(of: ")"), open < close {
            let inside = String(value[value.index(after: open)..<close]).trimmed
            let outside = (value[..<open] + value[value.index(after: close)...]).trimmingCharacters(
                in: .whitespaces)
            if outside.contains("@"), !inside.isEmpty { return inside }
            if inside.contains("@"), !outside.isEmpty { return outside }
        }
        if let open = value.firstIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            let outside = String(value[..<open]).trimmed
            if !outside.isEmpty {
                return outside.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return ContentText.singleLine(value)
    }

    /// A non-negative integer, tolerant of white space; nil otherwise.
    static func length(_ text: String?) -> Int? {
        guard let text = text?.trimmed, !text.isEmpty else { return nil }
        return Int(text)
    }
}
