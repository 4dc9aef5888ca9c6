import Fetching
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// One reader for "a path, `-` or a URL", with one set of messages, whoever asks.
@Suite struct SourceReaderTests {
    func message(_ source: String, fetch: FetchConfiguration = FetchConfiguration()) async -> String? {
        do {
            _ = try await SourceReader.read(source, fetch: fetch)
            return nil
        } catch {
            return error.description
        }
    }

    @Test func pathsAndFileURLsReadAlike() async throws {
        let folder = Repository.temporaryDirectory("source-reader")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("page.html")
        try Data("<p>hi</p>".utf8).write(to: file)
        let byPath = try await SourceReader.read(file.path)
        let byURL = try await SourceReader.read(file.absoluteString)
        #expect(byPath.data == Data("<p>hi</p>".utf8))
        #expect(byURL.data == byPath.data)
        #expect(byPath.baseURL == file.standardizedFileURL.absoluteString)
        #expect(!byPath.fromNetwork)
    }

    @Test func oneSetOfMessages() async throws {
        let folder = Repository.temporaryDirectory("source-reader-errors")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.html").path
        #expect(await message(missing) == "\(missing): no such file")
        // A directory used to be "no such file" here and "cannot read file" in the fetcher.
        #expect(await message(folder.path) == "\(folder.path): is a directory, not a file")
        // An empty argument (an unset variable in a cron line) used to be read as the current
        // directory: ": is a directory, not a file".
        #expect(await message("") == ": empty name: no file given")
        let big = folder.appendingPathComponent("big.html")
        try Data(repeating: 0x20, count: 2048).write(to: big)
        var small = FetchConfiguration()
        small.maxBodyBytes = 1024
        // The size in the same words as the fetcher's body cap (was "file exceeds 1024 bytes").
        #expect(await message(big.path, fetch: small) == "\(big.path): file exceeds 1 KiB")
        // Through the fetcher (a file: URL), the same words after the path.
        let fetched = await Fetcher(configuration: small).fetch(
            FetchRequest(url: big.absoluteString, scope: .userWritten))
        guard case .failure(let error) = fetched else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "fetch: \(big.path): file exceeds 1 KiB")
        #expect(error.kind == .tooLarge)
    }

    /// `readLocal` reads what `read` reads without the fetch stage, and leaves URLs to it.
    @Test func localSourcesReadWithoutTasks() async throws {
        let folder = Repository.temporaryDirectory("source-reader-local")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("feed.xml")
        try Data("<rss/>".utf8).write(to: file)
        for source in [file.path, file.absoluteString, folder.path + "/./feed.xml", file.path + "/"] {
            let local = try #require(try SourceReader.readLocal(source), "\(source)")
            let read = try await SourceReader.read(source)
            #expect(local.data == Data("<rss/>".utf8))
            #expect((local.baseURL, local.url) == (read.baseURL, read.url), "\(source)")
        }
        #expect(try SourceReader.readLocal("http://example.com/feed.xml") == nil)
        #expect(try SourceReader.readLocal("ftp://example.com/feed.xml") == nil)
        let gzip = folder.appendingPathComponent("feed.xml.gz")
        try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: gzip)
        #expect(throws: PipelineError.self) { try SourceReader.readLocal(gzip.path) }
        #expect(throws: PipelineError.self) { try SourceReader.readLocal(folder.path) }
    }

    @Test func otherSchemesGoToTheFetchStage() async {
        // Used to be read as a file path called "ftp://…" ("no such file").
        #expect(await message("ftp://example.com/page.html")?.contains("ftp:// URLs are not fetched") == true)
    }

    @Test func feedListsReadThroughTheSameReader() async throws {
        let folder = Repository.temporaryDirectory("source-reader-lists")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nosuch.opml").path
        var configuration = BriefingConfiguration()
        configuration.feedLists = [missing]
        do {
            _ = try await FeedCheck(configuration: configuration).run()
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "\(missing): no such file")
        }
    }
}
