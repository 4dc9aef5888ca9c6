import BriefingCore
import Foundation

/// Finds a feed's character encoding and converts it to UTF-8, through the shared
/// ``TextDecoding`` (labels are read by ``TextEncoding/init(label:)``, the WHATWG table, so a
/// feed and a page that name the same label decode alike).
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
/// a parse. A label nobody knows is passed over like an encoding that does not fit. ISO-8859-1
/// and US-ASCII labels are read as Windows-1252, as browsers and feed readers do (the XML
/// specification would read ISO-8859-1 as itself, but then 0x93 and 0x94 would be C1 controls
/// instead of the curly quotes their writers meant).
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

    /// - Parameter threads: the most threads a large document's UTF-8 is checked on (as
    ///   `FeedParser.itemThreads`; nil: the active cores).
    static func decode(_ input: UnsafeBufferPointer<UInt8>, contentType: String?, threads: Int? = 1) -> Result {
        let raw = Array(input.prefix(1024))
        let (bom, bomLength) = byteOrderMark(raw)
        var declared = declaredEncoding(raw, bom: bom?.name)
        if bom == nil, raw.starts(with: [0x4C, 0x6F, 0xA7, 0x94]), let ebcdic = TextEncoding(label: "cp037") {
            // "<?xm" in EBCDIC: read the declaration through code page 037.
            let head =
                Array(raw.prefix(512)).withUnsafeBufferPointer { TextDecoding.decodeStrictly($0, from: ebcdic) }
                ?? []
            declared = declaredEncoding(head, bom: nil) ?? "cp037"
        }
        let (mediaType, httpCharset) = TextDecoding.contentType(contentType)

        // Labels in order of preference; a label nobody knows stays in the list as nil, so that
        // when it was the first choice, whatever decodes is a recovery.
        var candidates: [TextEncoding?] = []
        func labels(_ names: [String?]) -> [TextEncoding?] { names.compactMap { $0 }.map { TextEncoding(label: $0) } }
        if let bom {
            candidates.append(bom)
        } else if let mediaType {
            let isXMLApplication =
                mediaType == "application/xml" || mediaType == "application/xml-dtd"
                || mediaType == "application/xml-external-parsed-entity"
                || (mediaType.hasPrefix("application/") && mediaType.hasSuffix("+xml"))
            if isXMLApplication {
                candidates += labels([httpCharset, declared]) + [.utf8]
            } else if mediaType.hasPrefix("text/") {
                candidates += httpCharset.map { labels([$0]) } ?? [.ascii]
            } else {
                candidates += labels([httpCharset, declared]) + [.utf8]
            }
        } else {
            candidates += labels([declared]) + [.utf8]
        }
        let primary = candidates.first ?? .utf8
        candidates += labels([declared]) + [bom, .utf8, .windows1252]

        // Tried in order, each once. An array, not a Set: a handful of entries, and a Set's first
        // use instantiates its generic metadata, which costs more than a small feed's scan. The
        // last resort, ISO-8859-2, is looked up only when it is reached: its label is the one
        // that needs the WHATWG label table, which a UTF-8 feed never otherwise builds.
        var tried: [TextEncoding] = []
        var lastResort = false
        var index = 0
        while true {
            let next: TextEncoding?
            if index < candidates.count {
                next = candidates[index]
                index += 1
            } else if !lastResort {
                lastResort = true
                next = TextEncoding(label: "iso-8859-2")
            } else {
                break
            }
            guard let encoding = next, !tried.contains(encoding) else { continue }
            tried.append(encoding)
            let skip = encoding == bom ? bomLength : 0
            let body = UnsafeBufferPointer(rebasing: input[skip...])
            let recovered = encoding != primary
            if encoding == .utf8 {
                // Validity and controls in one pass over the bytes.
                let check = checkUTF8(body, threads: threads)
                guard check.valid else { continue }
                if !check.hasControls {
                    return Result(bytes: nil, skip: skip, encoding: encoding.name, recovered: recovered)
                }
                return Result(
                    bytes: cleanControls(Array(body)), skip: 0, encoding: encoding.name, recovered: recovered)
            }
            if let bytes = TextDecoding.decodeStrictly(body, from: encoding) {
                return Result(bytes: cleanControls(bytes), skip: 0, encoding: encoding.name, recovered: recovered)
            }
        }
        let body = UnsafeBufferPointer(rebasing: input[bomLength...])
        let lossy = TextDecoding.decode(body, from: .utf8)
        return Result(bytes: cleanControls(lossy), skip: 0, encoding: "utf-8", recovered: true)
    }

    /// `UTF8Validation.check` of `body`; a large document is checked in parts of about
    /// `partSize` bytes on up to `threads` threads. Each part starts at a byte that is not a
    /// continuation byte, so the parts are valid exactly when the whole is, and control
    /// characters are bytes found in some part (when a part is invalid, only `valid` counts).
    static func checkUTF8(_ body: UnsafeBufferPointer<UInt8>, threads: Int?, partSize: Int = 512 << 10)
        -> (valid: Bool, hasControls: Bool)
    {
        guard threads != 1, body.count >= 2 * partSize else { return UTF8Validation.check(body) }
        var bounds = [0]
        var cut = partSize
        while cut < body.count {
            while cut < body.count, body[cut] & 0xC0 == 0x80 { cut += 1 }
            bounds.append(cut)
            cut += partSize
        }
        if bounds.last != body.count { bounds.append(body.count) }
        var chunks = ItemChunks(threads: threads)
        chunks.minimumItems = 2
        chunks.minimumChunk = 1
        // Read only, and alive until `map` returns (it joins its threads first).
        nonisolated(unsafe) let bytes = body
        let cuts = bounds
        let parts = chunks.map(count: cuts.count - 1) { range in
            range.map { UTF8Validation.check(UnsafeBufferPointer(rebasing: bytes[cuts[$0]..<cuts[$0 + 1]])) }
        }.joined()
        return (parts.allSatisfy(\.valid), parts.contains { $0.hasControls })
    }

    /// The encoding named by a byte order mark (``TextDecoding/byteOrderMark(_:utf32:)``, UTF-32
    /// included), or by the UTF-16/32 shape of `<?` without one (XML 1.0 appendix F), and the
    /// mark's length.
    static func byteOrderMark(_ raw: [UInt8]) -> (TextEncoding?, Int) {
        if let mark = raw.withUnsafeBufferPointer({ TextDecoding.byteOrderMark($0, utf32: true) }) {
            return (mark.encoding, mark.length)
        }
        if raw.starts(with: [0x00, 0x00, 0x00, 0x3C]) { return (.utf32BigEndian, 0) }
        if raw.starts(with: [0x3C, 0x00, 0x00, 0x00]) { return (.utf32LittleEndian, 0) }
        if raw.starts(with: [0x00, 0x3C, 0x00, 0x3F]) { return (.utf16BigEndian, 0) }
        if raw.starts(with: [0x3C, 0x00, 0x3F, 0x00]) { return (.utf16LittleEndian, 0) }
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
        let text = latin1String(head)
        let trimmed = text.drop(while: { $0 == "\u{FEFF}" || $0 == "?" || $0.isWhitespace })
        guard trimmed.hasPrefix("<?xml"), let end = trimmed.range(of: "?>") else { return nil }
        let declaration = trimmed[..<end.lowerBound]
        guard let key = declaration.range(of: "encoding") else { return nil }
        var rest = declaration[key.upperBound...].drop(while: { $0.isWhitespace })
        guard rest.first == "=" else { return nil }
        rest = rest.dropFirst().drop(while: { $0.isWhitespace })
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        rest = rest.dropFirst()
        // Trimmed of what Foundation's `.whitespaces` holds in ISO-8859-1 (tab, space and no-break
        // space), here rather than by `trimmingCharacters(in:)`, whose first call goes through
        // NSString and UTF-16 and set up ~0.25 ms of generic metadata in every process (issue 17).
        var name = rest.prefix(while: { $0 != quote }).unicodeScalars
        func blank(_ scalar: Unicode.Scalar) -> Bool { scalar == "\t" || scalar == " " || scalar == "\u{A0}" }
        while let first = name.first, blank(first) { name.removeFirst() }
        while let last = name.last, blank(last) { name.removeLast() }
        return name.isEmpty ? nil : String(name).lowercased()
    }

    /// The bytes read as ISO-8859-1, each byte the code point of its value (what Foundation's
    /// `String(bytes:encoding: .isoLatin1)` gives, without its first-use set-up: 1.2 M
    /// instructions, most of a small feed's encoding detection).
    static func latin1String(_ bytes: [UInt8]) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            if byte < 0x80 {
                utf8.append(byte)
            } else {
                utf8.append(0xC0 | (byte >> 6))
                utf8.append(0x80 | (byte & 0x3F))
            }
        }
        return String(decoding: utf8, as: UTF8.self)
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
                if let scalar = TextDecoding.windows1252High[Int(bytes[index + 1] - 0x80)] {
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

    /// Windows-1252's 0x80-0x9F (``TextDecoding/windows1252High``).
    static var windows1252High: [Unicode.Scalar?] { TextDecoding.windows1252High }
}
