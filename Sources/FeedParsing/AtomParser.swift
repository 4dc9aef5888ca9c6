import BriefingCore
import Foundation

/// Maps Atom 1.0 and Atom 0.3 documents to `Feed`.
///
/// Text constructs follow both versions: 1.0 `type` = `text` / `html` / `xhtml`; 0.3 `type` is a
/// MIME type and `mode` = `xml` / `escaped` / `base64`. Dates: 1.0 `published` / `updated`;
/// 0.3 `issued` (published) and `modified` (updated), `created` as a published fallback.
/// Links: the first `rel="alternate"` (or rel-less) link; `rel="enclosure"` links are enclosures.
enum AtomParser {
  static func parse(_ root: XMLElement, format: String) -> Feed {
    var feed = Feed(format: format)
    if let title = root.first("title", in: Namespace.atom) {
      feed.title = ContentText.singleLine(text(title).plain)
    }
    feed.link = alternateLink(root)
    feed.items = root.all("entry", in: Namespace.atom).map(entry)
    return feed
  }

  static func entry(_ element: XMLElement) -> FeedItem {
    let title = element.first("title", in: Namespace.atom).map {
      ContentText.singleLine(text($0).plain)
    }
    let link = alternateLink(element)
    let id = ItemAssembly.nonEmpty(ItemAssembly.trimmed(element.first("id", in: Namespace.atom)))
    let published =
      (element.first("published", in: Namespace.atom) ?? element.first("issued", in: Namespace.atom)
      ?? element.first("created", in: Namespace.atom)).flatMap { DateParser.parse($0.deepText) }
    let updated =
      (element.first("updated", in: Namespace.atom) ?? element.first("modified", in: Namespace.atom))
      .flatMap { DateParser.parse($0.deepText) }
    var author = element.first("author", in: Namespace.atom).flatMap(personName)
    if author == nil, let creator = element.first("creator", in: Namespace.dublinCore) {
      author = ItemAssembly.personName(creator.deepText)
    }
    let summary = element.first("summary", in: Namespace.atom).map(text)
    let content = element.first("content", in: Namespace.atom).map(text)
    var enclosures: [Enclosure] = []
    for link in element.all("link", in: Namespace.atom) where link.attribute("rel") == "enclosure" {
      if let enclosure = enclosure(link) { enclosures.append(enclosure) }
    }
    return FeedItem(
      id: ItemAssembly.stableID(id: id, title: title, link: link, date: published ?? updated),
      title: title, link: link, published: published, updated: updated, author: author,
      summaryText: summary?.plain, contentText: content?.plain, summaryHTML: summary?.html,
      contentHTML: content?.html, enclosures: enclosures)
  }

  /// The first alternate link's href, resolved against the link's base.
  static func alternateLink(_ element: XMLElement) -> String? {
    for link in element.all("link", in: Namespace.atom) {
      let rel = (link.attribute("rel") ?? "alternate").trimmingCharacters(in: .whitespaces)
      if rel == "alternate" || rel == Namespace.atom10 + "alternate",
        let href = link.attribute("href")
      {
        return URLResolution.resolve(href, against: link.base)
      }
    }
    return nil
  }

  static func enclosure(_ link: XMLElement) -> Enclosure? {
    guard
      let href = ItemAssembly.nonEmpty(link.attribute("href")?.trimmingCharacters(in: .whitespaces))
    else {
      return nil
    }
    return Enclosure(
      url: URLResolution.resolve(href, against: link.base),
      type: ItemAssembly.nonEmpty(link.attribute("type")),
      length: ItemAssembly.length(link.attribute("length")))
  }

  /// A person construct's name, else its email.
  static func personName(_ element: XMLElement) -> String? {
    if let name = ItemAssembly.nonEmpty(
      ItemAssembly.trimmed(element.first("name", in: Namespace.atom)))
    {
      return ContentText.singleLine(name)
    }
    if let email = ItemAssembly.nonEmpty(
      ItemAssembly.trimmed(element.first("email", in: Namespace.atom)))
    {
      return email
    }
    if element.elements.isEmpty, let text = ItemAssembly.nonEmpty(ItemAssembly.trimmed(element)) {
      return ItemAssembly.personName(text)
    }
    return nil
  }

  /// A text construct as plain text and (for HTML and XHTML) sanitized HTML.
  static func text(_ element: XMLElement) -> ContentText {
    let type = (element.attribute("type") ?? "text").trimmingCharacters(in: .whitespaces)
      .lowercased()
    let mode = (element.attribute("mode") ?? "").lowercased()
    var raw: String
    if mode == "base64" {
      let encoded = element.text.filter { !$0.isWhitespace }
      raw =
        Data(base64Encoded: encoded, options: .ignoreUnknownCharacters).map {
          String(decoding: $0, as: UTF8.self)
        } ?? ""
    } else {
      raw = ItemAssembly.htmlContent(element)
    }
    let hasMarkupChildren = !element.elements.isEmpty
    switch type {
    case "xhtml", "application/xhtml+xml":
      return ContentText.fromHTML(
        hasMarkupChildren ? raw : XMLElement.escape(raw, attribute: false))
    case "html", "text/html":
      return ContentText.fromHTML(raw)
    case "text", "text/plain", "":
      if hasMarkupChildren { return ContentText.fromHTML(raw) }
      return ContentText.fromPlain(raw)
    default:
      if type.hasPrefix("text/") || type.hasSuffix("+xml") || type.hasSuffix("/xml") {
        return hasMarkupChildren ? ContentText.fromHTML(raw) : ContentText.fromPlain(raw)
      }
      return ContentText.fromPlain(raw)
    }
  }
}
