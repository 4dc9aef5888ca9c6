import BriefingCore
import Foundation

/// An article read out of a web page: its title and its text, paragraphs separated by a blank line.
public struct Article: Sendable, Hashable {
    public var title: String?
    public var text: String

    public init(title: String?, text: String) {
        self.title = title
        self.text = text
    }
}

/// Why a page gave no article.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "extract: \(message)" }
}

/// Finds the article in an HTML page.
///
/// This first version takes the first `<article>`, else `<main>`, else `<body>`, turns it into
/// paragraphs and drops the short lines without sentence punctuation that navigation, share
/// widgets and captions leave behind.
public struct ArticleExtractor: Sendable {
    /// Paragraphs shorter than this many words are kept only when they end like a sentence.
    public var minimumWords = 8

    public init() {}

    public func extract(html: String) throws(ExtractionError) -> Article {
        let title = Self.title(in: html)
        let region =
            Self.element("article", in: html) ?? Self.element("main", in: html)
            ?? Self.element("body", in: html) ?? html
        let paragraphs = HTMLText.plainText(fromHTML: region)
            .components(separatedBy: "\n\n")
            .filter { paragraph in
                let words = paragraph.split(separator: " ").count
                guard let last = paragraph.last else { return false }
                return words >= minimumWords || (words >= 3 && ".!?\"'”’)".contains(last))
            }
        guard !paragraphs.isEmpty else { throw ExtractionError("no article text found in the page") }
        return Article(title: title, text: paragraphs.joined(separator: "\n\n"))
    }

    /// Decodes a page's bytes: BOM, then the HTTP charset, then `<meta charset>`, then UTF-8 if
    /// valid, else Windows-1252.
    public static func decode(_ data: Data, contentType: String?) -> String {
        if data.starts(with: [0xEF, 0xBB, 0xBF]) { return String(decoding: data.dropFirst(3), as: UTF8.self) }
        let declared =
            charset(in: contentType ?? "")
            ?? charset(in: String(decoding: data.prefix(1024), as: UTF8.self).lowercased())
        if let label = declared, let encoding = encoding(for: label), let text = String(data: data, encoding: encoding)
        {
            return text
        }
        if let text = String(data: data, encoding: .utf8) { return text }
        return String(data: data, encoding: .windowsCP1252) ?? String(decoding: data, as: UTF8.self)
    }

    private static func charset(in text: String) -> String? {
        guard let range = text.range(of: "charset=", options: .caseInsensitive) else { return nil }
        let rest = text[range.upperBound...].drop(while: { $0 == "\"" || $0 == "'" || $0 == " " })
        let label = rest.prefix(while: { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        return label.isEmpty ? nil : label.lowercased()
    }

    private static func encoding(for label: String) -> String.Encoding? {
        switch label {
        case "utf-8", "utf8": return .utf8
        case "iso-8859-1", "latin1", "windows-1252", "cp1252", "us-ascii", "ascii": return .windowsCP1252
        case "iso-8859-2": return .isoLatin2
        case "windows-1251": return .windowsCP1251
        case "shift_jis", "sjis": return .shiftJIS
        case "euc-jp": return .japaneseEUC
        case "utf-16": return .utf16
        default: return nil
        }
    }

    /// The page's `<title>`, without a trailing " | Site" or " - Site".
    static func title(in html: String) -> String? {
        guard let raw = element("title", in: html) else { return nil }
        var title = HTMLText.collapseWhitespace(HTMLEntities.decode(raw))
        for separator in [" | ", " - ", " — ", " – "] {
            if let range = title.range(of: separator, options: .backwards), title[..<range.lowerBound].count >= 15 {
                title = String(title[..<range.lowerBound])
                break
            }
        }
        return title.isEmpty ? nil : title
    }

    /// The inner HTML of the first `<name ...>` ... `</name>`, matched case-insensitively.
    static func element(_ name: String, in html: String) -> String? {
        guard let open = html.range(of: "<\(name)", options: .caseInsensitive) else { return nil }
        guard let openEnd = html[open.upperBound...].firstIndex(of: ">") else { return nil }
        let next = html[open.upperBound...].first
        guard next == ">" || next == " " || next == "\n" || next == "\t" else { return nil }
        let contentStart = html.index(after: openEnd)
        let close = html.range(
            of: "</\(name)", options: [.caseInsensitive, .backwards], range: contentStart..<html.endIndex)
        return String(html[contentStart..<(close?.lowerBound ?? html.endIndex)])
    }
}
