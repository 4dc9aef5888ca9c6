import Fetching
import Foundation

/// The bytes of one input named on the command line: a file path, `-` (standard input) or an
/// http(s) URL fetched through the fetch stage.
public struct SourceData: Sendable {
    public var data: Data
    /// The HTTP Content-Type, for fetched sources.
    public var contentType: String?
    /// The URL relative links resolve against: the response's base URL, or the file's `file://` URL.
    public var baseURL: String?
}

/// Reads command-line inputs under the fetch stage's size cap; errors name the input.
public enum SourceReader {
    /// The bytes of `source`; gzip-compressed input is refused with a hint, since nothing
    /// downstream could read it.
    public static func read(
        _ source: String, fetch: FetchConfiguration = FetchConfiguration()
    ) async throws(PipelineError) -> SourceData {
        let input = try await readBytes(source, fetch: fetch)
        if input.data.starts(with: [0x1F, 0x8B]) {
            throw PipelineError(
                input: source, message: "gzip-compressed data; decompress it first (gunzip -c FILE | briefing ... -)")
        }
        return input
    }

    private static func readBytes(
        _ source: String, fetch: FetchConfiguration
    ) async throws(PipelineError) -> SourceData {
        if source == "-" {
            return SourceData(data: FileHandle.standardInput.readDataToEndOfFile(), contentType: nil, baseURL: nil)
        }
        let lower = source.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            // The user named this URL: it may point anywhere, loopback included.
            switch await Fetcher(configuration: fetch).fetch(FetchRequest(url: source, scope: .userWritten)) {
            case .failure(let error): throw PipelineError(input: source, cause: .fetch(error))
            case .success(let response):
                return SourceData(data: response.body, contentType: response.contentType, baseURL: response.baseURL)
            }
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw PipelineError(input: source, message: "no such file")
        }
        guard let data = FileManager.default.contents(atPath: source) else {
            throw PipelineError(input: source, message: "cannot read the file")
        }
        guard data.count <= fetch.maxBodyBytes else {
            throw PipelineError(input: source, message: "file exceeds \(fetch.maxBodyBytes) bytes")
        }
        return SourceData(
            data: data, contentType: nil, baseURL: URL(fileURLWithPath: source).standardizedFileURL.absoluteString)
    }
}
