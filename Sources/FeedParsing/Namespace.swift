/// Namespace URIs the format adapters match on, and their normalization.
///
/// Feeds spell namespace URIs loosely (case, a missing trailing slash, old RSS 2.0 URIs), so
/// URIs are compared after `normalize`, which maps known variants to one canonical string.
enum Namespace {
    static let atom10 = "http://www.w3.org/2005/Atom"
    static let atom03 = "http://purl.org/atom/ns#"
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    static let rss10 = "http://purl.org/rss/1.0/"
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    static let dc = "http://purl.org/dc/elements/1.1/"
    static let dcterms = "http://purl.org/dc/terms/"
    static let content = "http://purl.org/rss/1.0/modules/content/"
    static let xhtml = "http://www.w3.org/1999/xhtml"
    static let media = "http://search.yahoo.com/mrss/"
    static let itunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    static let xml = "http://www.w3.org/XML/1998/namespace"

    /// RSS elements: no namespace, or one of the URIs RSS versions used for their own elements.
    static let rss: Set<String> = [
        "", rss10, rss090, "http://backend.userland.com/rss2", "http://backend.userland.com/rss",
    ]
    /// Dublin Core, both versions.
    static let dublinCore: Set<String> = [dc]
    static let atom: Set<String> = [atom10, atom03]
    /// One namespace each, made once: a set literal at a call site is built (and hashed) again
    /// on every call, for every item.
    static let mediaOnly: Set<String> = [media]
    static let dctermsOnly: Set<String> = [dcterms]
    static let itunesOnly: Set<String> = [itunes]
    static let contentOnly: Set<String> = [content]
    static let xhtmlOnly: Set<String> = [xhtml]

    /// Known variants, lower-cased, mapped to the canonical URI.
    private static let variants: [String: String] = {
        var table: [String: String] = [:]
        for uri in [
            atom10, atom03, rdf, rss10, rss090, dc, dcterms, content, xhtml, media, itunes, xml,
        ] {
            table[uri.lowercased()] = uri
            if uri.hasSuffix("/") { table[String(uri.dropLast()).lowercased()] = uri }
        }
        table["http://purl.org/dc/elements/1.0/"] = dc
        table["http://purl.org/atom/ns"] = atom03
        table["http://blogs.law.harvard.edu/tech/rss"] = "http://backend.userland.com/rss2"
        table["http://backend.userland.com/rss2"] = "http://backend.userland.com/rss2"
        table["http://backend.userland.com/rss"] = "http://backend.userland.com/rss"
        table["http://www.itunes.com/dtds/podcast-1.0.dtd"] = itunes
        table["http://example.com/newformat#"] = ""
        return table
    }()

    static func normalize(_ uri: String) -> String {
        variants[uri.lowercased()] ?? uri
    }

    /// The usual namespace of prefixes that feeds use without declaring them.
    static let wellKnownPrefixes: [String: String] = [
        "atom": atom10, "dc": dc, "dcterms": dcterms, "content": content, "xhtml": xhtml,
        "media": media, "itunes": itunes, "rdf": rdf,
    ]
}
