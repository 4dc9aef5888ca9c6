import Foundation
import Testing

@testable import BriefingCore

/// The one JSON writer: compact, members in the caller's order, slashes as they are.
@Suite struct JSONValueTests {
    @Test func writesCompactJSONInTheGivenOrder() {
        let value = JSONValue.object([
            ("url", .string("https://x.example/a/b")), ("items", .int(3)), ("ratio", .double(0.5)),
            ("missing", JSONValue(nil as String?)), ("ok", .bool(true)), ("list", .array([.int(1), .null])),
            ("nan", .double(.nan)),
        ])
        #expect(
            value.text
                == #"{"url":"https://x.example/a/b","items":3,"ratio":0.5,"missing":null,"ok":true,"list":[1,null],"nan":null}"#
        )
    }

    @Test func escapesQuotesBackslashesAndControlsOnly() throws {
        let text = "Quote \" back\\slash\nline\ttab\u{1}\u{2028} ünï/🎉"
        let written = JSONValue.string(text).text
        #expect(written == #""Quote \" back\\slash\nline\ttab\u0001\u2028 ünï/🎉""#)
        let parsed = try JSONSerialization.jsonObject(with: Data("[\(written)]".utf8)) as? [String]
        #expect(parsed == [text])
    }
}
