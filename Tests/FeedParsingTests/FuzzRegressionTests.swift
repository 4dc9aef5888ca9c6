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

    /// FuzzOPML: a group name with runs of white space around " / " read back differently after
    /// `OPML.write` (names are now folded to single spaces when read).
    @Test func groupNamesReadBackTheSameAfterWriting() throws {
        let encoded = """
            ICAgICAgICA8P3htbCB2ZXJzaW9uPSIxLjAiIGVuY29kaW5nPSJVVEYtOCI/PgogICAgICAgIDxvcG1sIHZlcnNpb249IjIuMCI+
            CiAgICAgICAgICA8aGVhZD48dGl0bGU+RGVtbzwvdGl0bGU+PC9oZWFkPgogICAgICAgICAgPGJvZHk+CiAgICAgICAgICAgIDxv
            dXRsaW5lIHRleHQ9IldvcmxkIj4KICAgICAgICAgICAgICA8b3V0bGluZSB0ZXh0PSJXb3JsZCBuZXdzIiB0eXBlPSJyc3MiIHht
            bFVybD0ic2FtcGxlcy93b3JsZC54bWwiIGh0bWxVcmw9Imh0dHBzOi8vd29ybGQuZXhhbXBsZS8iLz4KICAgICAgICAgICAgICA8
            b3V0bGluZSB0ZXh0QSJFdXJvcGUiPgogICAgICAgICAgICAgICAgPG91dGxpbmUgdGl0bGU9IkVVIiB0ZXh0PSJpZ25vcmVkIiB0
            eXBlPSJyc3MiIHhtbFVybD0iaHR0cHM6Ly9ldS5leGFtcGxlL2ZlZWQiLz4KICAgICAgICAgICAgICA8L291dGxpbmU+CiAgICAg
            ICAgICAgIDwvb3V0bGluZT4KICAgICAgICAgICAgPG91dGxpbmUgdGV4dD0iTG8gICAgICAgLyAgIDxvdXRsaW5lIHRleHQ9IkV1
            cm9wZSI+CiAgICAgICAgICAgICAgICA8b3V0bGluZSB0aXRsZT0iRVUiIHRleHQ9Imlnbm9yZWQiIHR5cGU9InJzcyIgeG1sVXJs
            PSJodHRwczovL2V1LmV4YW1wbGUvZmVlZCIvPgogICAgICAgICAgICAgIDwvb3V0bGluZT4KICAgICAgICAgICAgPC9vdXRsaW5l
            PgogICAgICAgICAgICA8b3V0bGluZSB0ZXh0PSJMb29zZSIgdHlwZT0icnNzIiB4bWxVcmw9Imh0dHBzOi8vbG9vc2UuZXhhbW9z
            ZSIgdHlwZT0icnNzIiB4bWxVcmw9Imh0dHBzOi8vbG9vc2UuZXhhbXBsZS9yc3MiLz4KICAgICAgICAgIDwvYm9keT4KICAgICAg
            ICA8L29wbWw+
            """
        let input = try #require(Data(base64Encoded: encoded.replacingOccurrences(of: "\n", with: "")))
        let list = try OPML.read(input, baseURL: nil)
        let again = try OPML.read(Data(OPML.write(list).utf8), baseURL: nil)
        #expect(again == list)
        let spaced = try OPML.read(
            Data(
                "<opml><body><outline text=\"A   /\n B\"><outline text=\"F\" xmlUrl=\"https://f.example/\"/></outline></body></opml>"
                    .utf8),
            baseURL: nil)
        #expect(spaced.groups.map(\.name) == ["A / B"])
    }
}
