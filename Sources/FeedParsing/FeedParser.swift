import BriefingCore
import Foundation

/// Reads RSS, Atom and JSON Feed documents into a normalized `Feed`.
///
/// The format is detected from the content (never from Content-Type): a document whose first
/// significant character is `{` is JSON Feed; otherwise the XML root element decides (`rss`,
/// `rdf:RDF`, Atom `feed`). The Content-Type header only contributes its charset. See
/// `EncodingDetection`, `XMLTreeBuilder` (why a hand-written tokenizer), `RSSParser`,
/// `AtomParser`, `JSONFeedParser`.
public struct FeedParser: Sendable {
    /// Limits that keep hostile or broken input cheap.
    public struct Limits: Sendable, Hashable {
        /// The largest document accepted, in bytes. Default 32 MiB: several times the largest real
        /// feeds (podcast back catalogues reach 10-15 MB); a bigger one is refused at once with a
        /// clear error rather than parsed into hundreds of megabytes.
        public var maxBytes: Int = 32 << 20
        /// The deepest element nesting accepted. Default 512.
        public var maxDepth: Int = 512
        /// The most characters internal XML entities may expand to, per document. Default 1 Mi.
        public var maxEntityExpansion: Int = 1 << 20
        /// The most XML elements one document may have. Default 500,000 (a 2,000-item feed has
        /// about 40,000); this bounds memory for floods of tiny elements (~150 bytes each).
        public var maxElements: Int = 500_000

        public init() {}
    }

    /// The limits this parser applies.
    public var limits: Limits

    /// Whether items keep their sanitized HTML (`summaryHTML`, `contentHTML`) beside the plain
    /// text. Default true; a caller that only shows text (`feed inspect`) sets it false and
    /// saves the sanitizer's pass over every item's HTML.
    public var keepsHTML = true

    /// The most threads a large feed's items are mapped on; nil (the default): the active cores,
    /// at most 8; 1 maps them on the calling thread. The feed is the same whatever the number
    /// (`ItemChunks`). A caller that already runs feeds on every core passes 1.
    public var itemThreads: Int? {
        get { itemChunks.threads }
        set { itemChunks.threads = newValue }
    }

    /// How items are cut into chunks for the threads (tests lower its thresholds).
    var itemChunks = ItemChunks(threads: nil)

    public init() { self.limits = Limits() }

    /// A parser for callers that show only text: items carry no HTML.
    public static var textOnly: FeedParser {
        var parser = FeedParser()
        parser.keepsHTML = false
        return parser
    }

    /// A parser with custom limits.
    public init(limits: Limits) { self.limits = limits }

    /// Parses `data`, detecting the format from the content.
    ///
    /// - Parameters:
    ///   - baseURL: the feed's own URL (or its HTTP Content-Location resolved against it), against
    ///     which relative links are resolved.
    ///   - contentType: the HTTP Content-Type header, for its charset.
    public func parse(_ data: Data, baseURL: String? = nil, contentType: String? = nil)
        throws(FeedParsingError)
        -> Feed
    {
        guard data.count <= limits.maxBytes else {
            throw FeedParsingError(
                "document is \(data.count) bytes, over the \(limits.maxBytes)-byte limit")
        }
        if FormatDetection.looksLikeJSON(data) {
            return try JSONFeedParser.parse(data, baseURL: baseURL, keepHTML: keepsHTML)
        }
        var treeLimits = XMLTreeBuilder.Limits()
        treeLimits.maxDepth = limits.maxDepth
        treeLimits.maxEntityExpansion = limits.maxEntityExpansion
        treeLimits.maxElements = limits.maxElements
        // Clean UTF-8 input is tokenized in place; anything else is converted first.
        // The tree points into the bytes, so the whole mapping happens while they are in scope.
        let parsed = data.withUnsafeBytes { raw -> Result<Feed, FeedParsingError> in
            let input = raw.bindMemory(to: UInt8.self)
            let decoded = EncodingDetection.decode(input, contentType: contentType, threads: itemThreads)
            return decoded.withUTF8(input) { utf8 in
                Result { () throws(FeedParsingError) in
                    // A large feed's items are mapped on other threads as the tree is built.
                    let pipeline = pipeline(bytes: utf8.count)
                    defer { pipeline?.finish() }
                    let document = try XMLTreeBuilder.parse(
                        utf8, base: baseURL, limits: treeLimits,
                        itemClosed: pipeline.map { pipeline in { pipeline.offer($0, ancestors: $1) } })
                    var feed = try Self.map(document, keepHTML: keepsHTML, items: itemChunks, pipeline: pipeline)
                    feed.recovered = feed.recovered || document.recovered || decoded.recovered
                    return feed
                }
            }
        }
        return try parsed.get()
    }

    /// The pipeline that maps items while the tree is built, for an input of `bytes` bytes: nil
    /// for a small one or a single thread.
    private func pipeline(bytes: Int) -> ItemPipeline? {
        guard bytes >= itemChunks.pipelineMinimumBytes, case let threads = itemThreads ?? ItemChunks.coreThreads,
            threads > 1
        else { return nil }
        return ItemPipeline(keepHTML: keepsHTML, workers: threads - 1)
    }

    /// Maps a parsed XML document to a feed, by its root element (internal for the tests that
    /// count the items `pipeline` mapped).
    static func map(
        _ document: MarkupDocument, keepHTML: Bool, items: ItemChunks, pipeline: ItemPipeline?
    ) throws(FeedParsingError) -> Feed {
        switch FormatDetection.xmlFormat(document) {
        case .rss(let version):
            return RSSParser.parse(document.root, format: version, keepHTML: keepHTML, items: items, pipeline: pipeline)
        case .atom(let version):
            return AtomParser.parse(document.root, format: version, keepHTML: keepHTML, items: items, pipeline: pipeline)
        case nil:
            throw FeedParsingError("not a feed: the root element is <\(document.root.qualifiedName)>")
        }
    }
}

/// Why a document could not be read as a feed or feed list.
public struct FeedParsingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "parse: \(message)" }
}
