import BriefingCore
import FeedParsing
import Foundation
import Testing

/// Inputs that crashed or hung a fuzz target (scripts/fuzz), kept so they never come back.
@Suite("Fuzz regressions: feed parsing")
struct FeedParsingFuzzRegressionTests {
    /// FuzzDateParser: a numeric zone offset of 30 digits overflowed `Int` while being read.
    @Test func longZoneOffsetIsNoDate() throws {
        let input = try #require(
            Data(base64Encoded: "LGF0NTowODAwbW86KzEwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMTA3Om46KzEwNzorBDE6KzEw1jc6YTow"))
        #expect(DateParser.parse(String(decoding: input, as: UTF8.self)) == nil)
        #expect(DateParser.parse("Thu, 01 Jan 2004 19:48:21 +100000000000000000000000000000") == nil)
        #expect(DateParser.parse("Thu, 01 Jan 2004 19:48:21 +0500") != nil)
    }
}
