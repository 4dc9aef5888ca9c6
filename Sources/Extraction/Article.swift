import Foundation

/// An article read out of a web page: its main text and what the page says about it.
///
/// `text` holds the paragraphs separated by a blank line (`"\n\n"`); a line break inside a
/// paragraph (`<br>`, list items of one list) is a single `"\n"`. Every metadata field is `nil`
/// when the page does not state it.
public struct Article: Sendable, Hashable {
    /// The headline.
    public var title: String?
    /// The main text: paragraphs separated by a blank line.
    public var text: String
    /// Who wrote it, as the page names them ("Jane Doe, John Roe").
    public var byline: String?
    /// When it was published, as the page states it (usually ISO 8601, e.g. `2019-11-18T14:05:00Z`).
    public var published: String?
    /// The name of the site or publication (`og:site_name`).
    public var siteName: String?
    /// The language of the page (`<html lang>`), e.g. `en` or `pt-BR`.
    public var language: String?
    /// The page's own idea of its address (`<link rel=canonical>`, `og:url`), absolute when the page URL is known.
    public var canonicalURL: String?
    /// The page's summary of itself (`<meta name=description>`, `og:description`).
    public var description: String?

    /// An article with a title and text and no other metadata.
    public init(title: String?, text: String) {
        self.title = title
        self.text = text
    }

    /// An article with every field given.
    public init(
        title: String?, text: String, byline: String?, published: String?, siteName: String?, language: String?,
        canonicalURL: String?, description: String?
    ) {
        self.title = title
        self.text = text
        self.byline = byline
        self.published = published
        self.siteName = siteName
        self.language = language
        self.canonicalURL = canonicalURL
        self.description = description
    }

    /// The paragraphs of `text`, in order.
    public var paragraphs: [String] {
        text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
    }
}
