import BriefingCore
import Foundation

/// Finds the article in an HTML page: its main text and its metadata.
///
/// The steps:
/// 1. Decode the bytes (``ArticleExtractor/decode(_:contentType:)``) and parse them with libxml2's
///    HTML parser into a ``NodeTree``.
/// 2. Read the metadata (``Metadata``): title, byline, dates, site name, canonical URL, language,
///    description, and any JSON-LD `articleBody`.
/// 3. Find the article block by scoring paragraphs and their ancestors (``ContentScoring``), then
///    take the siblings that belong with it.
/// 4. Clean boilerplate out of it (``ContentCleaning``) and assemble its text (``TextAssembly``).
/// 5. When that gives less than ``minimumArticleLength`` characters, try again with the
///    class-name heuristics relaxed one by one, and keep the longest result; fall back to JSON-LD
///    `articleBody` when the page's own markup gives much less text than it.
///
/// Every walk over the tree is iterative, so deeply nested pages cannot overflow the stack, and
/// inputs larger than ``maximumInputBytes`` are refused before parsing.
public struct ArticleExtractor: Sendable {
    /// Pages larger than this many bytes are refused with ``ExtractionError/Reason/inputTooLarge``
    /// (default 16 MiB; a real article page is rarely over 2 MiB).
    public var maximumInputBytes = 16 << 20
    /// Results shorter than this many characters make the extractor retry with relaxed heuristics
    /// (default 500).
    public var minimumArticleLength = 500

    public init() {}

    /// The article in `html`.
    public func extract(html: String) throws(ExtractionError) -> Article {
        try extract(html: html, url: nil)
    }

