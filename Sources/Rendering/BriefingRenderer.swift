import BriefingCore
import Foundation

/// Turns a `Briefing` into text in one of the output formats.
public struct BriefingRenderer: Sendable {
    /// The text formats (Pipeline's `OutputFormat` adds the MIME message and names each
    /// format's file extension).
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case text, markdown, html
    }

    public var format: Format
    /// Time zone for the dates shown.
    public var timeZone: TimeZone
    /// Column at which plain text is wrapped.
    public var wrapColumn: Int
    /// Who receives the briefing and how to stop: a footer in every format and, with an
    /// unsubscribe URL, the email's `List-Unsubscribe` header. None when nil.
    public var subscription: Subscription?

    public init(
        format: Format, timeZone: TimeZone = TimeZone(identifier: "UTC") ?? .current, wrapColumn: Int = 72,
        subscription: Subscription? = nil
    ) {
        self.format = format
        self.timeZone = timeZone
        self.wrapColumn = wrapColumn
        self.subscription = subscription
    }

    /// The briefing in ``format``, after ``Presentation/prepare(_:)`` has made what feeds wrote
    /// inert: only `http` and `https` links, one-line text without controls, bounded lengths.
    public func render(_ briefing: Briefing) -> String {
        let briefing = Presentation.prepare(briefing)
        switch format {
        case .text:
            return TextRenderer(dates: DateText(timeZone: timeZone), width: wrapColumn, subscription: subscription)
                .render(briefing)
        case .markdown:
            return MarkdownRenderer(dates: DateText(timeZone: timeZone), subscription: subscription).render(briefing)
        case .html:
            return HTMLRenderer(dates: DateText(timeZone: timeZone), subscription: subscription).render(briefing)
        }
    }

    /// The briefing as an HTML fragment (one `div`, no document around it and no footer), made
    /// inert first as for ``render(_:)``: the content of the archive feed's entries.
    public func htmlFragment(_ briefing: Briefing) -> String {
        HTMLRenderer(dates: DateText(timeZone: timeZone)).fragment(Presentation.prepare(briefing))
    }

    /// The counts line under the heading: `23 stories from 4 feeds · 1 failed`.
    public func countLine(_ briefing: Briefing) -> String { briefing.countLine }

    /// The heading every format opens with: the briefing's title, made one line, and its day.
    public func heading(_ briefing: Briefing) -> String {
        var title = briefing
        title.sections = []
        title.failures = []
        title.unreadPages = []
        return "\(Presentation.prepare(title).title) — \(DateText(timeZone: timeZone).heading(briefing.date))"
    }

    /// The briefing as an email: plain text and HTML alternatives, subject with the date; made
    /// inert first, as for ``render(_:)`` (so the subject is one line).
    public func message(_ briefing: Briefing, from: String, to: [String]) -> MIMEMessage {
        let briefing = Presentation.prepare(briefing)
        let dates = DateText(timeZone: timeZone)
        let text = TextRenderer(dates: dates, width: wrapColumn, subscription: subscription).render(briefing)
        let html = HTMLRenderer(dates: dates, subscription: subscription).render(briefing)
        var message = MIMEMessage(
            from: from, to: to, subject: "\(briefing.title) — \(dates.heading(briefing.date))", date: briefing.date,
            text: text, html: html, identity: "\(briefing.title)|\(briefing.date.timeIntervalSince1970)|\(to)")
        message.listUnsubscribe = subscription?.url
        return message
    }
}

/// Deterministic, locale-independent date text.
struct DateText {
    let day: DateFormatter
    let stamp: DateFormatter

    init(timeZone: TimeZone) {
        day = DateFormatter()
        day.locale = Locale(identifier: "en_US_POSIX")
        day.timeZone = timeZone
        day.dateFormat = "EEEE, d MMMM yyyy"
        stamp = DateFormatter()
        stamp.locale = Locale(identifier: "en_US_POSIX")
        stamp.timeZone = timeZone
        stamp.dateFormat =
            timeZone.secondsFromGMT() == 0 && timeZone.identifier.contains("UTC") || timeZone.identifier == "GMT"
            ? "d MMM yyyy, HH:mm 'UTC'" : "d MMM yyyy, HH:mm zzz"
    }

    func heading(_ date: Date) -> String { day.string(from: date) }
    func item(_ date: Date) -> String { stamp.string(from: date) }
}

/// Counts for the briefing's header line.
extension Briefing {
    /// `23 stories from 4 feeds · 1 unchanged · 1 failed`: the feeds read (with or without new
    /// items), then those that answered 304 Not Modified and those that failed, when there are any.
    var countLine: String {
        let stories = entryCount == 1 ? "1 story" : "\(entryCount) stories"
        var parts = ["\(stories) from \(feedsRead == 1 ? "1 feed" : "\(feedsRead) feeds")"]
        if unchangedFeeds > 0 { parts.append("\(unchangedFeeds) unchanged") }
        if !failures.isEmpty { parts.append("\(failures.count) failed") }
        return parts.joined(separator: " · ")
    }
}
