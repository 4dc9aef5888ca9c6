import Foundation
import Testing

@testable import Extraction

@Suite struct MetadataTests {
    static let body = """
        <article><p>A paragraph long enough to count as the story, with commas, clauses, and a full stop.</p>
        <p>Another paragraph long enough to count as the story, with commas, clauses, and a full stop.</p></article>
        """

    func article(head: String, body: String = MetadataTests.body, url: String? = nil) throws -> Article {
        try ArticleExtractor().extract(
            html: "<html lang=\"pt-BR\"><head>\(head)</head><body>\(body)</body></html>", url: url)
    }

    @Test func openGraphAndMetaTags() throws {
        let article = try article(
            head: """
                <title>Ignored | Site</title>
                <meta property="og:title" content="Open Graph title">
                <meta name="author" content="Ana Lima">
                <meta property="article:published_time" content="2019-11-18T14:05:00Z">
                <meta property="og:site_name" content="Diário">
                <meta name="description" content="What happened, briefly.">
                <link rel="canonical" href="/2019/11/story.html">
                """, url: "https://example.com/amp/story?x=1")
        #expect(article.title == "Open Graph title")
        #expect(article.byline == "Ana Lima")
        #expect(article.published == "2019-11-18T14:05:00Z")
        #expect(article.siteName == "Diário")
        #expect(article.description == "What happened, briefly.")
        #expect(article.canonicalURL == "https://example.com/2019/11/story.html")
        #expect(article.language == "pt-BR")
    }

    @Test func jsonLDWithGraph() throws {
        let article = try article(
            head: """
                <script type="application/ld+json">
                {"@context": "https://schema.org", "@graph": [
                  {"@type": "WebSite", "name": "Site"},
                  {"@type": ["NewsArticle"], "headline": "Graph headline",
                   "author": [{"@type": "Person", "name": "A. Writer"}, {"@type": "Person", "name": "B. Writer"}],
                   "datePublished": "2020-01-02", "publisher": {"@type": "Organization", "name": "The Paper"}}]}
                </script>
                """)
        #expect(article.title == "Graph headline")
        #expect(article.byline == "A. Writer, B. Writer")
        #expect(article.published == "2020-01-02")
        #expect(article.siteName == "The Paper")
    }

    @Test func titleFromTheTitleElementWithoutTheSiteName() throws {
        #expect(
            try article(head: "<title>Floods close the coast road | The Coast Daily</title>").title
                == "Floods close the coast road")
        #expect(
            try article(head: "<title>Floods close the coast road - The Coast Daily</title>").title
                == "Floods close the coast road")
        // Too little left before the separator: keep the whole title.
        #expect(try article(head: "<title>News | Coast Daily</title>").title == "News | Coast Daily")
    }

    @Test func titleFromASingleHeading() throws {
        let body = "<h1>The heading</h1>" + Self.body
        #expect(try article(head: "<title>The heading | Site</title>", body: body).title == "The heading")
    }

    @Test func openGraphTitleLosesATrailingSiteName() throws {
        func title(_ og: String, site: String? = nil, page: String? = nil) throws -> String? {
            let siteTag = site.map { "<meta property=\"og:site_name\" content=\"\($0)\">" } ?? ""
            let pageTag = page.map { "<title>\($0)</title>" } ?? ""
            return try article(head: "\(pageTag)<meta property=\"og:title\" content=\"\(og)\">\(siteTag)").title
        }
        // The suffix starts the site name, or the site name starts the suffix.
        #expect(
            try title("Floods close the coast road | Coast Daily", site: "Coast Daily - News")
                == "Floods close the coast road")
        #expect(try title("Floods close the coast road – Coast", site: "Coast Daily") == "Floods close the coast road")
        // No site name, but the <title> of another wording ends with the same suffix.
        #expect(
            try title("Floods close the road - Coast Daily", page: "Road shut by floods - Coast Daily")
                == "Floods close the road")
        // A suffix that is not the site stays, and so does a title with nothing to compare.
        #expect(try title("Friday Facts #282 - 0.17 in sight", site: "Factorio") == "Friday Facts #282 - 0.17 in sight")
        #expect(try title("Floods close the coast road | Coast Daily") == "Floods close the coast road | Coast Daily")
        // Too little before the separator: the whole title.
        #expect(try title("Sport | Coast Daily", site: "Coast Daily") == "Sport | Coast Daily")
    }

    @Test func titleElementPrefersTheHeadingThatIsTheHeadline() throws {
        // A site banner <h1> first, the article's <h1> (with a permalink mark) second.
        let body =
            "<h1><a href=\"/\">Harbour Notes</a></h1><h1>Quay plans approved<a href=\"#q\">¶</a></h1>" + Self.body
        let article = try article(head: "<title>Quay plans approved — Harbour Notes</title>", body: body)
        #expect(article.title == "Quay plans approved")
        // Several headings, one of them the title's start followed by a separator.
        let second = "<h1>Menu</h1><h1>Quay plans</h1>" + Self.body
        #expect(try self.article(head: "<title>Quay plans — Harbour Notes</title>", body: second).title == "Quay plans")
    }

    @Test func bylinesLoseTheirByAndTheDateRunIntoThem() {
        let cases: [(String, String?)] = [
            ("By TOM KRISHER, AP Auto Writer", "TOM KRISHER, AP Auto Writer"),
            ("by Madeline Fry | November 18, 2019 12:01 PM Print this article", "Madeline Fry"),
            (
                "Lisa Kaczke and Trevor J. Mitchell Argus Leader Published 10:02 AM EST Nov 19, 2019",
                "Lisa Kaczke and Trevor J. Mitchell Argus Leader"
            ),
            ("By JERUSALEM POST STAFF NOVEMBER 20, 2019 10:43", "JERUSALEM POST STAFF"),
            ("Analysis by Chris Cillizza, CNN", "Chris Cillizza, CNN"),
            ("Nicolas Perriault —", "Nicolas Perriault"),
            // A name that is also a month stays when no date follows it.
            ("Theresa May", "Theresa May"),
            ("Byron Katie", "Byron Katie"),
            ("By ", nil),
        ]
        for (raw, clean) in cases { #expect(Metadata.cleanByline(raw) == clean, "\(raw)") }
    }

    @Test func bylineFromRelAuthorOrBylineClass() throws {
        let relAuthor = "<p>By <a rel=\"author\" href=\"/staff/jo\">Jo Bloggs</a></p>" + Self.body
        #expect(try article(head: "", body: relAuthor).byline == "Jo Bloggs")
        let bylineClass = "<div class=\"article-byline\">By Sam Smith</div>" + Self.body
        #expect(try article(head: "", body: bylineClass).byline == "Sam Smith")
    }

    @Test func publishedFromTimeElement() throws {
        let body = "<time datetime=\"2021-05-06T07:08:09+02:00\">6 May</time>" + Self.body
        #expect(try article(head: "", body: body).published == "2021-05-06T07:08:09+02:00")
    }

    @Test func absentFieldsAreNil() throws {
        let article = try ArticleExtractor().extract(html: "<html><body>\(Self.body)</body></html>")
        #expect(article.title == nil)
        #expect(article.byline == nil)
        #expect(article.published == nil)
        #expect(article.siteName == nil)
        #expect(article.canonicalURL == nil)
        #expect(article.language == nil)
        #expect(article.description == nil)
    }
}
