import Foundation

/// Header fields written safely: every line at most 78 characters (RFC 5322 2.1.1), text that is
/// not plain ASCII as RFC 2047 encoded words, display names quoted where RFC 5322 wants it, and
/// no control character left in, so that no value can end its header line and start another.
enum HeaderField {
    /// The longest line a header field is folded to, its name included.
    static let lineLimit = 78

    /// An unstructured field such as Subject: folded at spaces, or encoded words when `text` is
    /// not plain ASCII.
    static func unstructured(_ name: String, _ text: String) -> String {
        let text = inert(text)
        guard needsEncoding(text) else {
            return fold(name, text.split(separator: " ", omittingEmptySubsequences: false).map(String.init))
        }
        return fold(name, encodedWords(text, limit: wordLimit(name)))
    }

    /// An address list such as From or To, each address as `MailAddress` reads it.
    static func addresses(_ name: String, _ list: [String]) -> String {
        var tokens: [String] = []
        for (index, text) in list.enumerated() {
            var address = MailAddress(inert(text)).tokens(wordLimit: wordLimit(name))
            if index + 1 < list.count, let last = address.popLast() { address.append(last + ",") }
            tokens += address
        }
        return fold(name, tokens)
    }

    /// `name: ` and the tokens joined by single spaces, a line broken (CRLF then the space)
    /// before a token that would pass the line limit. Unfolding gives the tokens joined back.
    static func fold(_ name: String, _ tokens: [String]) -> String {
        var lines: [String] = []
        var line = "\(name):"
        var lineHasToken = false
        for token in tokens {
            // Never break before an empty token: the new line would be white space only.
            if lineHasToken, !token.isEmpty, line.utf8.count + 1 + token.utf8.count > lineLimit {
                lines.append(line)
                line = ""
            }
            line += " " + token
            lineHasToken = true
        }
        lines.append(line)
        return lines.joined(separator: "\r\n")
    }

    /// RFC 2047 "B" encoded words of at most `limit` characters, split between Unicode scalars
    /// (never inside a UTF-8 sequence).
    static func encodedWords(_ text: String, limit: Int) -> [String] {
        let wrapper = "=?UTF-8?B??=".count
        let maxBytes = max(1, (limit - wrapper) / 4) * 3
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maxBytes, !chunk.isEmpty {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty || words.isEmpty { words.append(encodedWord(chunk)) }
        return words
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }

    /// Encoded words must fit on the first line beside the field's name, and may be at most 75
    /// characters anywhere (RFC 2047 2).
    private static func wordLimit(_ name: String) -> Int { min(75, lineLimit - name.utf8.count - 2) }

    /// True when `text` cannot stand as it is: not printable ASCII, or holding what a reader
    /// would take for an encoded word.
    static func needsEncoding(_ text: String) -> Bool {
        !text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } || text.contains("=?")
    }

    /// `text` with every control character (CR, LF, NUL, tab...) replaced by a space, so that
    /// a value can never end its header line.
    static func inert(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(isControl(scalar) ? " " : scalar) }
        return String(result)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool { scalar.value < 0x20 || scalar.value == 0x7F }
}

/// One mailbox as written in the configuration: `name@example.com`, `Name <name@example.com>`
/// or `"Doe, Jane" <jane@example.com>`.
struct MailAddress: Hashable {
    /// The display name, unquoted; empty when there is none.
    var displayName: String
    var address: String

    init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasSuffix(">"), let open = trimmed.lastIndex(of: "<") else {
            displayName = ""
            address = trimmed
            return
        }
        address = String(trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)])
            .trimmingCharacters(in: .whitespaces)
        var name = trimmed[..<open].trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unquoted = ""
            var escaped = false
            for character in name.dropFirst().dropLast() {
                if character == "\\" && !escaped {
                    escaped = true
                    continue
                }
                escaped = false
                unquoted.append(character)
            }
            name = unquoted
        }
        displayName = name
    }

    /// The domain after the last "@", when it is a plain host name.
    var domain: String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        let domain = address[address.index(after: at)...]
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-")
        guard !domain.isEmpty, domain.unicodeScalars.allSatisfy(allowed.contains) else { return nil }
        return String(domain)
    }

    /// The mailbox as header tokens: the bare address without a display name; else the name
    /// (plain words, one quoted-string, or encoded words) and `<address>`.
    func tokens(wordLimit: Int) -> [String] {
        guard !displayName.isEmpty else { return [address] }
        let name: [String]
        if HeaderField.needsEncoding(displayName) {
            name = HeaderField.encodedWords(displayName, limit: wordLimit)
        } else if displayName.split(separator: " ", omittingEmptySubsequences: false).allSatisfy(Self.isAtom) {
            name = displayName.split(separator: " ").map(String.init)
        } else {
            // A quoted-string may be folded at its spaces (RFC 5322 3.2.4); unfolding restores them.
            let escaped = displayName.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"")
            name = "\"\(escaped)\"".split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        }
        return name + ["<\(address)>"]
    }

    /// RFC 5322 atext: letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~.
    private static func isAtom(_ word: Substring) -> Bool {
        !word.isEmpty
            && word.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                    || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains($0)
            }
    }
}
