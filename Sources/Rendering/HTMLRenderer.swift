import BriefingCore
import Foundation

/// HTML for email: one self-contained document, inline CSS only (mail clients drop style
/// sheets), no scripts, no images, everything escaped.
struct HTMLRenderer {
    let dates: DateText
    /// The footer telling recipients why they receive the briefing; none when nil.
    var subscription: Subscription? = nil

    private enum Style {
        static let body =
            "margin:0;padding:24px;background:#f6f6f3;font-family:Georgia,'Times New Roman',serif;color:#1d1d1b;"
        static let container = "max-width:680px;margin:0 auto;background:#ffffff;padding:28px 32px;"
        static let heading = "font-size:26px;margin:0 0 4px 0;font-weight:bold;"
        static let counts = "font-family:Helvetica,Arial,sans-serif;font-size:13px;color:#6b6b66;margin:0 0 24px 0;"
        static let section =
            "font-family:Helvetica,Arial,sans-serif;font-size:13px;letter-spacing:1px;text-transform:uppercase;color:#8a3b12;border-bottom:1px solid #e2e0d8;padding-bottom:4px;margin:28px 0 12px 0;"
        static let title = "font-size:19px;margin:16px 0 2px 0;line-height:1.3;"
        static let link = "color:#1d1d1b;text-decoration:none;"
        static let meta = "font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#6b6b66;margin:0 0 6px 0;"
        static let summary = "font-size:16px;line-height:1.5;margin:0 0 8px 0;"
        static let also = "font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#6b6b66;margin:0 0 12px 0;"
        static let failure = "font-family:Helvetica,Arial,sans-serif;font-size:13px;color:#6b6b66;margin:2px 0;"
        static let badge = "font-family:Helvetica,Arial,sans-serif;font-size:11px;color:#8a3b12;font-weight:bold;"
        static let footer =
            "font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#6b6b66;border-top:1px solid #e2e0d8;padding-top:8px;margin:28px 0 0 0;"
    }

    /// The briefing as a whole HTML document.
    func render(_ briefing: Briefing) -> String { document(briefing, body: body(briefing)) }

    /// The document, and the fragment that is its body without the footer: one `div` (the
    /// content of an Atom entry in the archive's feed), from one rendering of the body.
    func documentAndFragment(_ briefing: Briefing) -> (document: String, fragment: String) {
        let body = body(briefing)
        return (document(briefing, body: body), body + "</div>")
    }

    /// The document around `body`: head, body, footer (when there is a subscription), end.
    private func document(_ briefing: Briefing, body: String) -> String {
        let heading = dates.heading(of: briefing)
        let head = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(escape(heading))</title></head>
            <body style="\(Style.body)">
            """
        return head + body + footer + "</div></body></html>\n"
    }

    /// The opened `div` with heading, stories, failures and unread pages: everything but the
    /// footer and the `div`'s end.
    private func body(_ briefing: Briefing) -> String {
        let heading = dates.heading(of: briefing)
        var html = """
            <div style="\(Style.container)">
            <h1 style="\(Style.heading)">\(escape(heading))</h1>
            <p style="\(Style.counts)">\(escape(briefing.countLine))</p>

            """
        for section in briefing.sections where !section.entries.isEmpty {
            html += "<h2 style=\"\(Style.section)\">\(escape(section.name))</h2>\n"
            for entry in section.entries {
                let badge = entry.isUpdate ? "<span style=\"\(Style.badge)\">UPDATED</span> " : ""
                let title =
                    entry.link.map { "<a href=\"\(escape($0))\" style=\"\(Style.link)\">\(escape(entry.title))</a>" }
                    ?? escape(entry.title)
                html += "<h3 style=\"\(Style.title)\">\(badge)\(title)</h3>\n"
                var meta = escape(entry.source)
                if let date = entry.date { meta += " · " + escape(dates.item(date)) }
                html += "<p style=\"\(Style.meta)\">\(meta)</p>\n"
                if !entry.summary.isEmpty {
                    html += "<p style=\"\(Style.summary)\">\(escape(entry.summary.joined(separator: " ")))</p>\n"
                }
                if !entry.alsoReportedBy.isEmpty {
                    let links = entry.alsoReportedBy.map { other in
                        other.link.map {
                            "<a href=\"\(escape($0))\" style=\"color:#6b6b66;\">\(escape(other.source))</a>"
                        }
                            ?? escape(other.source)
                    }
                    html += "<p style=\"\(Style.also)\">Also reported by \(links.joined(separator: ", "))</p>\n"
                }
            }
        }
        if briefing.entryCount == 0 {
            html += "<p style=\"\(Style.summary)\">No new stories.</p>\n"
        }
        if !briefing.failures.isEmpty {
            html += "<h2 style=\"\(Style.section)\">Feeds that failed</h2>\n"
            for failure in briefing.failures {
                html +=
                    "<p style=\"\(Style.failure)\"><b>\(escape(failure.source.displayName))</b> (\(escape(failure.source.location))): \(escape(failure.reason))</p>\n"
            }
        }
        if !briefing.unreadPages.isEmpty {
            html += "<h2 style=\"\(Style.section)\">Article pages not read</h2>\n"
            html += "<p style=\"\(Style.failure)\">The feeds' own text was used.</p>\n"
            for group in briefing.unreadPagesByReason {
                html +=
                    "<p style=\"\(Style.failure)\"><b>\(escape(TextRenderer.pageCount(group.pages.count)))</b>: \(escape(group.reason))<br>\n"
                html += group.pages.map { "\(escape($0.source)): \(escape($0.url))" }.joined(separator: "<br>\n")
                html += "</p>\n"
            }
        }
        return html
    }

    /// Why the reader receives the briefing and how to stop, or nothing without a subscription.
    private var footer: String {
        guard let subscription else { return "" }
        var footer = escape(subscription.reason) + " " + escape(subscription.howToStop)
        if let url = subscription.url {
            footer +=
                subscription.urlIsWebLink
                ? " <a href=\"\(escape(url))\" style=\"color:#6b6b66;\">\(escape(url))</a>" : " " + escape(url)
        }
        return "<p style=\"\(Style.footer)\">\(footer)</p>\n"
    }

    /// Escaped by scalar (``MarkupEscaping``): a `<` carrying a combining mark is escaped too.
    private func escape(_ text: String) -> String { MarkupEscaping.escape(text) }
}
