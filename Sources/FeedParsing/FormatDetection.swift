import BriefingCore
import Foundation

/// Tells the feed format from the document itself.
enum FormatDetection {
    enum XMLFormat: Equatable {
        case rss(FeedFormat)
        case atom(FeedFormat)
    }

    /// True when the first significant byte (after a BOM and white space) is `{`.
    static func looksLikeJSON(_ data: Data) -> Bool {
        var index = data.startIndex
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { index += 3 }
        while index < data.endIndex {
            let byte = data[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                index += 1
                continue
            }
            return byte == UInt8(ascii: "{")
        }
        return false
    }

    /// The format of an XML document: `rss090`...`rss094`, `rss20`, `rss` (no version), `rss10`,
    /// `atom03`, `atom10`, `atom` (unknown version); nil when the root is not a feed.
    static func xmlFormat(_ document: MarkupDocument) -> XMLFormat? {
        let root = document.root
        switch root.localName.lowercased() {
        case "rss":
            let version = (root.attribute("version") ?? "").trimmed
            switch version {
            case "0.91":
                let doctype = document.doctype?.lowercased() ?? ""
                return .rss(doctype.contains("netscape") ? .rss091n : .rss091u)
            case "0.92": return .rss(.rss092)
            case "0.93": return .rss(.rss093)
            case "0.94": return .rss(.rss094)
            case "2.0", "2", "2.0.1", "2.00": return .rss(.rss20)
            case "0.90": return .rss(.rss090)
            case "1.0": return .rss(.rss10)
            default:
                return .rss(version.hasPrefix("2.") ? .rss20 : .rss)
            }
        case "rdf":
            let namespaces = Set(root.elements.map(\.namespace)).union(
                (root.bindings ?? [:]).values.map(Namespace.normalize))
            if namespaces.contains(Namespace.rss090) { return .rss(.rss090) }
            if namespaces.contains(Namespace.rss10) { return .rss(.rss10) }
            if root.elements.contains(where: { $0.localName == "channel" || $0.localName == "item" }) {
                return .rss(.rss10)
            }
            return nil
        case "feed":
            if root.namespace == Namespace.atom10 { return .atom(.atom10) }
            if root.namespace == Namespace.atom03 { return .atom(.atom03) }
            let version = root.attribute("version") ?? ""
            if version == "0.3" { return .atom(.atom03) }
            if version == "1.0" { return .atom(.atom10) }
            return .atom(.atom)
        case "channel":
            return .rss(.rss)
        default:
            return nil
        }
    }
}
