/// Why a page gave no article.
///
/// The description reads `extract: <message>`, ready to show an operator.
public struct ExtractionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in a few words.
    public enum Reason: Sendable, Hashable {
        /// The input is larger than ``ArticleExtractor/maximumInputBytes``.
        case inputTooLarge
        /// libxml2 could not make a document out of the input at all.
        case unparsable
        /// The page parsed, but nothing in it reads like an article.
        case noArticle
        /// The input is binary data (NUL bytes or many control characters), not a web page.
        case notHTML
        /// Anything else.
        case other
    }

    /// The kind of failure.
    public var reason: Reason
    /// The explanation shown after `extract: `.
    public var message: String

    /// An error of kind ``Reason/other`` with `message`.
    public init(_ message: String) {
        self.reason = .other
        self.message = message
    }

    /// An error of kind `reason` with `message`.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "extract: \(message)" }

    static func tooLarge(_ size: Int, limit: Int) -> ExtractionError {
        ExtractionError(.inputTooLarge, "page is \(size) bytes, more than the \(limit)-byte limit")
    }

    static let unparsable = ExtractionError(.unparsable, "the input could not be parsed as HTML")
    static let noArticle = ExtractionError(.noArticle, "no article text found in the page")
    static let notHTML = ExtractionError(.notHTML, "the input looks like binary data, not HTML")
}
