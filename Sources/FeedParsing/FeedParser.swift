import BriefingCore
import Foundation

/// Reads RSS, Atom and JSON Feed documents into a normalized `Feed`.
public struct FeedParser: Sendable {
    public init() {}

    /// Parses `data`, detecting the format from the content.
    ///
    /// - Parameters:
    ///   - baseURL: the feed's own URL, against which relative links are resolved.
    ///   - contentType: the HTTP Content-Type header, for its charset.
    public func parse(_ data: Data, baseURL: String? = nil, contentType: String? = nil) throws(FeedParsingError)
        -> Feed
    {
        throw FeedParsingError("not implemented yet")
    }
}

/// Why a document could not be read as a feed or feed list.
public struct FeedParsingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "parse: \(message)" }
}
