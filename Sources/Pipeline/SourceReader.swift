import Fetching
import Foundation

/// The bytes of one input named on the command line or in the configuration: a file path, a
/// `file:` URL, `-` (standard input) or an http(s) URL fetched through the fetch stage.
public struct SourceData: Sendable {
    public var data: Data
    /// The HTTP Content-Type, for fetched sources.
    public var contentType: String?
    /// The URL relative links resolve against: the response's base URL, or the file's `file://` URL.
    public var baseURL: String?
    /// The URL the bytes came from: the response's final URL, or the file's `file://` URL as
    /// written (not standardized); nil for standard input.
    public var url: String? = nil
    /// True when the bytes came over the network.
    public var fromNetwork = false
}

/// Reads inputs under the fetch stage's size cap; errors name the input. The one reader of "a
/// path, `-` or a URL": `summarize`, `extract`, `feed inspect` and the feed lists of `run` and
/// `feeds check` all read through it. Local files are read by the fetch stage's ``LocalFile``
/// (one set of messages: "no such file", "is a directory, not a file", "cannot read the file",
/// "file exceeds 10 MiB"; standard input's "input exceeds 10 MiB"); anything with a scheme other
/// than `file:` goes to the ``Fetcher``, so the network is only ever touched by the fetch stage,
/// under its address policy.
public enum SourceReader {
    /// The bytes of command-line input `source`; gzip-compressed input is refused with a hint,
    /// since nothing downstream could read it.
    public static func read(
        _ source: String, fetch: FetchConfiguration = FetchConfiguration()
    ) async throws(PipelineError) -> SourceData {
        try refusingCompressed(await read(source, fetcher: nil, fetch: fetch), source)
    }

    /// The bytes of command-line input `source` when it is local (a path, a `file:` URL or `-`),
    /// read without the concurrency runtime; nil for a URL, which ``read(_:fetch:)`` fetches.
    public static func readLocal(
        _ source: String, fetch: FetchConfiguration = FetchConfiguration()
    ) throws(PipelineError) -> SourceData? {
        guard let input = try local(source, maximumBytes: fetch.maxBodyBytes) else { return nil }
        return try refusingCompressed(input, source)
    }

    private static func refusingCompressed(_ input: SourceData, _ source: String) throws(PipelineError) -> SourceData {
        if input.data.starts(with: [0x1F, 0x8B]) {
            throw PipelineError(
                input: source, message: "gzip-compressed data; decompress it first (gunzip -c FILE | briefing ... -)")
        }
        return input
    }

    /// The bytes of `source`. URLs are fetched by `fetcher` (one made from `fetch` when nil) as
    /// the user's own words (``AddressScope/userWritten``): they may point anywhere, loopback
    /// included.
    static func read(
        _ source: String, fetcher: Fetcher?, fetch: FetchConfiguration
    ) async throws(PipelineError) -> SourceData {
        if let input = try local(source, maximumBytes: fetcher?.configuration.maxBodyBytes ?? fetch.maxBodyBytes) {
            return input
        }
        let fetcher = fetcher ?? Fetcher(configuration: fetch)
        switch await fetcher.fetch(FetchRequest(url: source, scope: .userWritten)) {
        case .failure(let error): throw PipelineError(input: source, cause: .fetch(error))
        case .success(let response):
            return SourceData(
                data: response.body, contentType: response.contentType, baseURL: response.baseURL,
                url: response.finalURL, fromNetwork: true)
        }
    }

    /// The bytes of `source` when it is standard input (`-`), a `file:` URL or a path (at most
    /// `maximumBytes`); nil when it has another scheme, for the fetcher.
    private static func local(_ source: String, maximumBytes limit: Int) throws(PipelineError) -> SourceData? {
        if source == "-" {
            switch LocalFile.readStandardInput(maximumBytes: limit) {
            case .failure(let error): throw PipelineError(input: source, message: error.message)
            case .success(let data): return SourceData(data: data, contentType: nil, baseURL: nil)
            }
        }
        // An empty argument (an unset shell variable) would otherwise name the current directory.
        if source.isEmpty { throw PipelineError(input: source, message: "empty name: no file given") }
        let lower = source.lowercased()
        if lower.contains("://") && !lower.hasPrefix("file:") { return nil }
        let fileURL = lower.hasPrefix("file:") ? URL(string: source) : URL(fileURLWithPath: source)
        guard let fileURL, fileURL.isFileURL else { throw PipelineError(input: source, message: "not a file URL") }
        // A plain path is read as given (the same file as the URL's absolute path, which
        // costs as much as the rest of a small feed's reading to make).
        let path = !lower.hasPrefix("file:") && !source.hasSuffix("/") ? source : fileURL.path
        switch LocalFile.read(path, maximumBytes: limit) {
        case .failure(let error): throw PipelineError(input: source, message: error.message)
        case .success(let data):
            return SourceData(
                data: data, contentType: nil, baseURL: fileURL.standardizedFileURL.absoluteString,
                url: fileURL.absoluteString)
        }
    }
}
