import BriefingCore

/// Why a reader receives the briefing and how to stop: the footer of every format, and the
/// email's `List-Unsubscribe` header (RFC 2369) when an unsubscribe address is configured.
///
/// The footer reads, for a profile named "markets" of `briefing.toml`:
///
/// > You receive this because your address is among the recipients (to =) of the "markets"
/// > briefing in briefing.toml. To stop, remove your address there, or unsubscribe: URL
///
/// Every part is configuration, not feed text, but it is made one line and escaped all the same.
public struct Subscription: Sendable, Hashable {
    /// The profile's name, when the briefing is one of several.
    public var profile: String?
    /// The configuration file's name, without its folder (the footer goes out by mail).
    public var configuration: String
    /// A `mailto:` or `http(s)` address that unsubscribes (`[email] unsubscribe`); used only
    /// when ``LinkPolicy`` accepts it (``unsubscribeURL``).
    public var unsubscribe: String?

    /// The longest unsubscribe URL, in bytes: its header line stays far below the 998 octets of
    /// RFC 5322 (a URL cannot be folded).
    public static let urlLimit = 900

    public init(profile: String? = nil, configuration: String, unsubscribe: String? = nil) {
        self.profile = profile
        self.configuration = configuration
        self.unsubscribe = unsubscribe
    }

    /// The unsubscribe address as a URL fit for a header and a link: a web URL as
    /// ``LinkPolicy/webURL(_:)`` writes it, or a `mailto:` URL (``LinkPolicy/mailtoURL(_:)``),
    /// at most ``urlLimit`` bytes; nil otherwise.
    public static func unsubscribeURL(_ raw: String) -> String? {
        guard let url = LinkPolicy.webURL(raw) ?? LinkPolicy.mailtoURL(raw), url.utf8.count <= urlLimit else {
            return nil
        }
        return url
    }

    /// The checked unsubscribe URL, if one is configured and accepted.
    var url: String? { unsubscribe.flatMap(Self.unsubscribeURL) }

    /// True when the URL can be a link in HTML and Markdown (web URLs; a `mailto:` stays text).
    var urlIsWebLink: Bool { url.map(LinkPolicy.isWebURL) ?? false }

    /// The first sentence: why the reader receives it.
    var reason: String {
        let briefing =
            profile.map { "the \u{201C}\(DisplayText.line($0, limit: 200))\u{201D} briefing" } ?? "this briefing"
        return "You receive this because your address is among the recipients (to =) of \(briefing) in \(file)."
    }

    /// The second sentence, without the URL: how to stop (ends with "unsubscribe:" when a URL follows).
    var howToStop: String {
        url == nil ? "To stop, remove your address there." : "To stop, remove your address there, or unsubscribe:"
    }

    /// The configuration's name, one line.
    private var file: String {
        let name = DisplayText.line(configuration, limit: 200)
        return name.isEmpty ? "the configuration" : name
    }

    /// The footer as plain text: the two sentences wrapped at `width`, the URL (never wrapped)
    /// at the end, on a line of its own when it does not fit.
    func text(width: Int) -> [String] {
        TextWrap.wrap(reason + " " + howToStop + (url.map { " " + $0 } ?? ""), width: width, indent: "")
    }
}
