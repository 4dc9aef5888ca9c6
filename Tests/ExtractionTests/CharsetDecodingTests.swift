import BriefingCore
import Foundation
import Testing

@testable import Extraction

@Suite struct CharsetDecodingTests {
    let latin = Data([0x63, 0x61, 0x66, 0xE9])  // "café" in Windows-1252

    @Test func httpCharsetComesBeforeTheBytes() {
        #expect(ArticleExtractor.decode(latin, contentType: "text/html; charset=ISO-8859-1") == "café")
        #expect(ArticleExtractor.decode(latin, contentType: "text/html;charset=\"windows-1252\"") == "café")
    }

    @Test func validUTF8IsUTF8AndAnythingElseIsWindows1252() {
        #expect(ArticleExtractor.decode(latin, contentType: nil) == "café")
        #expect(ArticleExtractor.decode(Data("café".utf8), contentType: nil) == "café")
        // 0x80 is the euro sign in Windows-1252 (not a C1 control as in Latin-1).
        #expect(ArticleExtractor.decode(Data([0x80, 0x31]), contentType: nil) == "€1")
    }

    @Test func metaCharsetAndHTTPEquivInTheFirstKilobyte() {
        let meta = Data("<meta charset=\"windows-1252\">".utf8) + latin
        #expect(ArticleExtractor.decode(meta, contentType: nil).hasSuffix("café"))
        let equiv =
            Data(
                "<!-- <meta charset=utf-8> --><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">"
                    .utf8) + latin
        #expect(ArticleExtractor.decode(equiv, contentType: nil).hasSuffix("café"))
        // Past the first 1024 bytes a declaration is not looked for: the bytes are not UTF-8, so Windows-1252.
        let late = Data(String(repeating: " ", count: 1100).utf8) + Data("<meta charset=\"koi8-r\">".utf8) + latin
        #expect(ArticleExtractor.decode(late, contentType: nil).hasSuffix("café"))
    }

    @Test func byteOrderMarkWinsOverEverything() {
        #expect(
            ArticleExtractor.decode(
                Data([0xEF, 0xBB, 0xBF]) + Data("x".utf8), contentType: "text/html; charset=koi8-r") == "x")
        #expect(ArticleExtractor.decode(Data([0xFF, 0xFE, 0x68, 0x00, 0x69, 0x00]), contentType: nil) == "hi")
        #expect(ArticleExtractor.decode(Data([0xFE, 0xFF, 0x00, 0x68, 0x00, 0x69]), contentType: nil) == "hi")
    }

    @Test func otherEncodingsByLabel() {
        // "Привет" in KOI8-R and Windows-1251.
        let koi8 = Data([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4])
        #expect(ArticleExtractor.decode(koi8, contentType: "text/html; charset=KOI8-R") == "Привет")
        let cp1251 = Data([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2])
        #expect(ArticleExtractor.decode(cp1251, contentType: "text/html; charset=windows-1251") == "Привет")
        // An unknown label is ignored.
        #expect(ArticleExtractor.decode(Data("ok".utf8), contentType: "text/html; charset=x-unknown") == "ok")
    }

    @Test func utf8Validation() {
        func valid(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } }
        #expect(valid(Array("plain ASCII text that is longer than eight bytes".utf8)))
        #expect(valid(Array("日本語 and émoji 🎉 mixed in a longer line of text".utf8)))
        #expect(!valid([0xC0, 0xAF]))  // overlong
        #expect(!valid([0xED, 0xA0, 0x80]))  // surrogate
        #expect(!valid([0xF4, 0x90, 0x80, 0x80]))  // past U+10FFFF
        #expect(!valid(Array("truncated at the end ".utf8) + [0xE2, 0x82]))
    }
}
