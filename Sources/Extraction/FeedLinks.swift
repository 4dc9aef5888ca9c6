import BriefingCore
import Foundation

/// A feed a web page advertises with `<link rel="alternate" type="..." href="...">`.
public struct FeedLink: Sendable, Hashable {
    /// The absolute http(s) URL, resolved against the page's `<base href>` or address.
    public var url: String
    /// The advertised media type, lowercased and without parameters, e.g. `application/rss+xml`.
    public var type: String

    public init(url: String, type: String) {
        self.url = url
        self.type = type
    }

    /// The format the type announces: "RSS", "Atom" or "JSON Feed".
    public var kind: String { FeedLinks.kinds[type] ?? type }
}

/// Finds the feeds a web page advertises, the way feed readers discover them.
///
/// A `<link>` counts when its `rel` holds the token `alternate` and its `type` is one of
/// ``kinds``; its `href` is resolved against the first `<base href>` (itself resolved against
/// the page's address) and kept only when ``LinkPolicy`` accepts it as a web URL. Each URL comes
/// once, in the order of the page.
public enum FeedLinks {
    /// The media types that announce a feed, and the format each names.
    public static let kinds: [String: String] = [
        "application/rss+xml": "RSS", "application/atom+xml": "Atom", "application/feed+json": "JSON Feed",
        "application/json": "JSON Feed",
    ]

    /// The feeds advertised by the page in `data` (decoded as ``ArticleExtractor/decode(_:contentType:)``
    /// does), at `pageURL`; empty for binary data or a page without any.
    public static func find(in data: Data, contentType: String?, pageURL: String?) -> [FeedLink] {
        guard !ArticleExtractor.looksBinary(data) else { return [] }
        var html = ArticleExtractor.decode(data, contentType: contentType)
        let parsed = html.withUTF8 { bytes in try? ArticleExtractor.parse(bytes) }
        guard let tree = parsed else { return [] }
        var base = pageURL.flatMap { URL(string: $0) }
        var found: [FeedLink] = []
        var seen = Set<String>()
        var sawBase = false
        for index in 0..<tree.count {
            switch tree[index].tag {
            case .base where !sawBase:
                guard let href = tree.attribute(.href, of: index)?.trimmingWhitespace(), !href.isEmpty else { break }
                sawBase = true
                if let resolved = URL(string: href, relativeTo: base) { base = resolved.absoluteURL }
            case .link:
                let rel = tree.attribute(.rel, of: index)?.lowercased() ?? ""
                guard rel.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).contains("alternate"),
                    let rawType = tree.attribute(.type, of: index),
                    let href = tree.attribute(.href, of: index)?.trimmingWhitespace(), !href.isEmpty
                else { break }
                let type = String(rawType.split(separator: ";").first ?? "").trimmingWhitespace().lowercased()
                guard kinds[type] != nil,
                    let resolved = URL(string: href, relativeTo: base)?.absoluteString,
                    let url = LinkPolicy.webURL(resolved), seen.insert(url).inserted
                else { break }
                found.append(FeedLink(url: url, type: type))
            default:
                break
            }
        }
        return found
    }
}
