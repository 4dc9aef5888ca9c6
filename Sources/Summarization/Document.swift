/// A document to summarize: an optional title and a body whose paragraphs are separated by
/// blank lines.
public struct Document: Sendable, Hashable {
    public var title: String?
    public var text: String

    public init(title: String? = nil, text: String) {
        self.title = title
        self.text = text
    }

    /// Reads plain text: a short first line (at most ``maximumTitleLength`` characters)
    /// without terminal punctuation, followed by a blank line, is the title; everything
    /// else is the body.
    public init(plainText: String) {
        if let (title, body) = Self.splitTitle(plainText) {
            self.init(title: title, text: body)
        } else {
            self.init(title: nil, text: plainText)
        }
    }

    /// The longest first line that `init(plainText:)` takes for a title.
    public static let maximumTitleLength = 120

    private static func splitTitle(_ text: String) -> (String, String)? {
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3 else { return nil }
        let first = lines[0].trimmingSpaces()
        guard !first.isEmpty, first.count <= maximumTitleLength, lines[1].trimmingSpaces().isEmpty,
            let last = first.unicodeScalars.last
        else { return nil }
        if UTF8Text.isTerminator(last.value) || last == ":" || last == ";" || last == "," { return nil }
        let body = lines[2].drop(while: { $0.isWhitespace })
        guard !body.isEmpty else { return nil }
        return (String(first), String(body))
    }
}

extension Substring {
    /// The substring without leading and trailing white space.
    func trimmingSpaces() -> Substring {
        var s = self.drop(while: { $0.isWhitespace })
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return s
    }
}
