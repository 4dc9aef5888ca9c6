import Foundation
import Testing

@testable import Extraction

@Suite struct ArticleExtractorTests {
    static let page = """
        <!DOCTYPE html>
        <html><head><title>Council approves tram line | The Daily Example</title>
        <script>var tracking = "<p>not text</p>";</script></head>
        <body>
        <nav><ul><li>Home</li><li>World</li><li>Sport</li></ul></nav>
        <article>
          <h1>Council approves tram line</h1>
          <p>The city council of Leeds approved a £1.2 billion tram line on Tuesday, ending a decade of debate.</p>
          <p>Councillor Maria Evans said construction would start in March 2027 and employ 1,400 people.</p>
          <div class="share">Share</div>
          <p>Critics said the cost had doubled since 2019.</p>
        </article>
        <footer>Follow us</footer>
        </body></html>
        """

    @Test func takesTheArticleAndDropsNavigation() throws {
        let article = try ArticleExtractor().extract(html: Self.page)
        #expect(article.title == "Council approves tram line")
        #expect(
            article.text == """
                The city council of Leeds approved a £1.2 billion tram line on Tuesday, ending a decade of debate.

                Councillor Maria Evans said construction would start in March 2027 and employ 1,400 people.

                Critics said the cost had doubled since 2019.
                """)
    }

    @Test func pageWithoutTextIsAnError() {
        #expect(throws: ExtractionError.self) {
            try ArticleExtractor().extract(html: "<html><body><nav>Home</nav></body></html>")
        }
    }

    /// A long story padded with the chrome real pages carry around it.
    static func newsPage(extraInArticle: String = "", extraAround: String = "") -> String {
        let paragraphs = (1...6).map { number in
            "<p>Paragraph \(number) of the story, in which the reporter explains, with care and several "
                + "commas, what happened at the harbour on Monday, who was there, and why it matters.</p>"
        }
        return """
            <html lang="en"><head><title>Harbour reopens | Coast News</title></head><body>
            <div id="cookie-banner">We use cookies to improve your experience. Accept all cookies?</div>
            <header class="site-header"><a href="/">Coast News</a> <a href="/world">World</a></header>
            <div class="main-column"><div class="story-body">
            <h1>Harbour reopens</h1>
            \(paragraphs.joined(separator: "\n"))
            \(extraInArticle)
            </div>
            <div class="related-stories"><h3>Related stories</h3><ul>
            <li><a href="/a">Storm closes harbour for a week</a></li>
            <li><a href="/b">Fishermen count the cost of the closure</a></li></ul></div>
            <div id="comments"><p>Great article, thanks, I agree with every word of it, well done.</p></div>
            </div>
            \(extraAround)
            <footer><p>Copyright Coast News, all rights reserved, since 1901, in every country.</p></footer>
            </body></html>
            """
    }

    @Test func dropsCookieBannerRelatedStoriesCommentsAndFooter() throws {
        let article = try ArticleExtractor().extract(html: Self.newsPage())
        #expect(article.paragraphs.count == 6)
        #expect(article.paragraphs.allSatisfy { $0.hasPrefix("Paragraph ") })
        #expect(article.title == "Harbour reopens")
        #expect(article.language == "en")
    }

    @Test func aShortArticleIsNotReplacedByItsLongerCommentThread() throws {
        let comment =
            "<li><div class=\"comment-body\"><p>I read the whole report, and I wonder whether the slower buses,"
            + " on balance, cost passengers more time than the safety gain is worth to them.</p></div></li>"
        let page = """
            <html><body><div id="primary"><article class="post">
            <p>Our quarterly open thread lets readers raise questions about our research in the comments below.</p>
            </article>
            <div id="comments" class="comments-area"><ol class="commentlist">\(String(repeating: comment, count: 12))</ol>
            <div id="respond"><p>Leave a reply: your email address will not be published, required fields are marked.</p></div>
            </div></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: page)
        #expect(article.text.hasPrefix("Our quarterly open thread"))
        #expect(!article.text.contains("slower buses"))
        #expect(!article.text.contains("Leave a reply"))
        // "commentary" is not a comments token: an opinion piece stays.
        let opinion = """
            <html><body><div class="commentary-body"><p>\(String(repeating: "The budget, in my view, asks too little of the richest households. ", count: 8))</p>
            </div></body></html>
            """
        #expect(try ArticleExtractor().extract(html: opinion).text.contains("richest households"))
    }

    @Test func theHeadlinedArticleIsTakenFromAnEndlessScroll() throws {
        func story(_ heading: String, _ sentence: String) -> String {
            "<article class=\"post\">\(heading)<p>\(String(repeating: sentence + " ", count: 4))</p></article>"
        }
        let page = """
            <html><body><div id="primary">
            \(story("<h1>Harbour quay approved</h1>", "The harbour board approved the quay, at a cost of £95 million, on Monday."))
            \(story("<h2>Ferry fares rise</h2>", "Ferry fares will rise by 4 per cent from April, the operator said, citing fuel."))
            \(story("<h2>Lighthouse reopens</h2>", "The lighthouse reopens to visitors on Saturday after a repair, with tours each hour."))
            </div></body></html>
            """
        let text = try ArticleExtractor().extract(html: page).text
        #expect(text.contains("£95 million"))
        #expect(!text.contains("Ferry fares"))
        #expect(!text.contains("lighthouse"))
    }

    @Test func aSectionNestedDeeplyBesideTheBestOneIsKept() throws {
        func paragraphs(_ sentence: String, _ count: Int) -> String {
            String(repeating: "<p>\(sentence), as the council, the board and the minister said.</p>", count: count)
        }
        // The opening sits six wrappers below its section, too deep for the section to be scored;
        // the best section is four below, so their common parent is not scored either.
        let opening =
            "<div><div><div><div><div><div>\(paragraphs("The quay opens in May", 3))</div></div></div></div></div></div>"
        let page = """
            <html><body><div class="page">
            <div class="part">\(opening)</div>
            <figure><img src="q.jpg"><figcaption>The quay</figcaption></figure>
            <div class="part"><div><div><div><div>\(paragraphs("Ferries will berth there from June", 6))</div></div></div></div></div>
            </div></body></html>
            """
        let text = try ArticleExtractor().extract(html: page).text
        #expect(text.hasPrefix("The quay opens in May"))
        #expect(text.contains("Ferries will berth"))
    }

    @Test func aListWithAParagraphInsideABulletStays() throws {
        let paragraph =
            "<p>The release, which ships on Tuesday, fixes 41 bugs, adds two settings, and drops old code.</p>"
        let page = """
            <html><body><article>\(String(repeating: paragraph, count: 8))
            <ul><li>Printing now supports page ranges such as 1-3, 6 and 7.
            <ul><li><div><img src="dialog.png"><p>The print dialog, showing the new page range field.</p></div></li></ul></li>
            <li>Tab unloading frees memory when the machine runs low.</li></ul>
            </article></body></html>
            """
        let text = try ArticleExtractor().extract(html: page).text
        #expect(text.contains("Printing now supports page ranges"))
        #expect(text.contains("Tab unloading frees memory"))
    }

    @Test func linksAfterYouMayAlsoLikeAreLeftOut() throws {
        let paragraph = "<p>The band, which formed in 1970, will play Blossom on 4 July, the promoter said.</p>"
        let page = """
            <html><body><article>\(String(repeating: paragraph, count: 8))
            <p>You may also like...</p>
            <p><a href="/a">Who will make the Rock Hall in 2020?</a></p>
            <div class="ad"></div><p>Advertisement</p>
            <p><a href="/b">Fans really want the band in the Rock Hall</a></p>
            <p>Tickets go on sale on Friday at <a href="/t">the box office</a>, priced from $45.</p>
            </article></body></html>
            """
        let text = try ArticleExtractor().extract(html: page).text
        #expect(!text.contains("You may also like"))
        #expect(!text.contains("Rock Hall"))
        #expect(text.hasSuffix("Tickets go on sale on Friday at the box office, priced from $45."))
    }

    @Test func dropsShareWidgetsAndReadMoreInsideTheArticle() throws {
        let extra = """
            <div class="social-share"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
            <p>Read more:</p>
            <div class="newsletter-signup"><p>Sign up for our newsletter, it is free.</p></div>
            """
        let article = try ArticleExtractor().extract(html: Self.newsPage(extraInArticle: extra))
        #expect(!article.text.contains("Facebook"))
        #expect(!article.text.contains("newsletter"))
        #expect(!article.text.contains("Read more"))
        #expect(article.paragraphs.count == 6)
    }

    @Test func keepsHeadingsAndListsInsideTheArticle() throws {
        let extra = """
            <h2>What happens next</h2>
            <p>The port authority, which runs the harbour, said ferries would return on Friday, weather permitting.</p>
            <ul><li>Ferries from Friday, at reduced frequency</li><li>Cargo from next week, subject to checks</li></ul>
            """
        let article = try ArticleExtractor().extract(html: Self.newsPage(extraInArticle: extra))
        #expect(article.paragraphs.contains("What happens next"))
        #expect(article.text.contains("Ferries from Friday, at reduced frequency"))
        #expect(article.text.contains("Cargo from next week, subject to checks"))
    }

    @Test func includesSiblingParagraphsOfTheBestBlock() throws {
        // The story continues in a sibling block after an advert slot; both belong to the article.
        let body = (1...5).map { "<p>First part, sentence \($0), with commas, details, and more details.</p>" }
        let more = (1...5).map { "<p>Second part, sentence \($0), with commas, details, and more details.</p>" }
        let html = """
            <html><body><div id="wrap">
            <div class="entry-content">\(body.joined())</div>
            <div class="ad-slot">Advertisement</div>
            <div class="entry-content">\(more.joined())</div>
            </div></body></html>
            """
        let article = try ArticleExtractor().extract(html: html)
        #expect(article.paragraphs.count == 10)
        #expect(!article.text.contains("Advertisement"))
    }

    @Test func inlineElementsJoinAsInTheSourceAndLineBreaksStay() throws {
        let html = """
            <html><body><article>
            <p>The <b>bold</b>ly named <a href="/x">ship</a>, <i>Endeavour</i>, sailed at dawn with forty crew on board.</p>
            <p>First line of the notice, with commas, in full,<br>second line of the notice, also in full.</p>
            <pre>let x = 1
            let y = 2</pre>
            </article></body></html>
            """
        let article = try ArticleExtractor().extract(html: html)
        let paragraphs = article.paragraphs
        #expect(paragraphs.first == "The boldly named ship, Endeavour, sailed at dawn with forty crew on board.")
        #expect(
            paragraphs.contains(
                "First line of the notice, with commas, in full,\nsecond line of the notice, also in full."))
        #expect(paragraphs.contains("let x = 1\nlet y = 2"))
    }

    @Test func hiddenElementsAreLeftOut() throws {
        let extra = """
            <p style="display: none">Hidden paragraph that a reader never sees, with commas, and words.</p>
            <p hidden>Another hidden paragraph that a reader never sees, with commas, and words.</p>
            """
        let article = try ArticleExtractor().extract(html: Self.newsPage(extraInArticle: extra))
        #expect(!article.text.contains("hidden paragraph"))
        #expect(!article.text.contains("Hidden paragraph"))
    }

    @Test func usesJSONLDArticleBodyWhenTheMarkupHasLittleText() throws {
        let body = String(repeating: "The full story lives only in structured data, written out at length. ", count: 12)
        let html = """
            <html><head><script type="application/ld+json">
            {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "Structured",
             "articleBody": "\(body)"}
            </script></head><body><div id="app"><p>Loading the story, please wait a moment.</p></div></body></html>
            """
        let article = try ArticleExtractor().extract(html: html)
        #expect(article.title == "Structured")
        #expect(article.text.hasPrefix("The full story lives only in structured data"))
    }

    @Test func extractsFromBytesWithAnyDeclaredCharset() throws {
        let html =
            "<html><head><meta charset=\"windows-1252\"></head><body><article><p>"
            + "Caf\u{E9} owners in the old town, who opened early, said trade was brisk and cheerful.</p></article></body></html>"
        var data = Data()
        for scalar in html.unicodeScalars { data.append(UInt8(truncatingIfNeeded: scalar.value)) }
        let article = try ArticleExtractor().extract(data: data, contentType: nil, url: nil)
        #expect(article.text.hasPrefix("Café owners"))
        let utf8 = try ArticleExtractor().extract(
            data: Data(html.replacingOccurrences(of: "windows-1252", with: "utf-8").utf8), contentType: nil, url: nil)
        #expect(utf8.text == article.text)
    }
}
