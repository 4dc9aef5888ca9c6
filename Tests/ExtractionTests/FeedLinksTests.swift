import Foundation
import Testing

@testable import Extraction

@Suite struct FeedLinksTests {
    func links(_ head: String, page: String? = "https://example.org/blog/post.html") -> [FeedLink] {
        FeedLinks.find(
            in: Data("<!doctype html><html><head>\(head)</head><body><p>Text</p></body></html>".utf8),
            contentType: "text/html", pageURL: page)
    }

    @Test func relativeAndAbsoluteHrefsResolveAgainstThePage() {
        let found = links(
            """
            <link rel="alternate" type="application/rss+xml" href="feed.xml">
            <link rel="alternate" type="application/atom+xml" href="/atom.xml">
            <link rel="alternate" type="application/feed+json" href="https://cdn.example.net/feed.json">
            """)
        #expect(
            found == [
                FeedLink(url: "https://example.org/blog/feed.xml", type: "application/rss+xml"),
                FeedLink(url: "https://example.org/atom.xml", type: "application/atom+xml"),
                FeedLink(url: "https://cdn.example.net/feed.json", type: "application/feed+json"),
            ])
        #expect(found.map(\.kind) == ["RSS", "Atom", "JSON Feed"])
    }

    @Test func baseHrefIsTheBase() {
        let found = links(
            """
            <base href="/news/">
            <link rel="alternate" type="application/rss+xml" href="rss">
            """)
        #expect(found.map(\.url) == ["https://example.org/news/rss"])
    }

    @Test func typeAndRelAreReadLikeABrowser() {
        let found = links(
            """
            <LINK REL="Alternate feed" TYPE="Application/RSS+XML; charset=utf-8" HREF=" a.xml ">
            <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
            <link rel="stylesheet" type="application/rss+xml" href="b.xml">
            <link rel="alternate" type="application/json+oembed" href="c.json">
            <link rel="alternate" type="application/rss+xml">
            <link rel="alternate" type="application/rss+xml" href="a.xml">
            """)
        #expect(found.map(\.url) == ["https://example.org/blog/a.xml"])
    }

    @Test func onlyWebURLs() {
        let found = links(
            """
            <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
            <link rel="alternate" type="application/rss+xml" href="file:///etc/passwd">
            <link rel="alternate" type="application/rss+xml" href="ftp://example.org/feed">
            """)
        #expect(found.isEmpty)
    }

    @Test func nothingInBinaryOrEmptyInput() {
        #expect(FeedLinks.find(in: Data([0, 1, 2, 3, 0xFF]), contentType: nil, pageURL: nil).isEmpty)
        #expect(FeedLinks.find(in: Data(), contentType: nil, pageURL: nil).isEmpty)
    }
}
