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

    /// Long strings take the eight-bytes-at-a-time path: every character that needs an escape, at
    /// every offset of a word, is still escaped (JSONSerialization reads back the text; no raw
    /// control, U+2028 or U+2029 is left).
    @Test func escapesAtEveryOffsetOfLongStrings() throws {
        let specials: [String] = ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\u{2028}", "\u{2029}", "\u{2026}", "é", "🎉"]
        for special in specials {
            for offset in 0..<17 {
                let text =
                    String(repeating: "a", count: offset) + special + String(repeating: "b", count: 20 - offset % 5)
                let written = JSONValue.string(text).text
                let parsed = try JSONSerialization.jsonObject(with: Data("[\(written)]".utf8)) as? [String]
                #expect(parsed == [text], "\(special) at \(offset)")
                #expect(!written.utf8.contains { $0 < 0x20 }, "\(special) at \(offset)")
                #expect(!written.contains("\u{2028}") && !written.contains("\u{2029}"), "\(special) at \(offset)")
            }
        }
    }

    /// A value written through an `OutputBuffer` with a small threshold goes out in pieces
    /// between array elements, and the bytes are those of `text`.
    @Test func outputBufferStreamsLargeValuesWithTheSameBytes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let items = (0..<500).map { number in
            JSONValue.object([
                ("n", .int(number)), ("text", .string("item \"\(number)\"\n")), ("list", .array([.null, .bool(true)])),
            ])
        }
        let value = JSONValue.object([("format", .string("rss20")), ("items", .array(items))])
        let buffer = OutputBuffer(descriptor: descriptor, threshold: 256)
        value.write(to: buffer)
        // Written out while it went: only the tail is still buffered.
        #expect(buffer.bytes.count < 512)
        buffer.bytes.append(0x0A)
        buffer.writeLine(.array([.int(1)]))
        buffer.flush()
        close(descriptor)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written == value.text + "\n[1]\n")
    }
}
