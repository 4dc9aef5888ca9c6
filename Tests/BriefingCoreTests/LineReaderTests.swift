import Foundation
import Testing

@testable import BriefingCore

/// `LineReader`: every line, whatever its length against the read buffer (64 KiB, grown), and a
/// clear stop at an over-long line or an endless input.
@Suite struct LineReaderTests {
    static func file(_ data: Data) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)").path
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    static func lines(_ reader: LineReader) -> [(String, Int)] {
        var lines: [(String, Int)] = []
        while reader.nextLine({ lines.append((String(decoding: $0, as: UTF8.self), reader.lineNumber)) }) {}
        return lines
    }

    /// Lines of lengths around the buffer's (0 to 300 KiB), blank ones, CRLF and white space
    /// around them, and a last line without a break: each comes back trimmed, with its number.
    @Test(arguments: [false, true])
    func everyLineAcrossBufferBoundaries(finalBreak: Bool) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let lengths =
            [0, 1, 65_535, 65_536, 65_537, 131_071, 131_072, 300_000, 5]
            + (0..<200).map { _ in
                next(4) == 0 ? next(200_000) : next(100)
            }
        var text = ""
        var expected: [(String, Int)] = []
        for (index, length) in lengths.enumerated() {
            let letter = Character(UnicodeScalar(UInt8(97 + index % 26)))
            let body = length == 0 ? "" : String(repeating: letter, count: length - 1) + "é"
            let padded = [" ", "\t", ""][index % 3] + body + ["", " ", "\r"][index % 3]
            text += padded
            if index < lengths.count - 1 || finalBreak { text += "\n" }
            if !body.isEmpty { expected.append((body, index + 1)) }
        }
        let path = try Self.file(Data(text.utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try #require(LineReader(path: path))
        let lines = Self.lines(reader)
        #expect(lines.count == expected.count)
        #expect(lines.map(\.0) == expected.map(\.0))
        #expect(lines.map(\.1) == expected.map(\.1))
        #expect(reader.failure == nil)
    }

    /// The lines before an over-long one are read; the long one stops the reading, named by its
    /// number.
    @Test func stopsAtALineOverTheMaximum() throws {
        let long = String(repeating: "x", count: 400_000)
        let path = try Self.file(Data("one\n\ntwo\n\(long)\nthree\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let reader = try #require(LineReader(path: path, maximumLineBytes: 200_000))
        #expect(Self.lines(reader).map(\.0) == ["one", "two"])
        #expect(reader.failure == "a line longer than 200000 bytes")
        #expect(reader.lineNumber == 4)
        // Under a maximum above it, the same file reads whole.
        let roomy = try #require(LineReader(path: path, maximumLineBytes: 1 << 20))
        #expect(Self.lines(roomy).map(\.0) == ["one", "two", long, "three"])
        #expect(roomy.failure == nil)
    }

    /// An endless input with no line break stops at the maximum instead of filling memory.
    @Test func anEndlessInputStops() throws {
        let reader = try #require(LineReader(path: "/dev/zero", maximumLineBytes: 1 << 20))
        #expect(Self.lines(reader).isEmpty)
        #expect(reader.failure == "a line longer than 1 MiB")
        #expect(reader.lineNumber == 1)
    }
}
