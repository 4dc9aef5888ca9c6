import BriefingCore
import Foundation
import Testing

@testable import Rendering

/// Every form of a briefing from one preparation (`BriefingRenderer.renditions`) is, byte for
/// byte, what each format gives when rendered alone: the output directory and the archive use
/// the first, standard output and single files the second.
@Suite struct BriefingRenditionsTests {
    static let subscriptions: [Subscription?] = [
        nil,
        Subscription(
            profile: "markets", configuration: "briefing.toml", unsubscribe: "https://example.com/leave?u=1&x=<2>"),
        Subscription(configuration: "b.toml", unsubscribe: "mailto:leave@example.com"),
    ]

    static func briefings() throws -> [Briefing] {
        var empty = BriefingRendererTests.briefing
        empty.sections = []
        empty.failures = []
        return [BriefingRendererTests.briefing, PresentationTests.hostile, try HostileContentTests.briefing(), empty]
    }

    @Test(arguments: subscriptions)
    func eachFormIsWhatItsFormatGivesAlone(subscription: Subscription?) throws {
        let zones = [TimeZone(identifier: "UTC"), TimeZone(identifier: "Europe/Oslo")].compactMap { $0 }
        for briefing in try Self.briefings() {
            for (zone, width) in zip(zones, [72, 40]) {
                let renderer = BriefingRenderer(
                    format: .text, timeZone: zone, wrapColumn: width, subscription: subscription)
                let renditions = renderer.renditions(briefing)
                for format in BriefingRenderer.Format.allCases {
                    var alone = renderer
                    alone.format = format
                    #expect(renditions[format] == alone.render(briefing), "\(format) of \(briefing.title)")
                }
                let to = ["reader@example.com", "other@example.com"]
                let message = renderer.message(briefing, from: "briefing@example.com", to: to)
                let shared = renditions.message(from: "briefing@example.com", to: to)
                #expect(shared == message)
                #expect(shared.rendered() == message.rendered())
                #expect(renditions.heading == message.subject)
                #expect(renditions.countLine == briefing.countLine)
                #expect(renditions.stories == briefing.entryCount && renditions.date == briefing.date)
            }
        }
    }

    /// The fragment is the document's body without the footer, whatever the subscription.
    @Test func theFragmentIsTheBodyOfTheDocumentWithoutTheFooter() throws {
        for briefing in try Self.briefings() {
            let bare = BriefingRenderer(format: .html).renditions(briefing)
            let body = try #require(bare.html.range(of: "<div style=")).lowerBound
            #expect(String(bare.html[body...]) == bare.htmlFragment + "</body></html>\n")
            #expect(bare.htmlFragment.hasSuffix("</div>"))
            for subscription in Self.subscriptions {
                let footed = BriefingRenderer(format: .html, subscription: subscription).renditions(briefing)
                #expect(footed.htmlFragment == bare.htmlFragment)
                #expect(!footed.htmlFragment.contains("You receive this"))
                #expect(footed.html.contains("You receive this") == (subscription != nil))
            }
        }
    }
}
