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

    /// Every form of `briefing` a run writes (the three text formats, the email, the archive's
    /// heading and fragment) from one ``Presentation/prepare(_:)``, each part rendered once: the
    /// email's alternatives are the text and HTML documents, and the archive's fragment is the
    /// HTML document's body. Each form is exactly what ``render(_:)`` and
    /// ``message(_:from:to:)`` give alone.
    public func renditions(_ briefing: Briefing) -> BriefingRenditions {
        let briefing = Presentation.prepare(briefing)
        let dates = DateText(timeZone: timeZone)
        let html = HTMLRenderer(dates: dates, subscription: subscription).documentAndFragment(briefing)
        return BriefingRenditions(
            title: briefing.title, heading: dates.heading(of: briefing),
            countLine: briefing.countLine, date: briefing.date, stories: briefing.entryCount,
            text: TextRenderer(dates: dates, width: wrapColumn, subscription: subscription).render(briefing),
            markdown: MarkdownRenderer(dates: dates, subscription: subscription).render(briefing), html: html.document,
            htmlFragment: html.fragment, unsubscribe: subscription?.url)
    }

    /// The briefing as an email: plain text and HTML alternatives, subject with the date; made
    /// inert first, as for ``render(_:)`` (so the subject is one line).
    public func message(_ briefing: Briefing, from: String, to: [String]) -> MIMEMessage {
        let briefing = Presentation.prepare(briefing)
        let dates = DateText(timeZone: timeZone)
        return BriefingRenditions.message(
            title: briefing.title, heading: dates.heading(of: briefing), date: briefing.date,
            text: TextRenderer(dates: dates, width: wrapColumn, subscription: subscription).render(briefing),
            html: HTMLRenderer(dates: dates, subscription: subscription).render(briefing),
            unsubscribe: subscription?.url, from: from, to: to)
    }
}

/// One briefing in every form a run writes, made by ``BriefingRenderer/renditions(_:)`` from one
/// preparation of the briefing: the files of an output directory, the email, and what the
/// archive keeps of it.
public struct BriefingRenditions: Sendable {
    /// The briefing's title, made one line.
    public var title: String
    /// The heading every format opens with: the title and the briefing's day.
    public var heading: String
    /// The counts line under the heading: `23 stories from 4 feeds · 1 failed`.
    public var countLine: String
    /// When the briefing was made.
    public var date: Date
    /// The number of stories.
    public var stories: Int
    /// Plain text, as ``BriefingRenderer/Format/text`` renders it.
    public var text: String
    /// Markdown, as ``BriefingRenderer/Format/markdown`` renders it.
    public var markdown: String
    /// The HTML document, as ``BriefingRenderer/Format/html`` renders it.
    public var html: String
    /// The HTML document's body (one `div`, without the footer): the content of the archive
    /// feed's entry.
    public var htmlFragment: String
    /// The checked unsubscribe URL, for the email's `List-Unsubscribe`.
    var unsubscribe: String?

    /// The briefing in `format`.
    public subscript(format: BriefingRenderer.Format) -> String {
        switch format {
        case .text: text
        case .markdown: markdown
        case .html: html
        }
    }

    /// The briefing as an email from `from` to `to`, its alternatives ``text`` and ``html``.
    public func message(from: String, to: [String]) -> MIMEMessage {
        Self.message(
            title: title, heading: heading, date: date, text: text, html: html, unsubscribe: unsubscribe, from: from,
            to: to)
    }

    /// The message of a prepared briefing: the subject is its heading, and the identity (which
    /// seeds Message-ID and boundary) its title, date and recipients.
    static func message(
        title: String, heading: String, date: Date, text: String, html: String, unsubscribe: String?, from: String,
        to: [String]
    ) -> MIMEMessage {
        var message = MIMEMessage(
            from: from, to: to, subject: heading, date: date, text: text, html: html,
            identity: "\(title)|\(date.timeIntervalSince1970)|\(to)")
        message.listUnsubscribe = unsubscribe
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
    /// The line every format opens with (and the email's subject): the title and the day.
    func heading(of briefing: Briefing) -> String { "\(briefing.title) — \(heading(briefing.date))" }
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
