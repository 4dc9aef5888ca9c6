import BriefingCore
import Foundation

/// Reads and writes OPML feed lists; outline groups become briefing sections.
public enum OPML {
    /// Reads an OPML document. Relative `xmlUrl` values are resolved against `baseURL`
    /// (for a file, its `file://` URL).
    public static func read(_ data: Data, baseURL: String?) throws(FeedParsingError) -> FeedList {
        throw FeedParsingError("not implemented yet")
    }

    /// Writes `list` as an OPML 2.0 document.
    public static func write(_ list: FeedList) -> String { "" }
}
