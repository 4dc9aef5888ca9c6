import Foundation

/// Resolves relative references (RFC 3986) against a base: `xml:base`, the feed's URL, or the
/// HTTP Content-Location.
enum URLResolution {
    /// `reference` made absolute against `base`; unchanged when there is no usable base or it is
    /// already absolute. White space around the reference is trimmed.
    static func resolve(_ reference: String, against base: String?) -> String {
        let trimmed = reference.trimmed
        guard let base, !base.isEmpty else { return trimmed }
        if hasScheme(trimmed) { return trimmed }
        if !trimmed.isEmpty, let resolved = simpleResolve(trimmed, against: base) { return resolved }
        guard let baseURL = URL(string: base) ?? URL(string: encodeUnsafe(base)), baseURL.scheme != nil
        else {
            return trimmed
        }
        if trimmed.isEmpty { return baseURL.absoluteString }
        guard
            let url = URL(string: trimmed, relativeTo: baseURL)
                ?? URL(string: encodeUnsafe(trimmed), relativeTo: baseURL)
        else { return trimmed }
        return url.absoluteString
    }

    /// RFC 3986 resolution for the common case, without Foundation: a plain ASCII base
    /// `scheme://authority/path` and a reference without dot segments. Nil otherwise (the caller
    /// then uses `URL(string:relativeTo:)`).
    static func simpleResolve(_ reference: String, against base: String) -> String? {
        let ref = Array(reference.utf8)
        let baseBytes = Array(base.utf8)
        guard isPlain(ref), isPlain(baseBytes), !hasDotSegment(ref) else { return nil }
        // scheme "://"
        guard let colon = baseBytes.firstIndex(of: UInt8(ascii: ":")), colon > 0,
            baseBytes.count > colon + 2, baseBytes[colon + 1] == UInt8(ascii: "/"),
            baseBytes[colon + 2] == UInt8(ascii: "/")
        else { return nil }
        let authorityStart = colon + 3
        var authorityEnd = authorityStart
        while authorityEnd < baseBytes.count, !isDelimiter(baseBytes[authorityEnd]) {
            authorityEnd += 1
        }
        var pathEnd = authorityEnd
        while pathEnd < baseBytes.count, baseBytes[pathEnd] != UInt8(ascii: "?"),
            baseBytes[pathEnd] != UInt8(ascii: "#")
        {
            pathEnd += 1
        }
        let basePath = Array(baseBytes[authorityEnd..<pathEnd])
        guard !hasDotSegment(basePath) else { return nil }
        var output: [UInt8]
        switch ref[0] {
        case UInt8(ascii: "/"):
            if ref.count > 1, ref[1] == UInt8(ascii: "/") {
                output = Array(baseBytes[...colon]) + ref
            } else {
                output = Array(baseBytes[..<authorityEnd]) + ref
            }
        case UInt8(ascii: "?"):
            output = Array(baseBytes[..<pathEnd]) + ref
        case UInt8(ascii: "#"):
            let fragmentStart = baseBytes.firstIndex(of: UInt8(ascii: "#")) ?? baseBytes.count
            output = Array(baseBytes[..<fragmentStart]) + ref
        default:
            output = Array(baseBytes[..<authorityEnd])
            if let slash = basePath.lastIndex(of: UInt8(ascii: "/")) {
                output += basePath[...slash]
            } else {
                output.append(UInt8(ascii: "/"))
            }
            output += ref
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Printable ASCII without characters URLs must escape.
    private static func isPlain(_ bytes: [UInt8]) -> Bool {
        for byte in bytes {
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "\\"), byte != UInt8(ascii: "\""),
                byte != UInt8(ascii: "<"),
                byte != UInt8(ascii: ">"), byte != UInt8(ascii: "{"), byte != UInt8(ascii: "}"),
                byte != UInt8(ascii: "|"),
                byte != UInt8(ascii: "^"), byte != UInt8(ascii: "`"), byte != UInt8(ascii: "["),
                byte != UInt8(ascii: "]")
            else { return false }
        }
        return true
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "#")
    }

    /// True when the path part (before `?` / `#`) has a `.` or `..` segment.
    private static func hasDotSegment(_ bytes: [UInt8]) -> Bool {
        var segmentStart = 0
        var index = 0
        while index <= bytes.count {
            let atEnd =
                index == bytes.count || bytes[index] == UInt8(ascii: "?")
                || bytes[index] == UInt8(ascii: "#")
            if atEnd || bytes[index] == UInt8(ascii: "/") {
                let length = index - segmentStart
                if length == 1, bytes[segmentStart] == UInt8(ascii: ".") { return true }
                if length == 2, bytes[segmentStart] == UInt8(ascii: "."),
                    bytes[segmentStart + 1] == UInt8(ascii: ".")
                {
                    return true
                }
                if atEnd { return false }
                segmentStart = index + 1
            }
            index += 1
        }
        return false
    }

    /// True when `text` starts with `scheme:` (RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":").
    static func hasScheme(_ text: String) -> Bool {
        var first = true
        for byte in text.utf8 {
            let isAlpha = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            if byte == UInt8(ascii: ":") { return !first }
            if first {
                guard isAlpha else { return false }
                first = false
                continue
            }
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            guard
                isAlpha || isDigit || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                    || byte == UInt8(ascii: ".")
            else { return false }
        }
        return false
    }

    /// Percent-encodes spaces and other characters `URL(string:)` refuses.
    private static func encodeUnsafe(_ text: String) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.insert(charactersIn: "#%[]")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}
