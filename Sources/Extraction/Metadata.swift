import Foundation

/// What a page says about its article, from `<meta>` tags, `<link>`s, JSON-LD and a few
/// conventional elements.
///
/// Sources in order of preference:
/// - title: `og:title` (without a trailing " | Site" that names the site), JSON-LD `headline`,
///   `<title>` without its " | Site" part (or the `<h1>` it starts or ends with), then a lone `<h1>`;
/// - byline: `<meta name=author>`, JSON-LD `author`, `rel=author` links, `.byline`/`itemprop=author`;
/// - published: `article:published_time`, JSON-LD `datePublished`, the first `<time datetime>`;
/// - site name: `og:site_name`, JSON-LD `publisher.name`;
/// - canonical URL: `<link rel=canonical>`, `og:url` (made absolute against the page URL);
/// - language: `<html lang>`, `og:locale`;
/// - description: `<meta name=description>`, `og:description`.
struct Metadata {
    var title: String?
    var byline: String?
    var published: String?
    var siteName: String?
    var canonicalURL: String?
    var language: String?
    var description: String?
    /// JSON-LD `articleBody`, when the page has one.
    var articleBody: String?

    init(tree: NodeTree, url: String?) {
        var meta: [String: String] = [:]
        var canonical: String?
        var documentTitle: String?
        var headings: [String] = []
        var timeValue: String?
        var authorLinks: [String] = []
        var bylineElement: String?
        for index in 0..<tree.count {
            let node = tree[index]
            switch node.tag {
            case .html:
                if language == nil, let lang = tree.attribute(.lang, of: index), !lang.isEmpty { language = lang }
            case .meta:
                guard let content = tree.attribute(.content, of: index)?.trimmingWhitespace(), !content.isEmpty else {
                    break
                }
                for key in [
                    tree.attribute(.property, of: index), tree.attribute(.name, of: index),
                    tree.attribute(.itemprop, of: index),
                ] {
                    guard let key else { continue }
                    // `property` may hold several space-separated names.
                    for name in key.lowercased().split(separator: " ") where meta[String(name)] == nil {
                        meta[String(name)] = content
                    }
                }
            case .link:
                let rel = tree.attribute(.rel, of: index)?.lowercased() ?? ""
                if canonical == nil, rel.split(separator: " ").contains("canonical"),
                    let href = tree.attribute(.href, of: index)
                {
                    canonical = href.trimmingWhitespace()
                }
            case .title:
                if documentTitle == nil, !tree.hasAncestor(index, tag: .svg, maxDepth: 32) {
                    documentTitle = Self.text(tree, index)
                }
            case .h1:
                if headings.count < 8 { headings.append(Self.text(tree, index)) }
            case .time:
                if timeValue == nil, let value = tree.attribute(.datetime, of: index), !value.isEmpty {
                    timeValue = value
                }
            case .a:
                if (tree.attribute(.rel, of: index)?.lowercased().split(separator: " ").contains("author")) ?? false {
                    let name = Self.text(tree, index)
                    if !name.isEmpty && name.count < 100 && !authorLinks.contains(name) { authorLinks.append(name) }
                }
            default:
                break
            }
            if bylineElement == nil, node.tag != .text, node.tag != .meta, node.tag != .link, node.attributeCount > 0 {
                let isByline =
                    tree.hints[index].isByline || tree.attribute(.itemprop, of: index)?.lowercased() == "author"
                if isByline {
                    let text = Self.text(tree, index)
                    if !text.isEmpty && text.count < 100 { bylineElement = text }
                }
            }
        }

        let linked = JSONLinkedData(scripts: tree.jsonLD)
        articleBody = linked.articleBody

        let firstHeading = headings.first
        let cleanedTitle = documentTitle.map { Self.withoutSiteSuffix($0, headings: headings) }
        let site = Self.first(meta["og:site_name"], linked.publisher, meta["application-name"])
        title = Self.first(
            meta["og:title"].map { Self.withoutSiteName($0, siteName: site, documentTitle: documentTitle) },
            linked.headline, cleanedTitle, headings.count == 1 ? firstHeading : nil,
            meta["twitter:title"], meta["dc:title"], firstHeading)
        byline = Self.cleanByline(
            Self.first(
                Self.plausibleName(meta["author"]), Self.plausibleName(meta["article:author"]), linked.author,
                authorLinks.isEmpty ? nil : authorLinks.joined(separator: ", "), bylineElement, meta["dc:creator"]))
        published = Self.first(
            meta["article:published_time"], linked.datePublished, meta["datepublished"], meta["date"],
            meta["dc.date"], meta["dc.date.issued"], meta["publishdate"], timeValue)
        siteName = site
        canonicalURL = Self.first(canonical, meta["og:url"]).map { Self.absolute($0, base: url) }
        if language == nil { language = meta["og:locale"] ?? meta["language"] ?? meta["content-language"] }
        description = Self.first(
            meta["description"], meta["og:description"], meta["twitter:description"], linked.description)
    }

