import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// Bytes in, title out: BOMs, declarations, HTTP charsets and legacy code pages.
@Suite("Encodings")
struct EncodingTests {
    func title(_ bytes: [UInt8], contentType: String? = nil) throws -> String? {
        try FeedParser().parse(Data(bytes), contentType: contentType).title
    }

    func document(_ title: String, declaration: String? = nil) -> String {
        (declaration.map { "<?xml version=\"1.0\" encoding=\"\($0)\"?>" } ?? "")
            + "<rss version=\"2.0\"><channel><title>\(title)</title></channel></rss>"
    }

    @Test("UTF-8 with and without BOM")
    func utf8() throws {
        #expect(try title(Array(document("café").utf8)) == "café")
        #expect(try title([0xEF, 0xBB, 0xBF] + Array(document("café").utf8)) == "café")
    }

    @Test("The declaration is read as Latin-1 exactly as Foundation reads it")
    func latin1Head() {
        let every = (0...255).map { UInt8($0) }
        #expect(EncodingDetection.latin1String(every) == String(bytes: every, encoding: .isoLatin1))
        // White space Latin-1 has beyond ASCII (NEL, NBSP) before the declaration still counts.
        let head = [0x85, 0xA0] + Array("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?>".utf8)
        #expect(EncodingDetection.latin1String(head) == String(bytes: head, encoding: .isoLatin1))
    }

