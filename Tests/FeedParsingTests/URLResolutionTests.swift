import Foundation
import Testing

@testable import FeedParsing

/// RFC 3986 section 5.4.1's examples against its base URL.
@Suite("URL resolution")
struct URLResolutionTests {
    static let base = "http://a/b/c/d;p?q"

    @Test(
        "RFC 3986 normal examples",
        arguments: [
            ("g", "http://a/b/c/g"), ("./g", "http://a/b/c/g"), ("g/", "http://a/b/c/g/"),
            ("/g", "http://a/g"),
            ("//g", "http://g"), ("?y", "http://a/b/c/d;p?y"), ("g?y", "http://a/b/c/g?y"),
            ("#s", "http://a/b/c/d;p?q#s"),
            ("g#s", "http://a/b/c/g#s"), ("g?y#s", "http://a/b/c/g?y#s"), (";x", "http://a/b/c/;x"),
            ("g;x", "http://a/b/c/g;x"), ("", "http://a/b/c/d;p?q"), (".", "http://a/b/c/"),
            ("./", "http://a/b/c/"),
            ("..", "http://a/b/"), ("../", "http://a/b/"), ("../g", "http://a/b/g"),
            ("../..", "http://a/"),
            ("../../g", "http://a/g"), ("g:h", "g:h"), ("  g  ", "http://a/b/c/g"),
        ])
    func normal(reference: String, expected: String) {
        #expect(URLResolution.resolve(reference, against: Self.base) == expected)
    }

    @Test("The fast path agrees with Foundation where both apply")
    func fastPathAgrees() {
        let bases = [
            "http://example.org", "http://example.org/", "https://example.org/blog/post.html?x=1#top",
            "file:///path/to/Feeds/demo.opml",
        ]
        let references = [
            "a", "a/b", "/root", "?q=1", "#frag", "//other.example/x", "samples/world.xml", "x;y?z#w",
        ]
        for base in bases {
            for reference in references {
                let fast = URLResolution.simpleResolve(reference, against: base)
                let slow = URL(string: reference, relativeTo: URL(string: base))?.absoluteString
                #expect(fast == slow, "\(reference) against \(base)")
            }
        }
    }

    @Test("No base, or an unusable one, leaves the reference as written")
    func noBase() {
        #expect(URLResolution.resolve("/a", against: nil) == "/a")
        #expect(URLResolution.resolve("/a", against: "not a url") == "/a")
    }
}