    /// The first argument that is present and not blank, white space collapsed.
    private static func first(_ values: String?...) -> String? {
        for value in values {
            guard let value else { continue }
            let collapsed = collapse(value)
            if !collapsed.isEmpty { return collapsed }
        }
        return nil
    }

    static func collapse(_ text: String) -> String {
        text.collapsingWhitespace()
    }

    /// A byline as a reader would write it: without a leading "By" and without the "| date",
    /// "Published ..." or trailing date that page templates run into it.
    static func cleanByline(_ value: String?) -> String? {
        guard var text = value.map(collapse) else { return nil }
        let lowered = text.lowercased()
        for prefix in bylinePrefixes where lowered.hasPrefix(prefix) {
            text = String(text.dropFirst(prefix.count))
            break
        }
        for marker in [" | ", " Published ", " Updated ", " Posted ", " Print this article"] {
            if let range = text.range(of: marker) { text = String(text[..<range.lowerBound]) }
        }
        // "JERUSALEM POST STAFF NOVEMBER 20, 2019 10:43": the date goes.
        var words = text.split(separator: " ")
        if let month = words.indices.dropFirst().first(where: { position in
            position + 2 < words.count
                && monthNames.contains(words[position].lowercased().trimmingCharacters(in: ["."]))
                && words[position + 1].first?.isNumber == true
                && words[position + 2].filter(\.isNumber).count == 4
        }) {
            words.removeSubrange(month...)
            text = words.joined(separator: " ")
        }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: " —–-|,·:"))
        return text.isEmpty || text.lowercased() == "by" ? nil : text
    }

    private static let bylinePrefixes = [
        "written by ", "analysis by ", "posted by ", "story by ", "words by ", "by: ", "by:", "by ",
    ]

    private static let monthNames: Set<String> = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    ]

    /// A `<meta name=author>` value that names people rather than linking to a profile.
    private static func plausibleName(_ value: String?) -> String? {
        guard let value, !value.hasPrefix("http"), value.count < 100 else { return nil }
        return value
    }

    /// The text under `index`, white space collapsed.
    static func text(_ tree: NodeTree, _ index: Int) -> String {
        tree.collapsedText(under: index)
    }

    /// Separators between a headline and the site name in a `<title>`.
    static let titleSeparators = [" | ", " - ", " – ", " — ", " :: ", " » ", " · ", " / ", " \\ "]

    /// `title` without a site name before or after it, when that leaves a real headline.
    ///
    /// An `<h1>` the title starts with, followed by a separator, is the headline; so is the text
    /// before the last separator when an `<h1>` starts with it (the other `<h1>` being a site
    /// banner); then an `<h1>` the title ends with; then the longer side of a separator.
    static func withoutSiteSuffix(_ title: String, headings: [String]) -> String {
        let title = collapse(title)
        let headings = headings.filter { !$0.isEmpty }
        if let heading = headings.first(where: { title.hasPrefix($0) && startsWithSeparator(title.dropFirst($0.count)) }
        ) {
            return heading
        }
        let split = splitAtSeparator(title)
        if let head = split?.head, head.split(separator: " ").count >= 2,
            headings.contains(where: { $0.hasPrefix(head) })
        {
            return String(head)
        }
        if let heading = headings.first, title.hasPrefix(heading) || title.hasSuffix(heading) { return heading }
        guard let (head, separator, _) = split else { return title }
        if head.split(separator: " ").count >= 3 { return String(head) }
        if let first = title.range(of: separator) {
            let tail = String(title[first.upperBound...])
            if tail.split(separator: " ").count >= 3 && !titleSeparators.contains(where: tail.contains) { return tail }
        }
        return title
    }

    /// `title` split at the last occurrence of the first of ``titleSeparators`` it contains.
    private static func splitAtSeparator(_ title: String) -> (head: Substring, separator: String, tail: Substring)? {
        for separator in titleSeparators {
            if let range = title.range(of: separator, options: .backwards) {
                return (title[..<range.lowerBound], separator, title[range.upperBound...])
            }
        }
        return nil
    }

    /// Whether `rest` is empty or begins with one of ``titleSeparators``.
    private static func startsWithSeparator(_ rest: Substring) -> Bool {
        rest.isEmpty || titleSeparators.contains { rest.hasPrefix($0) }
    }

    /// `og:title` without a trailing " | Site" when the part after the last separator is the site:
    /// the start of the site name (or the other way round), or the same suffix the `<title>` ends with.
    static func withoutSiteName(_ title: String, siteName: String?, documentTitle: String?) -> String {
        let title = collapse(title)
        guard let (head, separator, tail) = splitAtSeparator(title) else { return title }
        let tailWords = tail.split(separator: " ").count
        guard tailWords <= 4, head.split(separator: " ").count > tailWords else { return title }
        let site = siteName.map { $0.lowercased() } ?? ""
        let suffix = tail.lowercased()
        let namesSite = !site.isEmpty && (site.hasPrefix(suffix) || suffix.hasPrefix(site))
        let pageTitle = documentTitle.map(collapse)
        let sharedWithTitle = pageTitle.map { $0.hasSuffix(separator + tail) && $0 != title } ?? false
        return namesSite || sharedWithTitle ? String(head) : title
    }

    /// `reference` resolved against `base`, when it is relative and a base is known.
    static func absolute(_ reference: String, base: String?) -> String {
        guard let base, let baseURL = URL(string: base), URL(string: reference)?.scheme == nil,
            let resolved = URL(string: reference, relativeTo: baseURL)
        else { return reference }
        return resolved.absoluteString
    }
}

