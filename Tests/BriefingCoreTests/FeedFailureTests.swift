import BriefingCore
import Foundation
import Testing

/// A failed feed keeps its cause as a value and its words for storing; stored briefings, old
/// and new, read back as the same words.
@Suite struct FeedFailureTests {
    struct StageError: Error, Sendable, CustomStringConvertible {
        var description: String { "fetch: HTTP 404 Not Found" }
    }

    static let source = FeedSource(location: "https://example.com/feed.xml", title: "Example", group: "News")

    @Test func theWordsAreBuiltFromTheCause() {
        let until = Date(timeIntervalSince1970: 1_795_680_000)
        let cause = FeedFailure.Cause.backedOff(
            failures: 4, lastError: "fetch: HTTP 500 Internal Server Error", until: until)
        let backedOff = FeedFailure(source: Self.source, cause: cause)
        #expect(
            backedOff.reason
                == "skipped: failed 4 runs in a row (last: fetch: HTTP 500 Internal Server Error); "
                + "next try after 2026-11-26T08:00:00Z")
        #expect(backedOff.cause.isBackingOff)
        let fetch = FeedFailure(source: Self.source, cause: .fetch(StageError()))
        #expect(fetch.description == "Example (https://example.com/feed.xml): fetch: HTTP 404 Not Found")
        #expect(fetch.cause.error is StageError)
        #expect(!fetch.cause.isBackingOff)
    }

    @Test func aStoredFailureKeepsItsWordsAndOldOnesRead() throws {
        let failure = FeedFailure(source: Self.source, cause: .refusedByList(list: "https://example.com/list.opml"))
        let data = try JSONEncoder().encode(failure)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["source", "reason"])
        let read = try JSONDecoder().decode(FeedFailure.self, from: data)
        #expect(read == failure)
        #expect(read.cause == .stored(failure.reason))

        let old = #"{"source":{"location":"https://example.com/feed.xml","group":"News"},"reason":"parse: not a feed"}"#
        let stored = try JSONDecoder().decode(FeedFailure.self, from: Data(old.utf8))
        #expect(stored.reason == "parse: not a feed")
        #expect(stored.source.location == "https://example.com/feed.xml")
    }
}