    @Test("The declared label is trimmed as Foundation's .whitespaces trims it, for every Latin-1 byte around it")
    func declaredLabelTrim() {
        for byte in (0...255).map(UInt8.init) where byte != UInt8(ascii: "\"") {
            for (before, after) in [([byte], []), ([], [byte]), ([byte, byte], [byte])] as [([UInt8], [UInt8])] {
                let value = before + Array("UTF-8".utf8) + after
                let head = Array("<?xml version=\"1.0\" encoding=\"".utf8) + value + Array("\"?><rss/>".utf8)
                let expected = EncodingDetection.latin1String(value).trimmingCharacters(in: .whitespaces).lowercased()
                #expect(
                    EncodingDetection.declaredEncoding(head, bom: nil) == (expected.isEmpty ? nil : expected),
                    "byte \(byte)")
            }
        }
        #expect(EncodingDetection.declaredEncoding(Array("<?xml encoding=' \t '?>".utf8), bom: nil) == nil)
    }

    @Test("ISO-8859-2, the last resort, still decodes what nothing before it could")
    func lastResort() throws {
        // 0x81 is undefined in Windows-1252 and invalid UTF-8; ISO-8859-2 maps it to U+0081,
        // a C1 control that cleanControls then replaces or drops.
        let bytes = Array(document("ab").utf8)
        var broken = bytes
        broken.insert(0x81, at: bytes.firstIndex(of: UInt8(ascii: "b"))!)
        let feed = try FeedParser().parse(Data(broken))
        #expect(feed.recovered)
        #expect(feed.title?.hasPrefix("a") == true)
    }

    @Test("UTF-16 and UTF-32, with a BOM or told by the shape of \"<?\"")
    func wide() throws {
        let text = document("Ωmega", declaration: "utf-16")
        let le = [0xFF, 0xFE] + Array(text.data(using: .utf16LittleEndian) ?? Data())
        let be = [0xFE, 0xFF] + Array(text.data(using: .utf16BigEndian) ?? Data())
        #expect(try title(le) == "Ωmega")
        #expect(try title(be) == "Ωmega")
        #expect(try title(Array(text.data(using: .utf16LittleEndian) ?? Data())) == "Ωmega")
        let utf32 = Array(
            document("Ωmega", declaration: "utf-32").data(using: .utf32BigEndian) ?? Data())
        #expect(try title(utf32) == "Ωmega")
    }

    @Test("ISO-8859-1 is read as Windows-1252")
    func latin1() throws {
        var bytes = Array(document("X", declaration: "iso-8859-1").utf8)
        let position = try #require(bytes.firstIndex(of: UInt8(ascii: "X")))
        bytes.replaceSubrange(position...position, with: [0x93, 0xE9, 0x94])
        #expect(try title(bytes) == "\u{201C}é\u{201D}")
    }

    @Test(
        "Legacy code pages through iconv",
        arguments: [
            ("koi8-r", "Привет"), ("shift_jis", "日本語"), ("gb2312", "中文"), ("windows-1251", "Привет"),
        ])
    func legacy(encoding: String, text: String) throws {
        let bytes = try #require(iconvEncode(document(text, declaration: encoding), to: encoding))
        #expect(try title(bytes) == text)
    }

    @Test(
        "HTTP charset wins over the declaration for application/xml; text/* without charset is ASCII")
    func precedence() throws {
        let bytes = Array(document("café", declaration: "iso-8859-1").utf8)
        #expect(try title(bytes, contentType: "application/rss+xml; charset=utf-8") == "café")
        // The declaration alone would misread the UTF-8 bytes as Windows-1252.
        #expect(try title(bytes) == "cafÃ©")
        // text/xml without charset: US-ASCII fails on these bytes, so the parser falls back and recovers.
        let feed = try FeedParser().parse(Data(bytes), contentType: "text/xml")
        #expect(feed.recovered)
    }

    @Test("A wrong declaration falls back instead of failing")
    func wrongDeclaration() throws {
        var bytes = Array(document("X", declaration: "utf-8").utf8)
        let position = try #require(bytes.firstIndex(of: UInt8(ascii: "X")))
        bytes.replaceSubrange(position...position, with: [0xE9])  // Latin-1 é in a "UTF-8" document
        let feed = try FeedParser().parse(Data(bytes))
        #expect(feed.title == "é")
        #expect(feed.recovered)
    }

    @Test("The UTF-8 validator agrees with the standard library")
    func validator() {
        var generator = SplitMix(seed: 20_251_128)
        let interesting: [UInt8] = [
            0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF, 0xF0,
            0x90, 0xF4, 0x8F, 0xF5, 0xFF,
        ]
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 12)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                bytes.append(
                    generator.next() % 3 == 0
                        ? UInt8(truncatingIfNeeded: generator.next()) : interesting[Int(generator.next() % 20)])
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            #expect(
                bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == expected, "\(bytes)")
        }
    }

    @Test("The one-pass check agrees with the validator and the control scan, in long ASCII runs too")
    func oneCheck() {
        var generator = SplitMix(seed: 20_261_202)
        // Mostly ASCII text (the eight-byte path), with controls, C1 controls and bad bytes between.
        let interesting: [UInt8] = [
            0x00, 0x01, 0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xC2, 0xC3, 0xE2, 0xED,
            0xF0, 0xFF,
        ]
        var controls = 0
        for _ in 0..<20_000 {
            let length = Int(generator.next() % 40)
            var bytes: [UInt8] = []
            for _ in 0..<length {
                bytes.append(
                    generator.next() % 8 == 0
                        ? interesting[Int(generator.next() % UInt64(interesting.count))]
                        : UInt8(0x20 + generator.next() % 0x5F))
            }
            let (valid, hasControls) = bytes.withUnsafeBufferPointer { UTF8Validation.check($0) }
            let expectedValid = String(validating: bytes, as: UTF8.self) != nil
            #expect(valid == expectedValid, "\(bytes)")
            if expectedValid {
                let expected = bytes.withUnsafeBufferPointer { EncodingDetection.firstDirtyIndex($0) } != nil
                #expect(hasControls == expected, "\(bytes)")
                if expected { controls += 1 }
            }
        }
        #expect(controls > 100)
    }

    /// A small deterministic generator for the validator test.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    func iconvEncode(_ text: String, to encoding: String) -> [UInt8]? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/iconv")
        process.arguments = ["-f", "UTF-8", "-t", encoding]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return process.terminationStatus == 0 ? Array(data) : nil
    }
}
