import BriefingCore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds a document's character encoding and converts it to UTF-8.
///
/// Precedence follows RFC 7303 (and RFC 3023 before it) as feedparser applies it:
/// 1. a byte order mark decides UTF-8/16/32;
/// 2. for `application/xml`, `application/*+xml` and `text/xml`-like types, the HTTP charset
///    wins, then the XML declaration; `text/*` without a charset means US-ASCII;
/// 3. without HTTP information, the XML declaration, else UTF-8.
///
/// When the chosen encoding cannot decode the bytes, the next candidates are tried (the XML
/// declaration, UTF-8, Windows-1252, ISO-8859-2) and the result is marked as recovered. If
/// nothing decodes strictly, UTF-8 with replacement characters is used: invalid bytes never stop
/// a parse. ISO-8859-1 and US-ASCII labels are read as Windows-1252, as browsers do.
enum EncodingDetection {
    /// The document as UTF-8, the encoding used, and whether a fallback was needed.
    struct Result {
        /// The converted bytes, or nil when the input itself (after `skip` bytes of BOM) is clean
        /// UTF-8 and can be parsed in place, without a copy.
        var bytes: [UInt8]?
        var skip: Int
        var encoding: String
        var recovered: Bool

        /// Calls `body` with the UTF-8 document.
        func withUTF8<T>(_ input: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> T)
            -> T
        {
            if let bytes { return bytes.withUnsafeBufferPointer(body) }
            return body(UnsafeBufferPointer(rebasing: input[skip...]))
        }
    }

    static func decode(_ data: Data, contentType: String?) -> [UInt8] {
        data.withUnsafeBytes { raw in
            let input = raw.bindMemory(to: UInt8.self)
            let result = decode(input, contentType: contentType)
            return result.withUTF8(input) { Array($0) }
        }
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>, contentType: String?) -> Result {
        let raw = Array(input.prefix(1024))
        let (bom, bomLength) = byteOrderMark(raw)
        var declared = declaredEncoding(raw, bom: bom)
        if bom == nil, raw.starts(with: [0x4C, 0x6F, 0xA7, 0x94]) {
            // "<?xm" in EBCDIC: read the declaration through code page 037.
            let head = convert(Array(raw.prefix(512)), from: "cp037") ?? []
            declared = declaredEncoding(head, bom: nil) ?? "cp037"
        }
        let (mediaType, httpCharset) = parseContentType(contentType)

        var candidates: [String] = []
        if let bom {
            candidates.append(bom)
        } else if let mediaType {
            let isXMLApplication =
                mediaType == "application/xml" || mediaType == "application/xml-dtd"
                || mediaType == "application/xml-external-parsed-entity"
                || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+xml"))
            if isXMLApplication {
                candidates += [httpCharset, declared, "utf-8"].compactMap { $0 }
            } else if mediaType.hasPrefix("text/") {
                candidates += [httpCharset ?? "us-ascii"]
            } else {
                candidates += [httpCharset, declared, "utf-8"].compactMap { $0 }
            }
        } else {
            candidates += [declared, "utf-8"].compactMap { $0 }
        }
        let primary = candidates.first ?? "utf-8"
        candidates += [declared, bom, "utf-8", "windows-1252", "iso-8859-2"].compactMap { $0 }

        var tried = Set<String>()
        for candidate in candidates {
            let name = canonicalName(candidate)
            guard tried.insert(name).inserted else { continue }
            let skip = (bom != nil && name == canonicalName(bom ?? "")) ? bomLength : 0
            let body = UnsafeBufferPointer(rebasing: input[skip...])
            let recovered = name != canonicalName(primary)
            if name == "utf-8" {
                guard UTF8Validation.isValid(body) else { continue }
                if firstDirtyIndex(body) == nil {
                    return Result(bytes: nil, skip: skip, encoding: name, recovered: recovered)
                }
                return Result(
                    bytes: cleanControls(Array(body)), skip: 0, encoding: name, recovered: recovered)
            }
            if let bytes = convert(Array(body), from: name) {
                return Result(bytes: cleanControls(bytes), skip: 0, encoding: name, recovered: recovered)
            }
        }
        let body = UnsafeBufferPointer(rebasing: input[bomLength...])
        let lossy = Array(String(decoding: body, as: UTF8.self).utf8)
        return Result(bytes: cleanControls(lossy), skip: 0, encoding: "utf-8", recovered: true)
    }

