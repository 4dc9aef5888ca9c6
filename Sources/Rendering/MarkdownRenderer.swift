import BriefingCore
import Foundation

/// Markdown that reads well as plain text in a mail client and renders on GitHub: headings,
/// bullets, links, no raw HTML.
struct MarkdownRenderer {
    let dates: DateText

    func render(_ briefing: Briefing) -> String {
        var lines: [String] = []
        lines.append("# \(escape(briefing.title)) — \(dates.heading(briefing.date))")
        lines.append("")
        lines.append("_\(briefing.countLine)_")
        for section in briefing.sections where !section.entries.isEmpty {
            lines.append("")
            lines.append("## \(escape(section.name))")
            for entry in section.entries {
                lines.append("")
                if let link = entry.link {
                    lines.append("### [\(escape(entry.title))](<\(link)>)")
                } else {
                    lines.append("### \(escape(entry.title))")
                }
                lines.append("")
                var meta = escape(entry.source)
                if let date = entry.date { meta += " · \(dates.item(date))" }
                lines.append("*\(meta)*")
                if !entry.summary.isEmpty {
                    lines.append("")
                    lines.append(escape(entry.summary.joined(separator: " ")))
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
                    "- **\(escape(failure.source.displayName))** (`\(failure.source.location)`): \(escape(failure.reason))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes the characters that would otherwise start Markdown syntax inside text.
    private func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            if "\\`*_[]<>#|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