/// The article facts in a page's JSON-LD blocks (`@graph` and arrays followed), taken from the
/// first object whose `@type` is an article kind, else the first with a `headline`.
struct JSONLinkedData {
    var headline: String?
    var author: String?
    var datePublished: String?
    var publisher: String?
    var description: String?
    var articleBody: String?

    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "report", "scholarlyarticle",
        "techarticle", "analysisnewsarticle", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
        "liveblogposting", "socialmediaposting", "webpage", "medicalwebpage",
    ]

    init(scripts: [String]) {
        var objects: [[String: Any]] = []
        for script in scripts where Self.mayDescribeArticle(script) {
            var cleaned = script
            if ByteSearch.contains(cleaned, "<!--") {
                cleaned = cleaned.replacingOccurrences(of: "<!--", with: "").replacingOccurrences(of: "-->", with: "")
            }
            guard let data = cleaned.data(using: .utf8),
                let value = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            else { continue }
            // Breadth-first over arrays and @graph, without recursion.
            var queue: [Any] = [value]
            var position = 0
            while position < queue.count && position < 1000 {
                let item = queue[position]
                position += 1
                if let array = item as? [Any] {
                    queue.append(contentsOf: array)
                } else if let object = item as? [String: Any] {
                    objects.append(object)
                    if let graph = object["@graph"] { queue.append(graph) }
                }
            }
        }
        let articles = objects.filter { Self.types(of: $0).contains { Self.articleTypes.contains($0) } }
        let ranked =
            articles.sorted { lhs, _ in !Self.types(of: lhs).contains("webpage") }
            + objects.filter { $0["headline"] != nil }
        guard let article = ranked.first else { return }
        headline = Self.string(article["headline"]) ?? Self.string(article["name"])
        author = Self.names(article["author"]) ?? Self.names(article["creator"])
        datePublished = Self.string(article["datePublished"]) ?? Self.string(article["dateCreated"])
        publisher = Self.names(article["publisher"])
        description = Self.string(article["description"])
        articleBody = Self.string(article["articleBody"]) ?? Self.string(article["text"])
    }

    /// Cheap test before parsing: only blocks that mention an article property are worth it.
    private static func mayDescribeArticle(_ script: String) -> Bool {
        ByteSearch.contains(script, "headline") || ByteSearch.contains(script, "articleBody")
            || ByteSearch.contains(script, "datePublished") || ByteSearch.contains(script, "author")
    }

    private static func types(of object: [String: Any]) -> [String] {
        if let type = object["@type"] as? String { return [type.lowercased()] }
        if let types = object["@type"] as? [Any] { return types.compactMap { ($0 as? String)?.lowercased() } }
        return []
    }

    private static func string(_ value: Any?) -> String? {
        if let text = value as? String { return text.isEmpty ? nil : text }
        if let array = value as? [Any], let first = array.first { return string(first) }
        return nil
    }

    /// A person or organisation value: a string, `{"name": ...}`, or an array of those, names joined by ", ".
    private static func names(_ value: Any?) -> String? {
        var result: [String] = []
        let items: [Any] = (value as? [Any]) ?? (value.map { [$0] } ?? [])
        for item in items {
            if let name = item as? String, !name.isEmpty, !name.hasPrefix("http") {
                result.append(name)
            } else if let object = item as? [String: Any], let name = object["name"] as? String, !name.isEmpty {
                result.append(name)
            }
        }
        let unique = result.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return unique.isEmpty ? nil : unique.joined(separator: ", ")
    }
}
