import Foundation
import Testing

@testable import Extraction

@Suite struct ArticleJSONTests {
    @Test func keysInOrderWithNullsForAbsentFields() {
        var article = Article(title: "A \"quoted\" title", text: "One.\n\nTwo\tthree\u{1}.")
        article.language = "en"
        #expect(
            article.json
                == #"{"title":"A \"quoted\" title","byline":null,"published":null,"site_name":null,"language":"en","canonical_url":null,"description":null,"text":"One.\n\nTwo\tthree\u0001."}"#
        )
    }

    @Test func roundTripsThroughJSONSerialization() throws {
        let article = Article(
            title: "Título — ünïcödé 🎉", text: "Back\\slash and \u{2028} separator.", byline: "Ana", published: "2020",
            siteName: "S", language: "pt", canonicalURL: "https://x.example/a?b=c&d", description: "D")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(article.json.utf8)) as? [String: Any])
        #expect(object["title"] as? String == article.title)
        #expect(object["text"] as? String == article.text)
        #expect(object["canonical_url"] as? String == article.canonicalURL)
        #expect(object.count == 8)
    }

    @Test func plainTextHasTitleMetadataLinesThenText() {
        var article = Article(title: "Title", text: "Body.")
        article.byline = "Ana"
        #expect(article.plainText == "Title\nBy: Ana\n\nBody.")
        #expect(Article(title: nil, text: "Body.").plainText == "Body.")
    }
}
