import BriefingCore
import Testing

/// Labels, byte order marks, `charset=` and decoding: the parts feeds and pages share.
@Suite struct TextDecodingTests {
    func decode(_ bytes: [UInt8], _ label: String) -> String? {
        guard let encoding = TextEncoding(label: label) else { return nil }
        return bytes.withUnsafeBufferPointer {
            String(decoding: TextDecoding.decode($0, from: encoding), as: UTF8.self)
        }
    }

    @Test(
        "Labels map to the WHATWG encodings",
        arguments: [
            ("latin1", "windows-1252"), ("ISO-8859-1", "windows-1252"), ("ascii", "windows-1252"),
            ("us-ascii", "windows-1252"), ("cp1252", "windows-1252"), (" windows-1252\t", "windows-1252"),
            ("l9", "iso-8859-15"), ("ISO-8859-15", "iso-8859-15"), ("latin9", "iso-8859-15"),
            ("x-mac-roman", "macintosh"), ("sjis", "shift_jis"), ("windows-31j", "shift_jis"), ("gb2312", "gbk"),
            ("GB_2312-80", "gbk"), ("utf-16", "utf-16le"), ("UTF-16BE", "utf-16be"), ("utf8", "utf-8"),
            ("unicode-1-1-utf-8", "utf-8"), ("koi8-ru", "koi8-u"), ("tis-620", "windows-874"),
            ("iso-2022-kr", "replacement"), ("big5-hkscs", "big5"), ("ks_c_5601-1987", "euc-kr"),
            ("windows_1250", "windows-1250"), ("macroman", "macintosh"), ("ibm437", "cp437"), ("437", "cp437"),
            ("iso-8859-2-1987", "iso-8859-2"),
        ])
    func labels(label: String, name: String) {
        #expect(TextEncoding(label: label)?.name == name)
    }

    @Test("Unknown labels name nothing; the replacement encoding's name is not a label")
    func unknownLabels() {
        #expect(TextEncoding(label: "x-no-such-charset") == nil)
        #expect(TextEncoding(label: "") == nil)
        #expect(TextEncoding(label: "replacement") == nil)
        #expect(TextEncoding(label: "utf-8//IGNORE") == nil)
        #expect(TextEncoding(label: "../utf-8") == nil)
    }

    @Test("0xA4 is the euro sign in ISO-8859-15 and the currency sign in windows-1252")
    func latin9() {
        #expect(decode([0xA4], "l9") == "€")
        #expect(decode([0xA4], "iso-8859-15") == "€")
        #expect(decode([0xA4], "latin1") == "¤")
        // 0x93/0x94 are curly quotes when Latin-1 is read as windows-1252.
        #expect(decode([0x93, 0x68, 0x69, 0x94], "iso-8859-1") == "\u{201C}hi\u{201D}")
    }

    @Test("Standard encodings decode through their supersets")
    func supersets() {
        // Shift_JIS is Windows-31J: 0x5C is a backslash, not a yen sign.
        #expect(decode([0x5C, 0x93, 0xFA], "shift_jis") == "\\日")
        // GBK decodes four-byte GB18030 sequences too.
        #expect(decode([0x81, 0x30, 0x81, 0x30], "gbk") == "\u{0080}")
        #expect(decode([0xC7, 0xD1], "euc-kr") == "한")
    }

