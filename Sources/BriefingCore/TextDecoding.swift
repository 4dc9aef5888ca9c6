#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A character encoding, by the name the WHATWG Encoding Standard gives it (`windows-1252`,
/// `iso-8859-15`, `shift_jis`, `utf-16le`, ...), or, for encodings the standard does not have
/// (IBM and EBCDIC code pages, UTF-32, ...), by the name `iconv` knows.
public struct TextEncoding: Hashable, Sendable, CustomStringConvertible {
    /// The lower-case name.
    public let name: String

    init(name: String) { self.name = name }

    public var description: String { name }

    public static let utf8 = TextEncoding(name: "utf-8")
    public static let utf16LittleEndian = TextEncoding(name: "utf-16le")
    public static let utf16BigEndian = TextEncoding(name: "utf-16be")
    public static let utf32LittleEndian = TextEncoding(name: "utf-32le")
    public static let utf32BigEndian = TextEncoding(name: "utf-32be")
    public static let windows1252 = TextEncoding(name: "windows-1252")
    public static let xUserDefined = TextEncoding(name: "x-user-defined")
    public static let replacement = TextEncoding(name: "replacement")
    /// Strict 7-bit ASCII. No label names it (the standard reads `ascii` and `us-ascii` as
    /// windows-1252): it is for RFC 7303's rule that `text/*` without a charset is US-ASCII.
    public static let ascii = TextEncoding(name: "us-ascii")

    /// The encoding a label names, or nil for a label nobody knows.
    ///
    /// First the WHATWG Encoding Standard's table (``WHATWGEncodingLabels``), as browsers read
    /// it: `latin1`, `iso-8859-1`, `ascii` and `us-ascii` are windows-1252, `l9` ISO-8859-15,
    /// `gb2312` GBK, `sjis` Shift_JIS, `utf-16` UTF-16LE. Then, for labels the standard does not
    /// list, what feeds write and feed readers accept: the same label with `_` read as `-`,
    /// further aliases (`latin9`, `macroman`, `ebcdic-cp-us`, ...), bare code page numbers and
    /// `ibm`/`csibm` numbers as `cp` numbers, and finally any plain name (letters, digits, `-`,
    /// `.`, `:`) that `iconv` can open.
    public init?(label: String) {
        let lower = String(
            decoding: label.utf8.drop(while: Self.isASCIISpace).reversed().drop(while: Self.isASCIISpace)
                .reversed().map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
        if let name = WHATWGEncodingLabels.byLabel[lower] {
            self.init(name: name)
            return
        }
        let spelled = lower.replacingAll("_", with: "-")
        if let name = WHATWGEncodingLabels.byLabel[spelled] ?? WHATWGEncodingLabels.beyondStandard[spelled] {
            self.init(name: name)
            return
        }
        var name = spelled
        if !name.isEmpty, name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            name = "cp" + name
        } else if let number = ["csibm", "ibm"].lazy.compactMap({ Self.digits(after: $0, in: spelled) }).first {
            name = "cp" + number
        } else if spelled.hasPrefix("iso8859-") || spelled.hasPrefix("iso-8859-") {
            // iso-8859-2-1987 → iso-8859-2
            let parts = (spelled.hasPrefix("iso8859-") ? "iso-" + spelled.dropFirst(3) : spelled).split(separator: "-")
            if parts.count >= 3 { name = "iso-8859-" + parts[2] }
        }
        if let known = WHATWGEncodingLabels.byLabel[name] ?? WHATWGEncodingLabels.beyondStandard[name] {
            self.init(name: known)
            return
        }
        // Only a plain name goes to iconv (no "//IGNORE" suffixes, paths or control characters).
        let plain = name.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E
                || byte == 0x3A
        }
        guard !name.isEmpty, name.utf8.count <= 40, plain, TextDecoding.iconvCanDecode(name) else { return nil }
        self.init(name: name)
    }

    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private static func digits(after prefix: String, in text: String) -> String? {
        guard text.hasPrefix(prefix) else { return nil }
        let rest = text.dropFirst(prefix.count)
        return !rest.isEmpty && rest.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) ? String(rest) : nil
    }
}

