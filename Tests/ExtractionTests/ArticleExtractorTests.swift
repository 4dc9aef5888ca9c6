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

    @Test func decodesByDeclaredCharsetElseUTF8ElseWindows1252() {
        let latin = Data([0x63, 0x61, 0x66, 0xE9])  // "café" in Windows-1252
        #expect(ArticleExtractor.decode(latin, contentType: "text/html; charset=ISO-8859-1") == "café")
        #expect(ArticleExtractor.decode(latin, contentType: nil) == "café")
        #expect(ArticleExtractor.decode(Data("café".utf8), contentType: nil) == "café")
        let meta = Data("<meta charset=\"windows-1252\">".utf8) + latin
        #expect(ArticleExtractor.decode(meta, contentType: nil).hasSuffix("café"))
        #expect(ArticleExtractor.decode(Data([0xEF, 0xBB, 0xBF]) + Data("x".utf8), contentType: nil) == "x")
    }
}