    /// The article in a page's raw bytes, decoded by ``decode(_:contentType:)``; `url` (the page's
    /// address) makes relative canonical URLs absolute.
    public func extract(data: Data, contentType: String?, url: String?) throws(ExtractionError) -> Article {
        guard data.count <= maximumInputBytes else { throw .tooLarge(data.count, limit: maximumInputBytes) }
        // A page the HTTP charset calls UTF-16 has NUL bytes without being binary.
        if Self.looksBinary(data), !CharsetDecoding.declaresUTF16(contentType) { throw .notHTML }
        // Valid UTF-8 goes to the parser as it is; anything else is decoded to a String first.
        let direct: Result<NodeTree, ExtractionError>? = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let (encoding, skip, validated) = CharsetDecoding.sniffValidating(bytes, contentType: contentType)
            let body = UnsafeBufferPointer(rebasing: bytes[skip...])
            guard encoding == .utf8, validated || UTF8Validation.isValid(body) else { return nil }
            return .some(Result { () throws(ExtractionError) in try Self.parse(body) })
        }
        guard let direct else {
            return try extract(html: Self.decode(data, contentType: contentType), url: url)
        }
        return try extract(tree: direct.get(), url: url)
    }

    /// Decodes a page's bytes the way browsers choose an encoding: byte order mark, then the
    /// `charset` of the HTTP `Content-Type`, then `<meta charset>` or `<meta http-equiv>` within the
    /// first 1024 bytes, then UTF-8 when the bytes are valid UTF-8, else Windows-1252 (labels and
    /// decoding are BriefingCore's ``TextDecoding``, shared with feeds; see `CharsetDecoding`).
    public static func decode(_ data: Data, contentType: String?) -> String {
        CharsetDecoding.decode(data, contentType: contentType)
    }

    /// The article in `html`; `url` is the page's address, if known.
    public func extract(html: String, url: String?) throws(ExtractionError) -> Article {
        var html = html
        let size = html.utf8.count
        guard size <= maximumInputBytes else { throw .tooLarge(size, limit: maximumInputBytes) }
        let tree = html.withUTF8 { bytes in Result { () throws(ExtractionError) in try Self.parse(bytes) } }
        return try extract(tree: tree.get(), url: url)
    }

    /// Step 1: parses UTF-8 with libxml2 into a ``NodeTree``. Empty input has no article; binary
    /// input is not HTML.
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>) throws(ExtractionError) -> NodeTree {
        guard utf8.contains(where: { $0 > 0x20 }) else { throw .noArticle }
        if looksBinary(utf8) { throw .notHTML }
        guard let tree = NodeTree.parse(utf8) else { throw .unparsable }
        return tree
    }

    /// Whether `data` starts like binary data (the test below) and has no byte order mark: neither
    /// a web page nor plain text.
    public static func looksBinary(_ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            return looksBinary(bytes) && TextDecoding.byteOrderMark(bytes) == nil
        }
    }

    /// How many leading bytes ``looksBinary(_:)`` inspects.
    static let binarySniffLength = 8192

    /// A NUL byte, or more than 2% of C0 control characters other than tab, line feed, form feed,
    /// carriage return and escape, in the first bytes: no web page looks like that.
    static func looksBinary(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let head = bytes.prefix(binarySniffLength)
        var controls = 0
        for byte in head where byte < 0x20 {
            switch byte {
            case 0x00: return true
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1B: continue
            default: controls += 1
            }
        }
        return controls * 50 > head.count
    }

    func extract(tree: NodeTree, url: String?) throws(ExtractionError) -> Article {
        guard tree.count > 0 else { throw .noArticle }
        let metadata = Metadata(tree: tree, url: url)
        let body = (0..<tree.count).first { tree[$0].tag == .body } ?? 0

        var best: [TextAssembly.Block] = []
        var bestLength = -1
        var flags = ContentScoring.Flags()
        for attempt in 0..<4 {
            switch attempt {
            case 1: flags.stripUnlikely = false
            case 2: flags.weightClasses = false
            case 3: flags.cleanConditionally = false
            default: break
            }
            let blocks = Self.attempt(tree: tree, body: body, flags: flags)
            let length = blocks.reduce(0) { $0 + $1.text.count }
            if length > bestLength {
                best = blocks
                bestLength = length
            }
            if length >= minimumArticleLength { break }
        }

        var paragraphs = Self.withoutTitle(best, title: metadata.title)
        if let body = metadata.articleBody, Self.prefersLinkedData(body, over: paragraphs) {
            paragraphs = body.components(separatedBy: .newlines).map { Metadata.collapse($0) }.filter { !$0.isEmpty }
        }
        guard !paragraphs.isEmpty else { throw .noArticle }
        return Article(
            title: metadata.title, text: paragraphs.joined(separator: "\n\n"), byline: metadata.byline,
            published: metadata.published, siteName: metadata.siteName, language: metadata.language,
            canonicalURL: metadata.canonicalURL, description: metadata.description)
    }

    /// One pass of steps 3 and 4 with the given heuristics.
    static func attempt(
        tree: NodeTree, body: Int, flags: ContentScoring.Flags
    ) -> [TextAssembly.Block] {
        let analysis = PageAnalysis(tree: tree)
        var scoring = ContentScoring(analysis: analysis, flags: flags)
        scoring.prune(body: body)
        scoring.scoreParagraphs(body: body)
        let top = scoring.topCandidate(body: body)
        let roots = scoring.contentRoots(top: top, body: body)
        let dropped = ContentCleaning(scoring: scoring).droppedNodes(roots: roots)
        return TextAssembly(tree: tree, alive: scoring.analysis.alive, dropped: dropped).blocks(roots: roots)
    }

    /// The paragraphs without a leading heading that repeats the title.
    static func withoutTitle(_ blocks: [TextAssembly.Block], title: String?) -> [String] {
        var result: [String] = []
        var titleSeen = false
        let normalizedTitle = title.map(Self.normalized)
        for (position, block) in blocks.enumerated() {
            if !titleSeen, position < 5, block.tag == .h1 || block.tag == .h2 || block.tag == .header,
                let normalizedTitle, Self.normalized(block.text) == normalizedTitle
            {
                titleSeen = true
                continue
            }
            result.append(block.text)
        }
        return result
    }

    static func normalized(_ text: String) -> String {
        String(
            text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || $0.properties.numericType != nil })
    }

    /// JSON-LD `articleBody` wins when it is long and the markup gave much less text.
    static func prefersLinkedData(_ body: String, over paragraphs: [String]) -> Bool {
        let bodyLength = body.count
        let extracted = paragraphs.reduce(0) { $0 + $1.count }
        return bodyLength >= 500 && Double(extracted) < 0.5 * Double(bodyLength)
    }
}