    @Test("Invalid bytes become U+FFFD, never an empty result or a crash")
    func invalidBytes() {
        #expect(decode([0x61, 0xFF, 0x62], "utf-8") == "a\u{FFFD}b")
        #expect(decode([0x61, 0x80, 0x62], "shift_jis") == "a\u{FFFD}b")
        #expect(decode([0x61, 0x93], "shift_jis") == "a\u{FFFD}")  // cut inside a two-byte character
        #expect(decode([0x61, 0x00, 0x00, 0xD8, 0x62, 0x00], "utf-16le") == "a\u{FFFD}b")
        #expect(decode([0x00, 0x61, 0x00], "utf-16be") == "a\u{FFFD}")
        #expect(decode([0x61, 0x62], "iso-2022-kr") == "\u{FFFD}")
        #expect(decode([0x81], "windows-1252") == "\u{0081}")
        var generator = SystemRandomNumberGenerator()
        for label in ["utf-8", "shift_jis", "euc-jp", "gbk", "big5", "euc-kr", "iso-2022-jp", "utf-16be", "koi8-r"] {
            for _ in 0..<50 {
                let bytes = (0..<Int.random(in: 1...64, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
                let text = decode(bytes, label) ?? ""
                #expect(!text.isEmpty, "\(label) \(bytes)")
            }
        }
    }

    @Test("Strict decoding refuses what lenient decoding repairs")
    func strict() throws {
        let latin9 = try #require(TextEncoding(label: "l9"))
        #expect([0xA4].withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: latin9) } == Array("€".utf8))
        #expect([0x81].withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: .windows1252) } == nil)
        #expect([0xC3, 0x28].withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: .utf8) } == nil)
        #expect([0x80].withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: .ascii) } == nil)
        #expect(
            [0x61, 0x00, 0x00, 0xD8].withUnsafeBufferPointer {
                TextDecoding.decodeStrictly($0, from: .utf16LittleEndian)
            } == nil)
        #expect(
            [0x00, 0x61, 0x00].withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: .utf16BigEndian) } == nil
        )
        #expect(
            [0x3D, 0xD8, 0x00, 0xDE].withUnsafeBufferPointer {
                TextDecoding.decodeStrictly($0, from: .utf16LittleEndian)
            }
                == Array("😀".utf8))
        let sjis = try #require(TextEncoding(label: "sjis"))
        #expect([0x93].withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: sjis) } == nil)
    }

    @Test("Byte order marks: UTF-8 and UTF-16 always, UTF-32 when asked")
    func byteOrderMarks() {
        func mark(_ bytes: [UInt8], utf32: Bool = false) -> String? {
            bytes.withUnsafeBufferPointer { TextDecoding.byteOrderMark($0, utf32: utf32) }.map {
                "\($0.encoding.name)/\($0.length)"
            }
        }
        #expect(mark([0xEF, 0xBB, 0xBF, 0x41]) == "utf-8/3")
        #expect(mark([0xFE, 0xFF, 0x00, 0x41]) == "utf-16be/2")
        #expect(mark([0xFF, 0xFE, 0x41, 0x00]) == "utf-16le/2")
        #expect(mark([0xFF, 0xFE, 0x00, 0x00]) == "utf-16le/2")
        #expect(mark([0xFF, 0xFE, 0x00, 0x00], utf32: true) == "utf-32le/4")
        #expect(mark([0x00, 0x00, 0xFE, 0xFF], utf32: true) == "utf-32be/4")
        #expect(mark([0x3C, 0x3F]) == nil)
    }

    @Test(
        "The charset parameter: quotes, case, white space, several parameters",
        arguments: [
            ("text/html; charset=ISO-8859-15", "text/html", "iso-8859-15"),
            ("text/html;charset=\"utf-8\"", "text/html", "utf-8"),
            ("Text/HTML ; Charset = 'koi8-r' ", "text/html", "koi8-r"),
            ("application/rss+xml; q=\"a;charset=x\"; charset=gbk", "application/rss+xml", "gbk"),
            ("text/xml; format=flowed; CHARSET=\"Shift_JIS\"; charset=utf-8", "text/xml", "shift_jis"),
            ("text/plain; charset=\"a\\\"b\"", "text/plain", "a\"b"),
            ("text/plain; charset=", "text/plain", nil),
            ("text/plain", "text/plain", nil),
            ("charset=windows-1251", nil, "windows-1251"),
            ("", nil, nil),
        ] as [(String, String?, String?)])
    func contentType(header: String, mediaType: String?, charset: String?) {
        let parsed = TextDecoding.contentType(header)
        #expect(parsed.mediaType == mediaType)
        #expect(parsed.charset == charset)
    }
}
