import BriefingCore
import Foundation

/// Turns a page's bytes into text, choosing the encoding in the order the WHATWG encoding sniffing
/// algorithm uses: a byte order mark, the HTTP `Content-Type` charset, a `<meta charset>` or
/// `<meta http-equiv=Content-Type>` within the first 1024 bytes, then UTF-8 when the bytes are valid
/// UTF-8, else Windows-1252 (which decodes any byte). Labels, byte order marks, the `charset=`
/// parameter and the decoding itself are the shared ``TextDecoding``'s, as for feeds; a label
/// nobody knows is passed over. Invalid bytes become U+FFFD.
enum CharsetDecoding {
    /// How many bytes the `<meta>` prescan looks at.
    static let prescanLength = 1024

    /// The encoding the page is in, and how many bytes of byte order mark to skip.
    static func sniff(_ bytes: UnsafeBufferPointer<UInt8>, contentType: String?) -> (TextEncoding, Int) {
        let (encoding, skip, _) = sniffValidating(bytes, contentType: contentType)
        return (encoding, skip)
    }

    /// ``sniff(_:contentType:)``, and whether it found UTF-8 by validating all the bytes (so the
    /// caller need not validate them again).
    static func sniffValidating(
        _ bytes: UnsafeBufferPointer<UInt8>, contentType: String?
    ) -> (encoding: TextEncoding, skip: Int, validUTF8: Bool) {
        if let mark = TextDecoding.byteOrderMark(bytes) { return (mark.0, mark.1, false) }
        if let label = TextDecoding.charset(inContentType: contentType), let encoding = TextEncoding(label: label) {
            return (encoding, 0, false)
        }
        let head = Array(bytes.prefix(prescanLength))
        if let label = metaCharset(head[...]), var encoding = TextEncoding(label: label) {
            // A page cannot declare UTF-16 in itself (it would not be readable as ASCII): WHATWG reads
            // it as UTF-8, and x-user-defined as windows-1252.
            if encoding == .utf16LittleEndian || encoding == .utf16BigEndian { encoding = .utf8 }
            if encoding == .xUserDefined { encoding = .windows1252 }
            return (encoding, 0, false)
        }
        let valid = UTF8Validation.isValid(bytes)
        return (valid ? .utf8 : .windows1252, 0, valid)
    }

    /// Whether the `Content-Type` charset names UTF-16 (either byte order).
    static func declaresUTF16(_ contentType: String?) -> Bool {
        let encoding = TextDecoding.charset(inContentType: contentType).flatMap { TextEncoding(label: $0) }
        return encoding == .utf16LittleEndian || encoding == .utf16BigEndian
    }

    /// The page as text. A declared encoding in which the bytes are invalid gives way to UTF-8
    /// when they are valid UTF-8 (a page saved again as UTF-8 keeps its old `<meta charset>`), as
    /// the feed parser falls back; otherwise invalid bytes become U+FFFD.
    static func decode(_ data: Data, contentType: String?) -> String {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let (encoding, skip) = sniff(bytes, contentType: contentType)
            let body = UnsafeBufferPointer(rebasing: bytes[skip...])
            guard encoding != .utf8 else { return String(decoding: body, as: UTF8.self) }
            if let strict = TextDecoding.decodeStrictly(body, from: encoding) {
                return String(decoding: strict, as: UTF8.self)
            }
            if skip == 0, UTF8Validation.isValid(body) { return String(decoding: body, as: UTF8.self) }
            return TextDecoding.string(body, from: encoding)
        }
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
            if attributes["http-equiv"] == "content-type",
                let label = TextDecoding.charset(inContentType: attributes["content"])
            {
                return label
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
}
