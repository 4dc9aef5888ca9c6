import BriefingCore
import Foundation

/// Plain text, wrapped at a column, for terminals and text mail.
struct TextRenderer {
    let dates: DateText
    let width: Int
    /// The footer telling recipients why they receive the briefing; none when nil.
    var subscription: Subscription? = nil

    func render(_ briefing: Briefing) -> String {
        var lines: [String] = []
        let heading = "\(briefing.title) — \(dates.heading(briefing.date))"
        lines.append(contentsOf: underlined(heading, with: "=", length: heading.count))
        lines.append(briefing.countLine)
        for section in briefing.sections where !section.entries.isEmpty {
            lines.append("")
            lines.append(contentsOf: underlined(section.name.uppercased(), with: "-", length: section.name.count))
            for entry in section.entries {
                lines.append("")
                let marker = entry.isUpdate ? "[updated] " : ""
                lines.append(contentsOf: TextWrap.wrap("* \(marker)\(entry.title)", width: width, indent: "  "))
                var meta = entry.source
                if let date = entry.date { meta += " · \(dates.item(date))" }
                lines.append(contentsOf: TextWrap.wrap(meta, width: width, firstIndent: "  ", indent: "  "))
                if let link = entry.link { lines.append("  \(link)") }
                if !entry.summary.isEmpty {
                    lines.append("")
                    lines.append(
                        contentsOf: TextWrap.wrap(
                            entry.summary.joined(separator: " "), width: width, firstIndent: "  ", indent: "  "))
                }
                if !entry.alsoReportedBy.isEmpty {
                    lines.append("")
                    lines.append("  Also reported by:")
                    for other in entry.alsoReportedBy {
                        lines.append(
                            contentsOf: TextWrap.wrap(
                                "- \(other.source)" + (other.link.map { " \($0)" } ?? ""), width: width,
                                firstIndent: "    ", indent: "      "))
                    }
                }
            }
        }
        if briefing.entryCount == 0 {
            lines.append("")
            lines.append("No new stories.")
        }
        if !briefing.failures.isEmpty {
            lines.append("")
            lines.append("FEEDS THAT FAILED")
            lines.append("-----------------")
            for failure in briefing.failures {
                lines.append(
                    contentsOf: TextWrap.wrap(
                        "- \(failure.source.displayName) (\(failure.source.location)): \(failure.reason)",
                        width: width, indent: "  "))
            }
        }
        if !briefing.unreadPages.isEmpty {
            lines.append("")
            lines.append("ARTICLE PAGES NOT READ (the feeds' own text was used)")
            lines.append("----------------------------------------------------")
            for group in briefing.unreadPagesByReason {
                lines.append(
                    contentsOf: TextWrap.wrap(
                        "- \(Self.pageCount(group.pages.count)): \(group.reason)", width: width, indent: "  "))
                for page in group.pages {
                    lines.append(
                        contentsOf: TextWrap.wrap(
                            "\(page.source): \(page.url)", width: width, firstIndent: "    ", indent: "      "))
                }
            }
        }
        if let subscription {
            // "-- " opens a signature: mail readers such as mutt show the footer apart.
            lines.append("")
            lines.append("-- ")
            lines.append(contentsOf: subscription.text(width: width))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension TextRenderer {
    /// A heading and its underline of `length` characters; a heading wider than the column
    /// wraps, its underline then as long as its longest line.
    func underlined(_ heading: String, with mark: Character, length: Int) -> [String] {
        guard heading.unicodeScalars.count > width else { return [heading, String(repeating: mark, count: length)] }
        let lines = TextWrap.wrap(heading, width: width, indent: "")
        return lines + [String(repeating: mark, count: lines.map(\.count).max() ?? 0)]
    }

    /// "1 article page" or "N article pages".
    static func pageCount(_ count: Int) -> String { count == 1 ? "1 article page" : "\(count) article pages" }
}

/// Greedy word wrapping; a word longer than the line (a URL) stands on a line of its own.
enum TextWrap {
    static func wrap(_ text: String, width: Int, firstIndent: String = "", indent: String) -> [String] {
        var lines: [String] = []
        var current = firstIndent
        var length = firstIndent.unicodeScalars.count
        var currentHasWord = false
        for word in text.split(separator: " ", omittingEmptySubsequences: true) {
            let wordLength = word.unicodeScalars.count
            if currentHasWord && length + 1 + wordLength > width {
                lines.append(current)
                current = indent + word
                length = indent.unicodeScalars.count + wordLength
            } else {
                current += (currentHasWord ? " " : "") + word
                length += (currentHasWord ? 1 : 0) + wordLength
            }
            currentHasWord = true
        }
        if currentHasWord { lines.append(current) }
        return lines
    }
}
