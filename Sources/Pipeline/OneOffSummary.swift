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

    /// Reads `source`: `-` for standard input, an http(s) URL, or a file path.
    public func document(from source: String) async throws(PipelineError) -> Document {
        if source == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return Self.document(fromData: data, contentType: nil, name: "standard input")
        }
        if source.hasPrefix("http://") || source.hasPrefix("https://") {
            let fetcher = Fetcher(configuration: fetch)
            switch await fetcher.fetch(FetchRequest(url: source)) {
            case .failure(let error):
                throw PipelineError(input: source, message: error.description)
            case .success(let response):
                let document = Self.document(fromData: response.body, contentType: response.contentType, name: source)
                guard !document.text.isEmpty else { throw PipelineError(input: source, message: "no text found") }
                return document
            }
        }
        guard FileManager.default.fileExists(atPath: source) else {
            throw PipelineError(input: source, message: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw PipelineError(input: source, message: "cannot read the file")
        }
        guard data.count <= fetch.maxBodyBytes else {
            throw PipelineError(input: source, message: "file exceeds \(fetch.maxBodyBytes) bytes")
        }
        return Self.document(fromData: data, contentType: nil, name: source)
    }

    /// Summarizes `source`.
    public func summarize(_ source: String, length: SummaryLength) async throws(PipelineError) -> Summary {
        let document = try await document(from: source)
        guard !document.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw PipelineError(input: source, message: "no text to summarize")
        }
        return summarizer.summarize(document, length: length)
    }

    /// HTML (by Content-Type or by its first bytes) goes through extraction; anything else is plain text.
    static func document(fromData data: Data, contentType: String?, name: String) -> Document {
        let isHTML = contentType?.lowercased().contains("html") ?? looksLikeHTML(data)
        if isHTML {
            let html = ArticleExtractor.decode(data, contentType: contentType)
            if let article = try? ArticleExtractor().extract(html: html) {
                return Document(title: article.title, text: article.text)
            }
            return Document(title: nil, text: "")
        }
        let text = String(data: data, encoding: .utf8) ?? String(decoding: data, as: UTF8.self)
        return Document(plainText: text)
    }

    static func looksLikeHTML(_ data: Data) -> Bool {
        let head = String(decoding: data.prefix(512), as: UTF8.self).lowercased()
        let trimmed = head.drop(while: { $0.isWhitespace || $0 == "\u{FEFF}" })
        return trimmed.hasPrefix("<!doctype html") || trimmed.hasPrefix("<html") || head.contains("<body")
            || head.contains("<head")
    }
}
