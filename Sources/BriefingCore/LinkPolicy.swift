/// The one rule for which URLs from feeds and pages may become links, or be fetched as web
/// pages: `http` and `https` only, read the way a browser reads them.
///
/// A browser removes leading and trailing C0 controls and spaces and every tab and newline
/// inside a URL before it looks at the scheme, and compares the scheme without regard to case,
/// so `" JaVa\tScRiPt:alert(1)"` runs script. The policy does the same removal first, then accepts
/// only `http://` or `https://` (the scheme in ASCII letters of any case) followed by a host. In
/// the host and path a browser reads a backslash as a slash, so the policy writes it as one.
/// Characters that cannot stand in a URL as they are (white space, controls, double quotes,
/// angle brackets, backslash, `^`, backquote, braces, `|`, line and paragraph separators and
/// bidirectional controls) are percent-encoded in what it returns, so the result can go into an
/// attribute or a Markdown link destination without ending it.
public enum LinkPolicy {
    /// `raw` as a safe web URL (lowercase scheme, unsafe characters percent-encoded), or nil
    /// when it is not an absolute `http` or `https` URL with a host.
    public static func webURL(_ raw: String) -> String? {
        let all = Array(raw.unicodeScalars)
        // What browsers strip: C0 controls and space at either end, tab and newlines anywhere.
        var start = 0
        var end = all.count
        while start < end, all[start].value <= 0x20 { start += 1 }
        while end > start, all[end - 1].value <= 0x20 { end -= 1 }
        let scalars = all[start..<end].filter { $0 != "\t" && $0 != "\n" && $0 != "\r" }
        guard let colon = scalars.firstIndex(of: ":"), colon == 4 || colon == 5 else { return nil }
        let scheme = String(String.UnicodeScalarView(scalars[..<colon].map(asciiLowercased)))
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = scalars[(colon + 1)...]
        guard rest.count > 2, rest.prefix(2).allSatisfy(isSlash) else { return nil }
        let hostStart = rest.index(rest.startIndex, offsetBy: 2)
        let first = rest[hostStart]
        guard !isSlash(first), first != "?", first != "#", first != "@", first.value > 0x20 else {
            return nil
        }
        var result = scheme + "://"
        var inQueryOrFragment = false
        for scalar in rest[hostStart...] {
            if scalar == "?" || scalar == "#" { inQueryOrFragment = true }
            if scalar == "\\" && !inQueryOrFragment {
                result += "/"
            } else if needsEncoding(scalar) {
                for byte in String(scalar).utf8 { result += "%" + hex(byte) }
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// True when `raw` is a link the policy accepts.
    public static func isWebURL(_ raw: String) -> Bool { webURL(raw) != nil }

    /// `raw` as a `mailto:` URL (RFC 6068) of one address, for a configured unsubscribe
    /// address (never for links from feeds): the scheme in any case, then printable ASCII
    /// that needs no escaping in a URL (letters, digits, `-._~!$'()*+,;=:@?&%/`), an `@` with
    /// text on both sides before any `?`. Nil otherwise: spaces, quotes, angle brackets,
    /// controls and non-ASCII are refused, not encoded, as they mean the address is mistyped.
    public static func mailtoURL(_ raw: String) -> String? {
        guard raw.count > 7, raw.prefix(7).lowercased() == "mailto:" else { return nil }
        let rest = raw.dropFirst(7)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$'()*+,;=:@?&%/".utf8)
        guard rest.utf8.allSatisfy(allowed.contains) else { return nil }
        let address = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
        return "mailto:" + rest
    }

    /// Characters encoded in a returned URL: controls, space, `"`, `<`, `>`, `\`, `^`,
    /// backquote, `{`, `|`, `}`, the line and paragraph separators and the bidirectional
    /// formatting characters.
    static func needsEncoding(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x20, 0x7F...0x9F, 0x2028, 0x2029: return true
        case 0x22, 0x3C, 0x3E, 0x5C, 0x5E, 0x60, 0x7B, 0x7C, 0x7D: return true
        default: return BidiControls.contains(scalar)
        }
    }

    /// A browser reads a backslash as a slash in `http` and `https` URLs.
    private static func isSlash(_ scalar: Unicode.Scalar) -> Bool { scalar == "/" || scalar == "\\" }

    /// ASCII letters lowercased, anything else unchanged (so that no non-ASCII letter can
    /// lowercase into a scheme, as the Kelvin sign would into `k`).
    private static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        (0x41...0x5A).contains(scalar.value) ? Unicode.Scalar(UInt8(scalar.value) | 0x20) : scalar
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

/// Unicode's bidirectional formatting characters (UAX #9): embeddings, overrides, isolates and
/// marks. In displayed text they can make a line read in an order other than the one it has
/// (an "RLO" turns `exe.txt` into `txt.exe`), so text from feeds loses them.
public enum BidiControls {
    /// True for U+061C, U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069.
    public static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
