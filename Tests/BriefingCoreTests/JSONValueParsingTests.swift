import Foundation
import Testing

@testable import BriefingCore

/// The JSON reader behind every `--batch FILE.jsonl`, and the buffered line output.
@Suite struct JSONValueParsingTests {
    @Test func readsEveryKindOfValueAndKeepsMemberOrder() throws {
        let value = try JSONValue.parse(
            #" {"b": [1, -2, 3.5, 1e3, true, false, null], "a": {"x": "y"}, "s": "plain"} "#)
        #expect(value.text == #"{"b":[1,-2,3.5,1000.0,true,false,null],"a":{"x":"y"},"s":"plain"}"#)
        #expect(value["s"]?.stringValue == "plain")
        #expect(value["a"]?["x"]?.stringValue == "y")
        #expect(value["missing"] == nil)
    }

    @Test func decodesEscapesAfterAPlainRun() throws {
        // A plain run, then escapes, then another run: each part exactly once.
        let value = try JSONValue.parse(#""first part\nsecond \"quoted\" \\ \/ \u00e9 \ud83c\udf89 end""#)
        #expect(value.stringValue == "first part\nsecond \"quoted\" \\ / é 🎉 end")
        #expect(try JSONValue.parse(#""\u0041\t""#).stringValue == "A\t")
    }

    @Test func roundTripsWhatTheWriterWrites() throws {
        let text = "Quote \" back\\slash\nline\ttab\u{1}\u{2028} ünï/🎉"
        let value = JSONValue.array([.string(text), .int(Int.max), .int(Int.min), .double(-0.25)])
        #expect(try JSONValue.parse(value.text).text == value.text)
        let parsed = try JSONSerialization.jsonObject(with: Data(value.text.utf8)) as? [Any]
        #expect(parsed?.first as? String == text)
    }

    @Test(arguments: [
        "", "{", "[1,]", #"{"a" 1}"#, #"{"a":1,}"#, "01", "1.", "-", "tru", #""unterminated"#, "\"a\u{1}b\"",
        #""\x""#, "[1] 2", "{\"a\":1}}",
    ])
    func refusesWhatIsNotJSON(_ text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(text) }
    }

    @Test func refusesNestingDeeperThanTheLimit() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(try JSONValue.parse(fine).text == fine)
    }

    @Test func outputBufferWritesLinesInOrderThroughAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let buffer = OutputBuffer(descriptor: descriptor, threshold: 64)
        for number in 0..<100 { buffer.writeLine(.object([("n", .int(number))])) }
        buffer.writeLine("end")
        buffer.flush()
        close(descriptor)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 101)
        #expect(lines.first == #"{"n":0}"# && lines[99] == #"{"n":99}"# && lines.last == "end")
    }

    @Test func lineReaderSkipsBlankLinesAndCountsThem() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("in-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "one\n\n  \r\n two \r\nthree".write(toFile: path, atomically: true, encoding: .utf8)
        let reader = try #require(LineReader(path: path))
        var lines: [(String, Int)] = []
        while reader.nextLine({ lines.append((String(decoding: $0, as: UTF8.self), reader.lineNumber)) }) {}
        #expect(lines.map(\.0) == ["one", "two", "three"])
        #expect(lines.map(\.1) == [1, 4, 5])
        #expect(LineReader(path: path + "-none") == nil)
        #expect(LineReader.reason(path + "-none") == "no such file")
    }
}
