import BriefingCore
import Foundation

/// Markdown that reads well as plain text in a mail client and renders on GitHub: headings,
/// bullets, reference-style links (collected at the end, so the text stays readable), no raw HTML.
struct MarkdownRenderer {
    let dates: DateText

    private static let specialBytes = Set("\\`*_[]<>#|".utf8)

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
                    lines.append(escape(entry.summary.joined(separator: " ")))
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
                    "- **\(escape(failure.source.displayName))** (`\(failure.source.location)`): \(escape(failure.reason))"
                )
            }
        }
        if !references.isEmpty {
            lines.append("")
            for (index, url) in references.enumerated() {
                lines.append("[\(index + 1)]: <\(url)>")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Escapes the characters that would otherwise start Markdown syntax inside text.
    private func escape(_ text: String) -> String {
        let special: Set<UInt8> = Self.specialBytes
        guard text.utf8.contains(where: special.contains) else { return text }
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            if "\\`*_[]<>#|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
