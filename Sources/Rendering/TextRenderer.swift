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
        let heading = dates.heading(of: briefing)
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
///
/// Words are what `split(separator: " ")` gives: the text between spaces that are characters of
/// their own (a space carrying a combining mark, or after a prepended concatenation mark, is
/// part of a word). Lengths are counted in Unicode scalars. It works on UTF-8 bytes: building
/// each line as a `String`, word by word, took 8.8% of a 1,000-item daily run's instructions
/// (callgrind).
enum TextWrap {
    static func wrap(_ text: String, width: Int, firstIndent: String = "", indent: String) -> [String] {
        let bytes = Array(text.utf8)
        let indentBytes = Array(indent.utf8)
        let indentLength = indent.unicodeScalars.count
        var lines: [String] = []
        var current = Array(firstIndent.utf8)
        var length = firstIndent.unicodeScalars.count
        var currentHasWord = false
        for word in words(bytes) {
            let wordLength = bytes[word].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
            if currentHasWord && length + 1 + wordLength > width {
                lines.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
                current.append(contentsOf: indentBytes)
                current.append(contentsOf: bytes[word])
                length = indentLength + wordLength
            } else {
                if currentHasWord { current.append(0x20) }
                current.append(contentsOf: bytes[word])
                length += (currentHasWord ? 1 : 0) + wordLength
            }
            currentHasWord = true
        }
        if currentHasWord { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }

    /// The byte ranges of the words of `bytes` (UTF-8), without empty ones.
    static func words(_ bytes: [UInt8]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var start = 0
        for index in bytes.indices where bytes[index] == 0x20 && isSeparator(bytes, at: index) {
            if start < index { result.append(start..<index) }
            start = index + 1
        }
        if start < bytes.count { result.append(start..<bytes.count) }
        return result
    }

    /// Whether the space at `index` is a character of its own. Whether a grapheme break falls
    /// between a space and its neighbour depends on the two scalars alone (UAX #29: a space is
    /// neither a control, an extender, a prepended mark, a regional indicator nor a pictograph),
    /// so each pair is asked of `String` itself; an ASCII neighbour never joins a space.
    private static func isSeparator(_ bytes: [UInt8], at index: Int) -> Bool {
        if index > 0 && bytes[index - 1] >= 0x80 {
            var lead = index - 1
            while lead > 0 && bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            if String(decoding: bytes[lead...index], as: UTF8.self).count == 1 { return false }
        }
        if index + 1 < bytes.count && bytes[index + 1] >= 0x80 {
            var end = index + 2
            while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
            if String(decoding: bytes[index..<end], as: UTF8.self).count == 1 { return false }
        }
        return true
    }
}
