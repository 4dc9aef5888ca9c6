import BriefingCore
import Foundation

/// Turns a page's bytes into text, choosing the encoding in the order the WHATWG encoding sniffing
/// algorithm uses: a byte order mark, the HTTP `Content-Type` charset, a `<meta charset>` or
/// `<meta http-equiv=Content-Type>` within the first 1024 bytes, then UTF-8 when the bytes are valid
/// UTF-8, else Windows-1252 (which decodes any byte).
enum CharsetDecoding {
    /// How many bytes the `<meta>` prescan looks at.
    static let prescanLength = 1024

    /// The encoding the page is in, and how many bytes of byte order mark to skip.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>, contentType: String?) -> (String.Encoding, Int) {
        if let mark = byteOrderMark(bytes) { return mark }
        if let label = contentType.flatMap(charsetParameter), let encoding = encoding(forLabel: label) {
            return (encoding, 0)
        }
        let head = Array(bytes.prefix(prescanLength))
        if let label = metaCharset(head[...]), var encoding = encoding(forLabel: label) {
            // A page cannot declare UTF-16 in itself (it would not be readable as ASCII): WHATWG reads it as UTF-8.
            if encoding == .utf16 || encoding == .utf16BigEndian || encoding == .utf16LittleEndian {
                encoding = .utf8
            }
            return (encoding, 0)
        }
        return (UTF8Validation.isValid(bytes) ? .utf8 : .windowsCP1252, 0)
    }

    static func decode(_ data: Data, contentType: String?) -> String {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let (encoding, skip) = sniff(bytes, contentType: contentType)
            let body = UnsafeBufferPointer(rebasing: bytes[skip...])
            return decode(body, as: encoding)
        }
    }

    /// `bytes` in `encoding`; UTF-8 takes the standard library's fast path and repairs bad
    /// sequences with U+FFFD, as browsers do. Bytes that are not valid in `encoding` fall back to
    /// Windows-1252, which decodes anything.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, as encoding: String.Encoding) -> String {
        if encoding == .utf8 { return String(decoding: bytes, as: UTF8.self) }
        return String(bytes: bytes, encoding: encoding) ?? String(bytes: bytes, encoding: .windowsCP1252)
            ?? String(decoding: bytes, as: UTF8.self)
    }

    static func byteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>) -> (String.Encoding, Int)? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        return nil
    }

    /// The `charset` parameter of a `Content-Type` value, lowercased, quotes removed.
    static func charsetParameter(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            guard parts.count == 2,
                parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset"
            else { continue }
            let value = parts[1].trimmingCharacters(in: CharacterSet.whitespaces.union(["\"", "'"])).lowercased()
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Looks for `<meta charset=...>` or `<meta http-equiv="content-type" content="...charset=...">`
    /// in the first bytes, skipping comments: a small tokenizer over ASCII, enough for the prescan.
    static func metaCharset(_ head: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: head, as: UTF8.self).lowercased()
        var rest = Substring(text)
        while let open = rest.range(of: "<") {
            rest = rest[open.upperBound...]
            if rest.hasPrefix("!--") {
                guard let close = rest.range(of: "-->") else { return nil }
                rest = rest[close.upperBound...]
                continue
            }
            guard rest.hasPrefix("meta"), let close = rest.firstIndex(of: ">") else { continue }
            let attributes = parseAttributes(rest[rest.index(rest.startIndex, offsetBy: 4)..<close])
            rest = rest[close...]
            if let charset = attributes["charset"], !charset.isEmpty { return charset }
            if attributes["http-equiv"] == "content-type", let content = attributes["content"],
                let range = content.range(of: "charset=")
            {
                let value = content[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " \"';"))
                let label = value.prefix { !";\"' ".contains($0) }
                if !label.isEmpty { return String(label) }
            }
        }
        return nil
    }

    /// `name=value` pairs of a tag's inside; values may be quoted with `"` or `'`, or bare.
    private static func parseAttributes(_ source: Substring) -> [String: String] {
        var result: [String: String] = [:]
        var index = source.startIndex
        func skipSpace() {
            while index < source.endIndex, source[index].isWhitespace || source[index] == "/" {
                index = source.index(after: index)
            }
        }
        while index < source.endIndex {
            skipSpace()
            let nameStart = index
            while index < source.endIndex, !source[index].isWhitespace, source[index] != "=", source[index] != "/" {
                index = source.index(after: index)
            }
            let name = String(source[nameStart..<index])
            skipSpace()
            var value = ""
            if index < source.endIndex, source[index] == "=" {
                index = source.index(after: index)
                skipSpace()
                if index < source.endIndex, source[index] == "\"" || source[index] == "'" {
                    let quote = source[index]
                    index = source.index(after: index)
                    let valueStart = index
                    while index < source.endIndex, source[index] != quote { index = source.index(after: index) }
                    value = String(source[valueStart..<index])
                    if index < source.endIndex { index = source.index(after: index) }
                } else {
                    let valueStart = index
                    while index < source.endIndex, !source[index].isWhitespace { index = source.index(after: index) }
                    value = String(source[valueStart..<index])
                }
            }
            if name.isEmpty {
                if index < source.endIndex { index = source.index(after: index) }
                continue
            }
            if result[name] == nil { result[name] = value.trimmingCharacters(in: .whitespaces) }
        }
        return result
    }

    /// Foundation's encoding for a WHATWG label; labels of Latin-1 and ASCII read as Windows-1252.
    static func encoding(forLabel label: String) -> String.Encoding? {
        switch label.trimmingCharacters(in: .whitespaces).lowercased() {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": return .utf8
        case "iso-8859-1", "iso8859-1", "latin1", "l1", "windows-1252", "cp1252", "x-cp1252", "us-ascii", "ascii",
            "ansi_x3.4-1968", "iso-8859-15", "iso8859-15", "latin9", "l9", "iso_8859-1", "cp819", "ibm819":
            return .windowsCP1252
        case "iso-8859-2", "iso8859-2", "latin2", "l2": return .isoLatin2
        case "windows-1250", "cp1250", "x-cp1250": return .windowsCP1250
        case "windows-1251", "cp1251", "x-cp1251": return .windowsCP1251
        case "windows-1253", "cp1253": return .windowsCP1253
        case "windows-1254", "cp1254", "iso-8859-9", "latin5": return .windowsCP1254
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis": return .shiftJIS
        case "euc-jp", "x-euc-jp": return .japaneseEUC
        case "iso-2022-jp": return .iso2022JP
        case "utf-16", "utf-16le": return .utf16LittleEndian
        case "utf-16be": return .utf16BigEndian
        default: return namedEncoding(label)
        }
    }

    /// Further encodings Foundation knows, by CoreFoundation encoding number (NSStringEncoding is
    /// `0x8000_0000 | number` for these).
    private static func namedEncoding(_ label: String) -> String.Encoding? {
        let numbers: [String: UInt] = [
            "gb18030": 0x0632, "gbk": 0x0632, "gb2312": 0x0632, "x-gbk": 0x0632, "chinese": 0x0632,
            "big5": 0x0A03, "big5-hkscs": 0x0A06, "x-x-big5": 0x0A03, "cn-big5": 0x0A03,
            "euc-kr": 0x0940, "ks_c_5601-1987": 0x0940, "windows-949": 0x0940, "korean": 0x0940,
            "koi8-r": 0x0A02, "koi8r": 0x0A02, "koi8-u": 0x0A08, "koi8-ru": 0x0A08,
            "iso-8859-5": 0x0205, "iso-8859-7": 0x0207, "iso-8859-4": 0x0204, "iso-8859-13": 0x020D,
            "windows-1255": 0x0505, "windows-1256": 0x0506, "windows-1257": 0x0507, "windows-1258": 0x0508,
        ]
        guard let number = numbers[label] else { return nil }
        return String.Encoding(rawValue: 0x8000_0000 | number)
    }
}
