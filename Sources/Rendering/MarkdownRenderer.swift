import BriefingCore
import Foundation

/// Markdown that reads well as plain text in a mail client and renders on GitHub: headings,
/// bullets, reference-style links (collected at the end, so the text stays readable), no raw HTML.
///
/// The briefing comes cleaned by ``Presentation`` (one-line fields, `http` and `https` links
/// only); what is left is Markdown's own escaping. Text from feeds is backslash-escaped wherever it
/// could start inline syntax (``escape(_:)``), and at the start of the summary's line wherever it
/// could start a block (``paragraph(_:)``); it is never put in a code span. Link destinations
/// stand in angle brackets with everything that could end or change them percent-encoded
/// (``destination(_:)``).
struct MarkdownRenderer {
    let dates: DateText
    /// The footer telling recipients why they receive the briefing; none when nil.
    var subscription: Subscription? = nil

    private static let specialBytes = Set("\\`*_[]<>#|&".utf8)

    func render(_ briefing: Briefing) -> String {
        var lines: [String] = []
        var references: [String] = []
        var numbers: [String: Int] = [:]
        func reference(_ url: String) -> Int {
            if let number = numbers[url] { return number }
            references.append(url)
            numbers[url] = references.count
            return references.count
        }
        lines.append("# \(escape(briefing.title)) — \(dates.heading(briefing.date))")
        lines.append("")
        lines.append("_\(briefing.countLine)_")
        for section in briefing.sections where !section.entries.isEmpty {
            lines.append("")
            lines.append("## \(escape(section.name))")
            for entry in section.entries {
                lines.append("")
                let marker = entry.isUpdate ? "Updated: " : ""
                if let link = entry.link {
                    lines.append("### \(marker)[\(escape(entry.title))][\(reference(link))]")
                } else {
                    lines.append("### \(marker)\(escape(entry.title))")
                }
                lines.append("")
                var meta = escape(entry.source)
                if let date = entry.date { meta += " · \(dates.item(date))" }
                lines.append("*\(meta)*")
                if !entry.summary.isEmpty {
                    lines.append("")
                    lines.append(paragraph(entry.summary.joined(separator: " ")))
                }
                if !entry.alsoReportedBy.isEmpty {
                    let others = entry.alsoReportedBy.map { other in
                        other.link.map { "[\(escape(other.source))][\(reference($0))]" } ?? escape(other.source)
                    }
                    lines.append("")
                    lines.append("Also reported by \(others.joined(separator: ", ")).")
                }
            }
        }
        if briefing.entryCount == 0 {
            lines.append("")
            lines.append("No new stories.")
        }
        if !briefing.failures.isEmpty {
            lines.append("")
            lines.append("## Feeds that failed")
            lines.append("")
            for failure in briefing.failures {
                lines.append(
                    "- **\(escape(failure.source.displayName))** (\(escape(failure.source.location))): \(escape(failure.reason))"
                )
            }
        }
        if !briefing.unreadPages.isEmpty {
            lines.append("")
            lines.append("## Article pages not read")
            lines.append("")
            lines.append("The feeds' own text was used.")
            lines.append("")
            for group in briefing.unreadPagesByReason {
                lines.append("- \(TextRenderer.pageCount(group.pages.count)): \(escape(group.reason))")
                for page in group.pages {
                    lines.append("    - \(escape(page.source)): \(escape(page.url))")
                }
            }
        }
        if let subscription {
            var footer = escape(subscription.reason) + " " + escape(subscription.howToStop)
            if let url = subscription.url {
                footer += subscription.urlIsWebLink ? " [\(escape(url))][\(reference(url))]" : " " + escape(url)
            }
            lines.append("")
            lines.append("---")
            lines.append("")
            lines.append(footer)
        }
        if !references.isEmpty {
            lines.append("")
            for (index, url) in references.enumerated() {
                lines.append("[\(index + 1)]: <\(destination(url))>")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes the characters that would otherwise start Markdown syntax inside text: `\\`,
    /// backquote, `*`, `_`, `[`, `]`, `<`, `>`, `#`, `|`, and `&` where it starts what reads as a
    /// character reference (`&amp;`, `&#60;`), which CommonMark would decode.
    func escape(_ text: String) -> String {
        let special: Set<UInt8> = Self.specialBytes
        guard text.utf8.contains(where: special.contains) else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if "\\`*_[]<>#|".unicodeScalars.contains(scalar)
                || (scalar == "&" && Self.startsReference(scalars[(index + 1)...]))
            {
                result.append("\\")
            }
            result.append(scalar)
        }
        return String(result)
    }

    /// `text` escaped, as a line of its own that can only be a paragraph: a leading `-`, `+`,
    /// `=` or `~` (a list item, a setext underline or thematic break, a fence) and the `.` or `)`
    /// of a leading number (an ordered list) are escaped too. (The others, `*`, `#`, `>`, `<`,
    /// `|`, `_` and backquote, are escaped everywhere; leading spaces are gone already.)
    func paragraph(_ text: String) -> String {
        var line = escape(text)
        guard let first = line.unicodeScalars.first else { return line }
        if "-+=~".unicodeScalars.contains(first) {
            line.insert("\\", at: line.startIndex)
        } else if let end = line.firstIndex(where: { !$0.isASCII || !$0.isNumber }), end > line.startIndex,
            line.distance(from: line.startIndex, to: end) <= 9, line[end] == "." || line[end] == ")"
        {
            line.insert("\\", at: end)
        }
        return line
    }

    /// A URL from ``Presentation`` (so no `<`, `>`, `"`, `\\`, space or control is left) made safe
    /// between angle brackets: `(`, `)` and `'` percent-encoded, and `&` where it would start a
    /// character reference, which CommonMark decodes in destinations too.
    func destination(_ url: String) -> String {
        let scalars = Array(url.unicodeScalars)
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "(": result += "%28"
            case ")": result += "%29"
            case "'": result += "%27"
            case "&" where Self.startsReference(scalars[(index + 1)...]): result += "%26"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// Whether what follows an `&` reads as a character reference: `#`, or letters and digits,
    /// then `;`.
    private static func startsReference(_ rest: ArraySlice<Unicode.Scalar>) -> Bool {
        var sawName = false
        for scalar in rest.prefix(40) {
            if scalar == ";" { return sawName }
            guard
                scalar.properties.isASCIIHexDigit || (scalar.isASCII && scalar.properties.isAlphabetic)
                    || scalar == "#"
            else { return false }
            sawName = true
        }
        return false
    }
}
