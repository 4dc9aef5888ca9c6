import BriefingCore

/// The one step between a `Briefing` and every renderer: what strangers wrote, made inert and
/// bounded, so that each renderer only escapes for its own format.
///
/// `BriefingRenderer` applies it once, before any format is written:
///
/// - Links: only what ``LinkPolicy/webURL(_:)`` accepts (absolute `http` and `https`, read as a
///   browser reads them, unsafe characters percent-encoded), at most ``linkLimit`` bytes; any other
///   link is dropped and its title stays as plain text.
/// - Text: every field is one line (``DisplayText/line(_:limit:)``: no controls, no bidirectional
///   overrides, white space folded) of bounded length, cut with "…":
///   titles (the briefing's and each story's) at ``titleLimit`` characters, names (sections,
///   feeds, failed feeds) at ``nameLimit``, a failed feed's location and reason at
///   ``failureLimit``, each summary sentence at ``sentenceLimit`` and the whole summary at
///   ``summaryLimit`` (later sentences are dropped).
/// - A title or name that is empty once cleaned reads "(untitled)" or "(unnamed)".
enum Presentation {
    /// Titles keep at most 300 characters: a longer one is cut to its first 299 and "…".
    static let titleLimit = 300
    /// Section and feed names keep at most 200 characters.
    static let nameLimit = 200
    /// A failed feed's location and the reason it failed keep at most 500 characters each.
    static let failureLimit = 500
    /// A summary sentence keeps at most 1,000 characters.
    static let sentenceLimit = 1_000
    /// A summary keeps at most 2,000 characters, its sentences counted with one space between.
    static let summaryLimit = 2_000
    /// A link longer than 4,096 bytes (once percent-encoded) is dropped.
    static let linkLimit = 4_096

    /// `briefing` ready for display.
    static func prepare(_ briefing: Briefing) -> Briefing {
        var result = briefing
        result.title = title(briefing.title)
        result.sections = briefing.sections.map { section in
            BriefingSection(name: name(section.name), entries: section.entries.map(entry))
        }
        result.failures = briefing.failures.map(failure)
        // An unread page's URL is shown as text, never as a link: it may lead somewhere private.
        result.unreadPages = briefing.unreadPages.map { page in
            UnreadPage(
                source: name(page.source), url: DisplayText.line(page.url, limit: failureLimit),
                reason: DisplayText.line(page.reason, limit: failureLimit))
        }
        return result
    }

    /// A link the policy accepts, or nil.
    static func link(_ raw: String?) -> String? {
        guard let raw, let url = LinkPolicy.webURL(raw), url.utf8.count <= linkLimit else { return nil }
        return url
    }

    private static func entry(_ entry: BriefingEntry) -> BriefingEntry {
        var result = entry
        result.title = title(entry.title)
        result.link = link(entry.link)
        result.source = name(entry.source)
        result.summary = summary(entry.summary)
        result.alsoReportedBy = entry.alsoReportedBy.map { SourceLink(source: name($0.source), link: link($0.link)) }
        return result
    }

    private static func failure(_ failure: FeedFailure) -> FeedFailure {
        var source = failure.source
        source.location = DisplayText.line(source.location, limit: failureLimit)
        source.title = source.title.map(name)
        source.group = name(source.group)
        source.homePage = link(source.homePage)
        return FeedFailure(source: source, reason: DisplayText.line(failure.reason, limit: failureLimit))
    }

    private static func title(_ text: String) -> String {
        let line = DisplayText.line(text, limit: titleLimit)
        return line.isEmpty ? "(untitled)" : line
    }

    private static func name(_ text: String) -> String {
        let line = DisplayText.line(text, limit: nameLimit)
        return line.isEmpty ? "(unnamed)" : line
    }

    /// The sentences, cleaned, while they fit in ``summaryLimit``; the one that crosses it is cut.
    private static func summary(_ sentences: [String]) -> [String] {
        var result: [String] = []
        var used = 0
        for sentence in sentences {
            let room = summaryLimit - used - (result.isEmpty ? 0 : 1)
            guard room > 1 else { break }
            let line = DisplayText.line(sentence, limit: min(sentenceLimit, room))
            if line.isEmpty { continue }
            result.append(line)
            used += line.count + (result.count == 1 ? 0 : 1)
        }
        return result
    }
}
