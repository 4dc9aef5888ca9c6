import Foundation
import TestSupport
import Testing

@testable import Pipeline

@Suite struct FeedSubscriptionsTests {
    /// Two lists: "News" with two feeds titled alike, and "Tech".
    func lists(_ label: String) throws -> [String] {
        let folder = Repository.temporaryDirectory(label)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = try FeedListFixture.configuration(
            in: folder, group: "News",
            feeds: [
                (name: "Harbour Post", url: "https://a.example/feed"), (name: "Daily", url: "https://b.example/rss"),
            ],
            fileName: "one.opml")
        let second = try FeedListFixture.configuration(
            in: folder, group: "Tech",
            feeds: [(name: "daily", url: "https://c.example/atom"), (name: "Bits", url: "https://d.example/feed")],
            fileName: "two.opml")
        return first.feedLists + second.feedLists
    }

    @Test func listNamesSectionTitleAndURL() throws {
        let lists = try lists("subscriptions-list")
        let entries = try FeedListEditing.entries(lists)
        #expect(
            FeedListEditing.table(entries) == """
                News  Harbour Post  https://a.example/feed
                News  Daily         https://b.example/rss
                Tech  daily         https://c.example/atom
                Tech  Bits          https://d.example/feed
                """)
        #expect(
            FeedListEditing.json(entries[0])
                == "{\"list\":\"\(lists[0])\",\"section\":\"News\",\"title\":\"Harbour Post\",\"url\":\"https://a.example/feed\"}"
        )
    }

    @Test func removeByURL() throws {
        let lists = try lists("subscriptions-url")
        let removed = try FeedListEditing.remove("https://c.example/atom", from: lists)
        #expect(removed.map(\.list) == [lists[1]])
        #expect(
            try FeedListEditing.entries(lists).map(\.url) == [
                "https://a.example/feed", "https://b.example/rss", "https://d.example/feed",
            ])
    }

    @Test func removeByTitle() throws {
        let lists = try lists("subscriptions-title")
        let removed = try FeedListEditing.remove("harbour post", from: lists)
        #expect(removed.map(\.url) == ["https://a.example/feed"])
        #expect(try FeedListEditing.entries(lists).count == 3)
    }

    /// The description of the error `body` throws, or nil when it throws none.
    func failure(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return String(describing: error)
        }
    }

    @Test func aTitleSeveralFeedsHaveRemovesNone() throws {
        let lists = try lists("subscriptions-ambiguous")
        let message = failure { _ = try FeedListEditing.remove("Daily", from: lists) } ?? ""
        #expect(message.contains("2 feeds have this title; nothing was removed"))
        #expect(message.contains("https://b.example/rss") && message.contains("https://c.example/atom"))
        #expect(try FeedListEditing.entries(lists).count == 4)
    }

    @Test func removingWhatNoListHasNamesTheInput() throws {
        let lists = try lists("subscriptions-none")
        #expect(
            failure { _ = try FeedListEditing.remove("https://nowhere.example/", from: lists) }
                == "https://nowhere.example/: no feed in the configured lists has this URL or title")
    }
}
