import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

@Suite("OPML")
struct OPMLTests {
    let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <opml version="2.0">
          <head><title>Demo</title></head>
          <body>
            <outline text="World">
              <outline text="World news" type="rss" xmlUrl="samples/world.xml" htmlUrl="https://world.example/"/>
              <outline text="Europe">
                <outline title="EU" text="ignored" type="rss" xmlUrl="https://eu.example/feed"/>
              </outline>
            </outline>
            <outline text="Loose" type="rss" xmlUrl="https://loose.example/rss"/>
          </body>
        </opml>
        """

    @Test(
        "Groups, nested groups flattened, relative xmlUrl resolved, loose feeds in the head-title group"
    )
    func read() throws {
        let list = try OPML.read(Data(document.utf8), baseURL: "file:///path/to/Feeds/demo.opml")
        #expect(list.title == "Demo")
        #expect(list.groups.map(\.name) == ["World", "World / Europe", "Demo"])
        #expect(
            list.groups[0].feeds[0]
                == FeedSource(
                    location: "file:///path/to/Feeds/samples/world.xml", title: "World news", group: "World",
                    homePage: "https://world.example/"))
        #expect(list.groups[1].feeds[0].title == "EU")
        #expect(list.groups[2].feeds[0].location == "https://loose.example/rss")
    }

    @Test("Without a head title, loose feeds go to \"Feeds\"")
    func defaultGroup() throws {
        let list = try OPML.read(
            Data("<opml><body><outline xmlUrl=\"http://a/\"/></body></opml>".utf8), baseURL: nil)
        #expect(list.groups.map(\.name) == ["Feeds"])
        #expect(list.groups[0].feeds[0].title == nil)
    }

    @Test("write then read gives the same list")
    func roundTrip() throws {
        let list = try OPML.read(Data(document.utf8), baseURL: "file:///path/to/Feeds/demo.opml")
        let written = OPML.write(list)
        #expect(written.contains("<opml version=\"2.0\">"))
        let reread = try OPML.read(Data(written.utf8), baseURL: nil)
        #expect(reread == list)
    }

    @Test("Special characters survive the round trip")
    func escaping() throws {
        let list = FeedList(
            title: "A & B",
            groups: [
                FeedGroup(
                    name: "\"Q\" <x>",
                    feeds: [FeedSource(location: "http://a/?x=1&y=2", title: "T&T", group: "\"Q\" <x>")])
            ])
        #expect(try OPML.read(Data(OPML.write(list).utf8), baseURL: nil) == list)
    }

    @Test(
        "Missing or invalid OPML is a clear error",
        arguments: ["", "<rss/>", "<opml><head/></opml>", "not xml"])
    func invalid(text: String) {
        #expect(throws: FeedParsingError.self) { try OPML.read(Data(text.utf8), baseURL: nil) }
    }
}
