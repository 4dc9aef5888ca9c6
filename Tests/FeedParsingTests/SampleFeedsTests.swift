import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// The offline demo: `Feeds/demo.opml` and the sample feeds it lists (present once the demo data
/// is in the repository).
@Suite("Sample feeds")
struct SampleFeedsTests {
    static let feeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Feeds")
    static let opml = feeds.appendingPathComponent("demo.opml")
    static let available = FileManager.default.fileExists(atPath: opml.path)

    @Test(
        "demo.opml lists local sample feeds that all parse",
        .enabled(if: available, "Feeds/demo.opml not in this checkout; sample-feed test skipped"))
    func demo() throws {
        let list = try OPML.read(Data(contentsOf: Self.opml), baseURL: Self.opml.absoluteString)
        #expect(!list.groups.isEmpty)
        for source in list.sources {
            #expect(source.location.hasPrefix("file:///"), "\(source.location)")
            let url = try #require(URL(string: source.location))
            let feed = try FeedParser().parse(Data(contentsOf: url), baseURL: source.location)
            #expect(!feed.items.isEmpty, "\(source.location)")
            for item in feed.items {
                #expect(item.title?.isEmpty == false)
                #expect(item.link?.hasPrefix("http") == true)
                #expect(item.date != nil)
                #expect(item.bodyText?.isEmpty == false)
            }
        }
    }
}
