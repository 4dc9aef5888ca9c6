import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// A `PipelineError` names its input once: before the message, unless the cause names it
/// itself. It used to guess by looking for the input in the message, so an input that happened
/// to occur in it lost its name, and a mail error gained "[email]: " or not by its wording.
@Suite struct PipelineErrorTests {
    @Test func aTitleThatOccursInTheMessageIsStillNamed() throws {
        let folder = Repository.temporaryDirectory("error-input")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lists = try FeedListFixture.configuration(
            in: folder, feeds: [("news", "https://a.example/news.xml"), ("News", "https://b.example/news.xml")]
        ).feedLists
        let error = try #require(throws: PipelineError.self) {
            try FeedListEditing.remove("news", from: lists)
        }
        #expect(error.description.hasPrefix("news: 2 feeds have this title; nothing was removed"))
    }

    @Test func aMailSettingErrorIsNeverPrefixedWithTheSection() async throws {
        var configuration = BriefingConfiguration()
        configuration.feedLists = ["/nonexistent/feeds.opml"]
        configuration.email.smtpURL = "smtp://127.0.0.1:1"
        configuration.email.to = ["reader@example.com\r\nRCPT TO:<other@example.com>"]
        var options = JobOptions()
        options.send = true
        options.stateDirectory = Repository.temporaryDirectory("mail-setting").path
        let job = DailyJob(configuration: configuration, options: options, environment: [:])
        let error = try await #require(throws: PipelineError.self) { try await job.run() }
        #expect(
            error.description
                == "send: smtp://127.0.0.1:1: the recipient contains a control character (CR, LF or the like); nothing was sent"
        )
        guard case .mail(let cause) = error.cause else {
            Issue.record("expected the mail error, got \(error.cause)")
            return
        }
        #expect(cause.hint == nil)
    }

    @Test func theStagesErrorIsKept() async throws {
        var configuration = BriefingConfiguration()
        // Nothing listens on port 1: the fetch fails at once.
        configuration.feedLists = ["http://127.0.0.1:1/feeds.opml"]
        let error = try await #require(throws: PipelineError.self) {
            try await FeedCheck(configuration: configuration).run()
        }
        guard case .fetch(let fetch) = error.cause else {
            Issue.record("expected the fetch error, got \(error.cause)")
            return
        }
        #expect(fetch.kind == .connection)
        #expect(error.description == "http://127.0.0.1:1/feeds.opml: " + fetch.description)
    }

    @Test func aMissingLocalListIsNamedOnce() async throws {
        let missing = Repository.temporaryDirectory("error-kept").appendingPathComponent("feeds.opml").path
        var configuration = BriefingConfiguration()
        configuration.feedLists = ["file://" + missing]
        let error = try await #require(throws: PipelineError.self) {
            try await FeedCheck(configuration: configuration).run()
        }
        // The local list is read by SourceReader (not fetched): its words, naming the list once.
        #expect(error.description == "file://\(missing): no such file")
        #expect(error.description.components(separatedBy: missing).count == 2)
    }
}
