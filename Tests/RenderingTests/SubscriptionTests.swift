import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import Rendering

/// Email for people: a footer saying why the reader receives the briefing, a List-Unsubscribe
/// header (RFC 2369), and a plain-text part that reads well in mutt.
@Suite struct SubscriptionTests {
    static let mailto = "mailto:leave@example.com?subject=unsubscribe"
    static let longURL =
        "https://news.example.com/briefings/unsubscribe?token=" + String(repeating: "0123456789abcdef", count: 8)

    static func renderer(_ format: BriefingRenderer.Format, _ subscription: Subscription?, width: Int = 72)
        -> BriefingRenderer
    {
        BriefingRenderer(format: format, wrapColumn: width, subscription: subscription)
    }

    @Test func everyFormatEndsWithTheFooterNamingTheProfileAndTheFile() {
        let subscription = Subscription(profile: "markets", configuration: "briefing.toml", unsubscribe: Self.mailto)
        let expected =
            "You receive this because your address is among the recipients (to =) of the \u{201C}markets\u{201D} briefing in briefing.toml. To stop, remove your address there, or unsubscribe: \(Self.mailto)"
        for format in BriefingRenderer.Format.allCases {
            let output = Self.renderer(format, subscription).render(BriefingRendererTests.briefing)
            let flat = output.replacingOccurrences(of: "\n", with: " ")
            let markdownEscaped = expected.replacingOccurrences(of: "_", with: "\\_")
            #expect(flat.contains(expected) || flat.contains(markdownEscaped), "\(format): \(output)")
            // Without a subscription there is no footer (and the output is as it was).
            let without = Self.renderer(format, nil).render(BriefingRendererTests.briefing)
            #expect(!without.contains("You receive this"))
            #expect(output.hasPrefix(String(without.prefix(200))))
        }
        let plain = Subscription(configuration: "work.toml")
        let text = Self.renderer(.text, plain, width: 200).render(BriefingRendererTests.briefing)
        #expect(
            text.hasSuffix(
                "\n-- \nYou receive this because your address is among the recipients (to =) of this briefing in work.toml. To stop, remove your address there.\n"
            ))
    }

    @Test func theMessageCarriesListUnsubscribeOnlyForAnAcceptedURL() throws {
        for (configured, header) in [
            (Self.mailto, "List-Unsubscribe: <\(Self.mailto)>"),
            ("https://example.com/u?id=1", "List-Unsubscribe: <https://example.com/u?id=1>"),
            ("javascript:alert(1)", nil), ("mailto:no address", nil), ("mailto:<a@b>", nil),
            ("https://example.com/" + String(repeating: "a", count: 900), nil), (nil, nil),
        ] as [(String?, String?)] {
            let subscription = Subscription(configuration: "b.toml", unsubscribe: configured)
            let raw = Self.renderer(.text, subscription).message(
                BriefingRendererTests.briefing, from: "b@example.com", to: ["r@example.com"]
            ).rendered()
            let head = try #require(raw.components(separatedBy: "\r\n\r\n").first)
            if let header {
                #expect(head.components(separatedBy: "\r\n").contains(header))
            } else {
                #expect(!head.contains("List-Unsubscribe"), "\(configured ?? "none")")
                #expect(!raw.contains("javascript:"))
            }
        }
    }

    /// Python's email package, strict policy, reads the message without a defect and finds the
    /// header; the text part decodes to lines wrapped at the column, each URL whole.
    @Test func pythonReadsTheHeaderAndTheTextPartWrapsWithoutBreakingURLs() throws {
        var briefing = BriefingRendererTests.briefing
        briefing.sections[0].entries[0].link = Self.longURL + "&from=story"
        briefing.sections[0].entries[0].alsoReportedBy = [
            SourceLink(source: "Quay Daily, the port's own paper", link: Self.longURL + "&from=also")
        ]
        briefing.sections[0].entries[0].summary.append(
            "Details are at \(Self.longURL)&from=summary which the union published.")
        let width = 60
        let subscription = Subscription(profile: "markets", configuration: "briefing.toml", unsubscribe: Self.longURL)
        let message = Self.renderer(.text, subscription, width: width).message(
            briefing, from: "Briefing <b@example.com>", to: ["r@example.com"])
        let raw = message.rendered()
        #expect(raw.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 998 })

        let reading = try SMTPPeer.check(Data(raw.utf8))
        #expect(reading.listUnsubscribe == "<\(Self.longURL)>")
        #expect(reading.headers.contains("List-Unsubscribe"))
        let text = try #require(reading.text)
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        for line in lines where line.unicodeScalars.count > width {
            // Only a URL may pass the column, and then it stands alone on its line.
            let words = line.split(separator: " ")
            #expect(words.count == 1 && words[0].hasPrefix("https://"), "\(line)")
        }
        for suffix in ["&from=story", "&from=also", "&from=summary", ""] {
            let url = Self.longURL + suffix
            #expect(
                lines.contains { $0.split(separator: " ").contains { $0 == url } }, "\(url) is broken or missing")
        }
        #expect(lines.contains("-- "))
        #expect(lines.joined(separator: " ").contains("\u{201C}markets\u{201D} briefing in briefing.toml"))
    }

    /// A long title and section name wrap too, each underline as long as its longest line.
    @Test func longHeadingsWrapAtTheColumnWithTheirUnderlines() throws {
        var briefing = BriefingRendererTests.briefing
        briefing.title = "The morning briefing of the harbour, the markets and the weather, for everyone"
        briefing.sections[0].name = "World news from every continent, as the wire services tell it"
        let text = Self.renderer(.text, nil, width: 40).render(briefing)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines where line.count > 40 {
            #expect(line.split(separator: " ").count == 1, "\(line)")
        }
        #expect(lines[0] == "The morning briefing of the harbour, the")
        let underline = try #require(lines.firstIndex { $0.hasPrefix("=") })
        #expect(lines[underline].count == 40)
        #expect(lines.contains("WORLD NEWS FROM EVERY CONTINENT, AS THE"))
        // Short ones are as before: the underline as long as the heading.
        let short = Self.renderer(.text, nil).render(BriefingRendererTests.briefing).split(separator: "\n")
        #expect(short[1].count == short[0].count && short[1].allSatisfy { $0 == "=" })
    }

    /// The hostile briefing of the security tests, with a hostile profile name and unsubscribe
    /// URL: the HTML still passes the audit, the footer's only link is the checked URL.
    @Test func theFooterKeepsTheHostileContentAssertions() throws {
        let briefing = try HostileContentTests.briefing()
        let subscription = Subscription(
            profile: "<script>alert('profile')</script>\u{202E}\n", configuration: "<b onclick=alert(1)>.toml",
            unsubscribe: "https://unsubscribe.example/?a=\"><script>alert(2)</script>")
        let message = Self.renderer(.html, subscription).message(briefing, from: "a@example.com", to: ["b@example.com"])
        for html in [Self.renderer(.html, subscription).render(briefing), message.html] {
            let report = HTMLAudit.audit(html)
            #expect(report.violations.isEmpty, "\(report.violations)")
            #expect(report.links.count == 2 * HostileContentTests.keptLinkCount + 1)
            #expect(report.links.last == "https://unsubscribe.example/?a=%22%3E%3Cscript%3Ealert(2)%3C/script%3E")
            #expect(!html.contains("<script") && !html.contains("<b "))
            #expect(!html.unicodeScalars.contains("\u{202E}"))
        }
        // A mailto: address is shown, never linked: mail links are not web links.
        let mailto = Subscription(configuration: "b.toml", unsubscribe: Self.mailto)
        let html = Self.renderer(.html, mailto).render(briefing)
        #expect(HTMLAudit.audit(html).links.count == 2 * HostileContentTests.keptLinkCount)
        #expect(html.contains(Self.mailto))
        // The whole message still reads without a defect.
        _ = try SMTPPeer.check(Data(message.rendered().utf8))
    }
}
