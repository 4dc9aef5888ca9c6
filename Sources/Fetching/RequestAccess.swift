/// One extra request header a feed's configuration asks for (`[feeds."URL"] headers`).
///
/// Its description shows the name only: header values are often keys, and never logged.
public struct HTTPHeaderField: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): (hidden)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["name": name]) }

    /// Headers the fetch stage writes itself, or that frame the message: a configured value
    /// would break the request (Host, Content-Length...) or the conditional GET, so they are
    /// refused. The User-Agent has its own option.
    static let reserved: [String: String] = [
        "host": "the host comes from the feed's URL",
        "content-length": "the fetch stage frames its requests itself",
        "transfer-encoding": "the fetch stage frames its requests itself",
        "connection": "the fetch stage manages its connections",
        "keep-alive": "the fetch stage manages its connections",
        "upgrade": "the fetch stage manages its connections",
        "te": "the fetch stage frames its requests itself",
        "trailer": "the fetch stage frames its requests itself",
        "expect": "the fetch stage sends no request bodies",
        "accept-encoding": "the fetch stage asks for every encoding it can decode",
        "if-none-match": "the conditional GET sends the stored validators",
        "if-modified-since": "the conditional GET sends the stored validators",
        "user-agent": "set user_agent instead",
    ]

    /// Why this header may not be sent, or nil when it may: the name must be an HTTP token
    /// (RFC 9110 section 5.6.2) and not one the fetch stage writes itself; the value printable
    /// ASCII and tabs only, so that no CR, LF or other control character can add a line to the
    /// request.
    public var problem: String? {
        if name.isEmpty { return "a header needs a name" }
        if let bad = name.unicodeScalars.first(where: { !Self.isTokenCharacter($0) }) {
            return "header name \(Self.shown(name)) holds \(Self.describe(bad)), which a header name may not"
        }
        if let reason = Self.reserved[name.lowercased()] { return "header \(name) may not be set: \(reason)" }
        return Self.valueProblem(value).map { "header \(name): \($0)" }
    }

    /// Why `value` cannot be a header value (a User-Agent, say), or nil: printable ASCII and
    /// tabs only.
    public static func valueProblem(_ value: String) -> String? {
        guard let bad = value.unicodeScalars.first(where: { !($0 == "\t" || (0x20...0x7E).contains($0.value)) }) else {
            return nil
        }
        return "the value holds \(describe(bad)); only printable ASCII and tabs are sent"
    }

    /// The line libcurl sends: `Name: value`, or `Name;` for an empty value (libcurl's way of
    /// sending a header without a value; `Name:` would remove one).
    var curlLine: String { value.isEmpty ? "\(name);" : "\(name): \(value)" }

    private static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", ".", "^", "_", "`", "|", "~": true
        default: false
        }
    }

    private static func shown(_ name: String) -> String {
        "\"" + String(name.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) }) + "\""
    }

    /// A character named for an error: "a line feed (U+000A)".
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let names: [Unicode.Scalar: String] = [
            "\r": "a carriage return", "\n": "a line feed", "\0": "a NUL byte", " ": "a space", ":": "a colon",
        ]
        let kind =
            names[scalar] ?? (scalar.value < 0x20 || scalar.value == 0x7F ? "a control character" : "'\(scalar)'")
        return "\(kind) (U+\(String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)))"
    }
}

/// HTTP basic authentication for one feed (RFC 7617), sent only to the origin (scheme, host
/// and port) of the URL requested: a redirect elsewhere gets neither the credentials nor the
/// extra headers.
///
/// Its description hides the password, so that no log or error can show it.
public struct BasicCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "\(username):(hidden)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["username": username]) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