/// The one text decoder: bytes in a ``TextEncoding`` to UTF-8, with the byte order mark and
/// `Content-Type` charset rules that feeds and pages share.
///
/// UTF-8, UTF-16, UTF-32, windows-1252, x-user-defined and ASCII are decoded here; every other
/// encoding through `iconv` (glibc), under the name ``WHATWGEncodingLabels/iconvNames`` gives it.
/// Two ways to decode: ``decode(_:from:)`` never fails and puts U+FFFD where bytes are invalid
/// (what a page reader wants); ``decodeStrictly(_:from:)`` returns nil instead, so that a caller
/// can try another encoding (what the feed parser does).
public enum TextDecoding {
    /// The encoding a byte order mark names, and the mark's length: UTF-8 (`EF BB BF`), UTF-16BE
    /// (`FE FF`), UTF-16LE (`FF FE`), as the WHATWG standard sniffs them. With `utf32`, also
    /// UTF-32BE (`00 00 FE FF`) and UTF-32LE (`FF FE 00 00`, taken before UTF-16LE), which XML
    /// allows and HTML does not.
    public static func byteOrderMark(_ bytes: UnsafeBufferPointer<UInt8>, utf32: Bool = false)
        -> (encoding: TextEncoding, length: Int)?
    {
        if utf32, bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return (.utf32BigEndian, 4) }
        if utf32, bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (.utf32LittleEndian, 4) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if bytes.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        if bytes.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        return nil
    }

    /// The media type (lower-cased, nil when empty) and the `charset` parameter (lower-cased,
    /// quotes removed, nil when absent or empty) of a `Content-Type` value.
    ///
    /// Parameters are split at `;` outside quoted strings; names are matched without regard to
    /// case; white space around names and values is ignored; a quoted value may contain `;` and
    /// backslash escapes; single quotes around a value are removed too, as real servers send
    /// them. The first `charset` parameter counts, as in the WHATWG MIME type parser. The same
    /// parser reads the `content` of `<meta http-equiv="Content-Type">`.
    public static func contentType(_ header: String?) -> (mediaType: String?, charset: String?) {
        guard let header else { return (nil, nil) }
        var fields: [String] = []
        var current: [UInt8] = []
        var quoted = false
        var escaped = false
        for byte in header.utf8 {
            if escaped {
                current.append(byte)
                escaped = false
            } else if quoted && byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: ";") && !quoted {
                fields.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        fields.append(String(decoding: current, as: UTF8.self))
        // A first field with `=` is a parameter already (a `<meta>` content of only `charset=...`).
        let hasMediaType = !fields[0].contains("=")
        let mediaType = hasMediaType ? fields[0].trimmingASCIISpace().lowercasedASCII() : ""
        var charset: String?
        for field in fields.dropFirst(hasMediaType ? 1 : 0) {
            guard let equals = field.firstIndex(of: "=") else { continue }
            guard field[..<equals].trimmingASCIISpace().lowercasedASCII() == "charset" else { continue }
            var value = field[field.index(after: equals)...].trimmingASCIISpace()
            if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
                value = String(value.dropFirst().dropLast())
            }
            charset = value.trimmingASCIISpace().lowercasedASCII()
            break
        }
        return (mediaType.isEmpty ? nil : mediaType, charset?.isEmpty == false ? charset : nil)
    }

    /// The `charset` parameter of a `Content-Type` value (see ``contentType(_:)``).
    public static func charset(inContentType header: String?) -> String? {
        contentType(header).charset
    }

    /// `bytes` in `encoding` as UTF-8; every invalid or incomplete sequence becomes U+FFFD, so
    /// any input gives text. An encoding `iconv` cannot open reads as UTF-8.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: TextEncoding) -> [UInt8] {
        convert(bytes, from: encoding, strict: false) ?? Array(String(decoding: bytes, as: UTF8.self).utf8)
    }

    /// `bytes` in `encoding` as a `String` (see ``decode(_:from:)``).
    public static func string(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: TextEncoding) -> String {
        if encoding == .utf8 { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: decode(bytes, from: encoding), as: UTF8.self)
    }

    /// `bytes` in `encoding` as UTF-8, or nil when a byte sequence is invalid in it, or a
    /// windows-1252 byte is one the code page leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D).
    public static func decodeStrictly(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: TextEncoding) -> [UInt8]? {
        convert(bytes, from: encoding, strict: true)
    }

    /// Windows-1252's 0x80-0x9F; nil where the code page defines nothing (the WHATWG index
    /// maps those five bytes to the C1 control of the same number).
    public static let windows1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    private static func convert(_ bytes: UnsafeBufferPointer<UInt8>, from encoding: TextEncoding, strict: Bool)
        -> [UInt8]?
    {
        switch encoding.name {
        case "utf-8":
            if UTF8Validation.isValid(bytes) { return Array(bytes) }
            return strict ? nil : Array(String(decoding: bytes, as: UTF8.self).utf8)
        case "us-ascii":
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte < 0x80 {
                    output.append(byte)
                } else if strict {
                    return nil
                } else {
                    output += replacementCharacter
                }
            }
            return output
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
                } else if strict {
                    return nil
                } else {
                    UTF8.encode(Unicode.Scalar(byte)) { output.append($0) }
                }
            }
            return output
        case "x-user-defined":
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                if byte < 0x80 {
                    output.append(byte)
                } else if let scalar = Unicode.Scalar(0xF780 + UInt32(byte) - 0x80) {
                    UTF8.encode(scalar) { output.append($0) }
                }
            }
            return output
        case "replacement":
            return bytes.isEmpty ? [] : (strict ? nil : replacementCharacter)
        case "utf-16le", "utf-16be":
            return transcodeWide(bytes, width: 2, bigEndian: encoding.name == "utf-16be", strict: strict)
        case "utf-32le", "utf-32be":
            return transcodeWide(bytes, width: 4, bigEndian: encoding.name == "utf-32be", strict: strict)
        default:
            let name = WHATWGEncodingLabels.iconvNames[encoding.name] ?? encoding.name.uppercased()
            return iconvConvert(bytes, from: name, strict: strict)
        }
    }

    /// UTF-16 or UTF-32 code units to UTF-8; unpaired surrogates, values past U+10FFFF and an
    /// odd trailing byte are errors.
    private static func transcodeWide(_ bytes: UnsafeBufferPointer<UInt8>, width: Int, bigEndian: Bool, strict: Bool)
        -> [UInt8]?
    {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count * 3 / 2)
        let whole = bytes.count / width * width
        var failed = false
        func unit(_ offset: Int) -> UInt32 {
            var value: UInt32 = 0
            for index in 0..<width {
                let byte = UInt32(bytes[offset + (bigEndian ? index : width - 1 - index)])
                value = value << 8 | byte
            }
            return value
        }
        if width == 2 {
            let units = stride(from: 0, to: whole, by: 2).lazy.map { UInt16(truncatingIfNeeded: unit($0)) }
            failed = transcode(units.makeIterator(), from: UTF16.self, to: UTF8.self, stoppingOnError: strict) {
                output.append($0)
            }
        } else {
            let units = stride(from: 0, to: whole, by: 4).lazy.map { unit($0) }
            failed = transcode(units.makeIterator(), from: UTF32.self, to: UTF8.self, stoppingOnError: strict) {
                output.append($0)
            }
        }
        if whole != bytes.count {
            failed = true
            output += replacementCharacter
        }
        return strict && failed ? nil : output
    }

    /// Whether `iconv` can convert from the encoding `name` (as given, or without hyphens).
    static func iconvCanDecode(_ name: String) -> Bool {
        guard let descriptor = openIconv(name.uppercased()) else { return false }
        iconv_close(descriptor)
        return true
    }

    private static func openIconv(_ name: String) -> iconv_t? {
        for candidate in [name, name.replacingAll("-", with: "")] {
            let descriptor = iconv_open("UTF-8", candidate)
            if let descriptor, Int(bitPattern: descriptor) != -1 { return descriptor }
        }
        return nil
    }

    /// Converts through `iconv`; lenient conversion puts U+FFFD for each byte that starts an
    /// invalid sequence, and one for an incomplete sequence at the end. Nil when `iconv` does not
    /// know the encoding, or (strict) the bytes are invalid in it.
    private static func iconvConvert(_ bytes: UnsafeBufferPointer<UInt8>, from name: String, strict: Bool)
        -> [UInt8]?
    {
        guard let descriptor = openIconv(name) else { return nil }
        defer { iconv_close(descriptor) }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count * 2)
        var scratch = [UInt8](repeating: 0, count: min(1 << 16, bytes.count * 4 + 16))
        var consumed = 0
        while true {
            let finishing = consumed == bytes.count
            var inLeft = bytes.count - consumed
            var outLeft = scratch.count
            let (status, error) = scratch.withUnsafeMutableBytes { out -> (Int, Int32) in
                var outPointer = out.baseAddress?.assumingMemoryBound(to: CChar.self)
                guard !finishing, let base = bytes.baseAddress else {
                    // End of input: a stateful decoder (ISO-2022-JP) may still have output.
                    return (iconv(descriptor, nil, nil, &outPointer, &outLeft), errno)
                }
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base + consumed)
                    .assumingMemoryBound(to: CChar.self)
                return (iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft), errno)
            }
            result += scratch[0..<(scratch.count - outLeft)]
            if !finishing { consumed = bytes.count - inLeft }
            if status != -1 {
                if finishing { break }
                continue
            }
            if error == E2BIG { continue }
            if strict || finishing { return strict ? nil : result }
            // EILSEQ: skip the byte that starts the bad sequence; EINVAL: the input ends inside one.
            result += replacementCharacter
            consumed = error == EINVAL ? bytes.count : consumed + 1
            iconv(descriptor, nil, nil, nil, nil)
        }
        if result.starts(with: [0xEF, 0xBB, 0xBF]) { result.removeFirst(3) }
        return result
    }
}

extension StringProtocol {
    fileprivate func trimmingASCIISpace() -> String {
        let bytes = Array(utf8)
        func space(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = bytes.firstIndex(where: { !space($0) }), let last = bytes.lastIndex(where: { !space($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }

    fileprivate func lowercasedASCII() -> String {
        String(decoding: utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