    /// The encoding named by a byte order mark (or the UTF-16/32 shape of `<?`), and the mark's length.
    static func byteOrderMark(_ raw: [UInt8]) -> (String?, Int) {
        if raw.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("utf-32be", 4) }
        if raw.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("utf-32le", 4) }
        if raw.starts(with: [0xEF, 0xBB, 0xBF]) { return ("utf-8", 3) }
        if raw.starts(with: [0xFE, 0xFF]) { return ("utf-16be", 2) }
        if raw.starts(with: [0xFF, 0xFE]) { return ("utf-16le", 2) }
        if raw.starts(with: [0x00, 0x00, 0x00, 0x3C]) { return ("utf-32be", 0) }
        if raw.starts(with: [0x3C, 0x00, 0x00, 0x00]) { return ("utf-32le", 0) }
        if raw.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return ("utf-16be", 0) }
        if raw.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return ("utf-16le", 0) }
        return (nil, 0)
    }

    /// The `encoding` pseudo-attribute of the XML declaration, read in the BOM's encoding.
    static func declaredEncoding(_ raw: [UInt8], bom: String?) -> String? {
        var head: [UInt8] = []
        switch bom {
        case "utf-16be", "utf-16le", "utf-32be", "utf-32le":
            let width = bom?.hasPrefix("utf-32") == true ? 4 : 2
            let bigEndian = bom?.hasSuffix("be") == true
            var offset = 0
            while offset + width <= raw.count, head.count < 512 {
                let unit = bigEndian ? raw[offset + width - 1] : raw[offset]
                let high =
                    bigEndian ? raw[offset..<(offset + width - 1)] : raw[(offset + 1)..<(offset + width)]
                if high.allSatisfy({ $0 == 0 }), unit < 0x80 {
                    head.append(unit)
                } else if unit != 0xFF, unit != 0xFE {
                    head.append(0x3F)
                }
                offset += width
            }
        default:
            head = Array(raw.prefix(512))
            if head.starts(with: [0xEF, 0xBB, 0xBF]) { head.removeFirst(3) }
        }
        guard let text = String(bytes: head, encoding: .isoLatin1) else { return nil }
        let trimmed = text.drop(while: { $0 == "\u{FEFF}" || $0 == "?" || $0.isWhitespace })
        guard trimmed.hasPrefix("<?xml"), let end = trimmed.range(of: "?>") else { return nil }
        let declaration = trimmed[..<end.lowerBound]
        guard let key = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[key.upperBound...].drop(while: { $0.isWhitespace })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0.isWhitespace })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        let value = rest.prefix(while: { $0 != quote })
        let name = value.trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name.lowercased()
    }

    /// The media type (lower-cased) and charset parameter of a Content-Type header.
    static func parseContentType(_ header: String?) -> (String?, String?) {
        guard let header, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
            return (nil, nil)
        }
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        let mediaType = parts.first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var charset: String?
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset"
            else {
                continue
            }
            let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")).lowercased()
            if !value.isEmpty { charset = value }
        }
        return (mediaType, charset)
    }

    /// Replaces C1 controls (U+0080-U+009F, which are really Windows-1252 punctuation mislabelled
    /// as Latin-1) with their Windows-1252 characters, and drops C0 controls other than tab, line
    /// feed and carriage return, which XML forbids. Returns the input unchanged when clean.
    static func cleanControls(_ bytes: [UInt8]) -> [UInt8] {
        guard var index = bytes.withUnsafeBufferPointer({ firstDirtyIndex($0) }) else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + 16)
        output.append(contentsOf: bytes[..<index])
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D {
                index += 1
                continue
            }
            if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] >= 0x80, bytes[index + 1] <= 0x9F {
                if let scalar = windows1252High[Int(bytes[index + 1] - 0x80)] {
                    UTF8.encode(scalar) { output.append($0) }
                }
                index += 2
                continue
            }
            output.append(byte)
            index += 1
        }
        return output
    }

    /// The index of the first C0 control (other than tab, LF, CR) or C1 control (as UTF-8), if any.
    static func firstDirtyIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let raw = UnsafeRawBufferPointer(bytes)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset < bytes.count {
            if offset + 8 <= raw.count {
                // Skip eight bytes at once when none is below 0x20 and none is 0xC2.
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let below20 = (word &- ones &* 0x20) & ~word & highs
                let xored = word ^ (ones &* 0xC2)
                let hasC2 = (xored &- ones) & ~xored & highs
                if below20 | hasC2 == 0 {
                    offset += 8
                    continue
                }
            }
            let end = min(bytes.count, offset + 8)
            while offset < end {
                let byte = bytes[offset]
                if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return offset }
                if byte == 0xC2, offset + 1 < bytes.count, bytes[offset + 1] >= 0x80,
                    bytes[offset + 1] <= 0x9F
                {
                    return offset
                }
                offset += 1
            }
        }
        return nil
    }

    /// Labels (lower-cased, `_` read as `-`) that `iconv` spells differently, from Python's codec
    /// aliases and real feeds.
    private static let aliases: [String: String] = [
        "utf8": "utf-8", "u8": "utf-8", "utf": "utf-8", "cp65001": "utf-8", "utf8-ucs2": "utf-8",
        "utf8-ucs4": "utf-8",
        "utf16": "utf-16", "u16": "utf-16", "utf32": "utf-32", "u32": "utf-32", "u7": "utf-7",
        "utf7": "utf-7",
        "utf-16-be": "utf-16be", "utf-16-le": "utf-16le", "utf-32-be": "utf-32be",
        "utf-32-le": "utf-32le",
        "unicodebigunmarked": "utf-16be", "unicodelittleunmarked": "utf-16le",
        "unicode-1-1-utf-7": "utf-7",
        "ascii": "us-ascii", "646": "us-ascii", "ansi-x3.4-1968": "us-ascii",
        "ansi-x3.4-1986": "us-ascii",
        "ansi-x3-4-1968": "us-ascii", "iso-646.irv-1991": "us-ascii",
        "iso-8859-1": "windows-1252", "iso8859-1": "windows-1252", "latin1": "windows-1252",
        "latin-1": "windows-1252",
        "latin": "windows-1252", "l1": "windows-1252", "cp819": "windows-1252",
        "ibm819": "windows-1252",
        "iso-8859-1-1987": "windows-1252", "8859": "windows-1252", "iso8859": "windows-1252",
        "l9": "iso-8859-15",
        "x-sjis": "shift_jis", "shift-jis": "shift_jis", "sjis": "shift_jis", "s-jis": "shift_jis",
        "shiftjis": "shift_jis", "ms-kanji": "shift_jis", "mskanji": "shift_jis",
        "csshiftjis": "shift_jis",
        "932": "cp932", "shift-jis-2004": "shift_jisx0213", "shiftjis2004": "shift_jisx0213",
        "sjis-2004": "shift_jisx0213", "s-jis-2004": "shift_jisx0213", "sjisx0213": "shift_jisx0213",
        "s-jisx0213": "shift_jisx0213", "euc-jis-2004": "euc-jisx0213", "euc-jis2004": "euc-jisx0213",
        "eucjis2004": "euc-jisx0213", "eucjisx0213": "euc-jisx0213", "jisx0213": "euc-jisx0213",
        "u-jis": "euc-jp",
        "gb2312": "gbk", "gb-2312-80": "gbk", "gb2312-80": "gbk", "gb2312-1980": "gbk",
        "csgb2312": "gbk",
        "x-gbk": "gbk", "chinese": "gbk", "csiso58gb231280": "gbk", "iso-ir-58": "gbk",
        "eucgb2312-cn": "gbk",
        "936": "gbk", "gb18030-2000": "gb18030", "big5-tw": "big5", "csbig5": "big5", "950": "cp950",
        "ms950": "cp950",
        "hkscs": "big5-hkscs", "ks-c-5601-1987": "euc-kr", "ks-c-5601": "euc-kr", "ksc5601": "euc-kr",
        "ks-x-1001": "euc-kr", "ksx1001": "euc-kr", "korean": "euc-kr", "949": "cp949",
        "ms949": "cp949",
        "ms1361": "johab", "iso2022-jp": "iso-2022-jp", "iso2022-jp-1": "iso-2022-jp",
        "iso2022jp-1": "iso-2022-jp",
        "iso-2022-jp-1": "iso-2022-jp", "iso2022-jp-2": "iso-2022-jp-2", "iso2022jp-2": "iso-2022-jp-2",
        "iso2022-jp-3": "iso-2022-jp-3", "iso2022jp-3": "iso-2022-jp-3",
        "iso2022-jp-2004": "iso-2022-jp-3",
        "iso2022jp-2004": "iso-2022-jp-3", "iso-2022-jp-2004": "iso-2022-jp-3",
        "iso2022-jp-ext": "iso-2022-jp",
        "iso2022jp-ext": "iso-2022-jp", "iso-2022-jp-ext": "iso-2022-jp", "iso2022-kr": "iso-2022-kr",
        "thai": "tis-620", "tis-620-0": "tis-620", "tis-620-2529-0": "tis-620",
        "tis-620-2529-1": "tis-620",
        "ptcp154": "pt154", "csptcp154": "pt154", "cp154": "pt154", "cyrillic-asian": "pt154",
        "macintosh": "macintosh", "mac": "macintosh", "x-mac-roman": "macintosh",
        "macroman": "macintosh",
        "mac-roman": "macintosh", "maccentraleurope": "mac-centraleurope",
        "mac-centeuro": "mac-centraleurope",
        "mac-latin2": "mac-centraleurope", "maclatin2": "mac-centraleurope", "maciceland": "mac-is",
        "mac-iceland": "mac-is", "macgreek": "mac-greek", "mac-greek": "mac-greek", "cp-is": "cp861",
        "ibm039": "cp037", "cspc775baltic": "cp775", "cspc8codepage437": "cp437", "cspcp852": "cp852",
        "ebcdic-cp-ca": "cp037", "ebcdic-cp-nl": "cp037", "ebcdic-cp-us": "cp037",
        "ebcdic-cp-wt": "cp037",
        "ebcdic-cp-be": "cp500", "ebcdic-cp-ch": "cp500", "ebcdic-cp-he": "cp424", "koi8-t": "koi8-t",
    ]

    /// Maps a label to the name `iconv` knows, with the browser substitutions (ISO-8859-1 and
    /// US-ASCII labels are read as Windows-1252 and ASCII, and GB2312 as its superset GBK).
    static func canonicalName(_ label: String) -> String {
        let lower = label.lowercased().trimmingCharacters(in: .whitespaces).replacingOccurrences(
            of: "_", with: "-")
        if let alias = aliases[lower] { return alias }
        if !lower.isEmpty, lower.allSatisfy(\.isNumber) { return "cp" + lower }
        for prefix in ["csibm", "ibm"] where lower.hasPrefix(prefix) {
            let number = lower.dropFirst(prefix.count)
            if !number.isEmpty, number.allSatisfy(\.isNumber) { return "cp" + number }
        }
        if lower.hasPrefix("windows-"), lower.dropFirst(8).allSatisfy(\.isNumber) { return lower }
        if lower.hasPrefix("iso-8859-") || lower.hasPrefix("iso8859-") {
            // iso-8859-2-1987 → iso-8859-2
            let parts = lower.replacingOccurrences(of: "iso8859-", with: "iso-8859-").split(
                separator: "-")
            if parts.count >= 3 { return "iso-8859-" + parts[2] }
        }
        return lower
    }

    /// Converts `bytes` from `encoding` to UTF-8; nil when the bytes are invalid in it.
    static func convert(_ bytes: [UInt8], from encoding: String) -> [UInt8]? {
        switch encoding {
        case "utf-8":
            return bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } ? bytes : nil
        case "us-ascii":
            return bytes.allSatisfy({ $0 < 0x80 }) ? bytes : nil
        case "windows-1252":
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 8)
            for byte in bytes {
                if byte < 0x80 {
                    output.append(byte)
                } else if byte >= 0xA0 {
                    UTF8.encode(Unicode.Scalar(byte)) { output.append($0) }
                } else if let scalar = windows1252High[Int(byte - 0x80)] {
                    UTF8.encode(scalar) { output.append($0) }
                } else {
                    return nil
                }
            }
            return output
        default:
            return iconvConvert(bytes, from: encoding)
        }
    }

    private static func iconvConvert(_ bytes: [UInt8], from encoding: String) -> [UInt8]? {
        // Try the name as given, then without hyphens (UTF16BE, KOI8R, ...).
        var descriptor = iconv_open("UTF-8", encoding.uppercased())
        if Int(bitPattern: descriptor) == -1 {
            descriptor = iconv_open(
                "UTF-8", encoding.uppercased().replacingOccurrences(of: "-", with: ""))
        }
        guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
        defer { iconv_close(descriptor) }
        var input = bytes
        var output = [UInt8](repeating: 0, count: bytes.count * 4 + 16)
        let produced: Int? = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer -> Int? in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(
                    outBuffer.baseAddress)?
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outLeft = outBuffer.count
                let status = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                if status == -1 || inLeft != 0 { return nil }
                return outBuffer.count - outLeft
            }
        }
        guard let produced else { return nil }
        output.removeSubrange(produced...)
        if output.starts(with: [0xEF, 0xBB, 0xBF]) { output.removeFirst(3) }
        return output
    }

    /// Windows-1252's 0x80-0x9F; nil where the code page defines nothing.
    static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}
