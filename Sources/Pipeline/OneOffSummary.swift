import BriefingCore
import Extraction
import Fetching
import Foundation
import Summarization

/// `briefing summarize`: read one document from a file, standard input or a URL, and summarize it.
public struct OneOffSummary: Sendable {
    public var summarizer: Summarizer
    public var fetch: FetchConfiguration

    public init(summarizer: Summarizer = Summarizer(), fetch: FetchConfiguration = FetchConfiguration()) {
        self.summarizer = summarizer
        self.fetch = fetch
    }

    /// The article of a web page or HTML file: `source` is an http(s) URL, a file path or `-`;
    /// `url` is the page's address when `source` is a saved copy.
    public func article(from source: String, url: String? = nil) async throws(PipelineError) -> Article {
        try article(from: await SourceReader.read(source, fetch: fetch), source: source, url: url)
    }

    /// The article of `input`, read from `source` (``SourceReader``).
    public func article(from input: SourceData, source: String, url: String? = nil) throws(PipelineError) -> Article {
        let address = input.baseURL?.hasPrefix("http") == true ? input.baseURL : nil
        do {
            return try ArticleExtractor().extract(data: input.data, contentType: input.contentType, url: url ?? address)
        } catch {
            throw PipelineError(input: source, cause: .extraction(error))
        }
    }

    /// Reads `source`: `-` for standard input, an http(s) URL, or a file path.
    public func document(from source: String) async throws(PipelineError) -> Document {
        try document(from: await SourceReader.read(source, fetch: fetch), source: source)
    }

    /// The document `input` holds, read from `source`: an HTML page's article, or plain text.
    public func document(from input: SourceData, source: String) throws(PipelineError) -> Document {
        let (data, contentType) = (input.data, input.contentType)
        let isHTML = contentType?.lowercased().contains("html") ?? HTMLDetection.looksLikeHTML(document: data)
        if isHTML {
            let address = input.baseURL?.hasPrefix("http") == true ? input.baseURL : nil
            do {
                let article = try ArticleExtractor().extract(data: data, contentType: contentType, url: address)
                return Document(title: article.title, text: article.text)
            } catch {
                throw PipelineError(input: source, cause: .extraction(error))
            }
        }
        if ArticleExtractor.looksBinary(data) {
            throw PipelineError(input: source, message: "binary data, not text or HTML")
        }
        // Plain text: UTF-8, or what a byte order mark says (UTF-16 text files); bad bytes as U+FFFD.
        let text = data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            let mark = TextDecoding.byteOrderMark(bytes)
            return TextDecoding.string(
                UnsafeBufferPointer(rebasing: bytes[(mark?.length ?? 0)...]), from: mark?.encoding ?? .utf8)
        }
        return Document(plainText: text)
    }

    /// Summarizes `source`.
    public func summarize(_ source: String, length: SummaryLength) async throws(PipelineError) -> Summary {
        try summarize(await document(from: source), of: source, length: length)
    }

    /// Summarizes `document`, read from `source`.
    public func summarize(_ document: Document, of source: String, length: SummaryLength) throws(PipelineError)
        -> Summary
    {
        // White_Space scalars are the characters of CharacterSet.whitespacesAndNewlines, and
        // checking them does not bridge the text to NSString (issue 17: a small input's
        // summary paid 1.6 M instructions for trimmingCharacters).
        guard !document.text.unicodeScalars.allSatisfy(\.properties.isWhitespace) else {
            throw PipelineError(input: source, message: "no text to summarize")
        }
        return summarizer.summarize(document, length: length)
    }
}
