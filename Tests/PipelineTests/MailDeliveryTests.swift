import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// `briefing run --send` from a configuration file to a real SMTP server (aiosmtpd, STARTTLS
/// and AUTH, its certificate signed by a private CA), the message then read by Python's `email`
/// package under its strict policy.
@Suite struct MailDeliveryTests {
    static let title = "Ünïcødé Brïefing — 日本語 — the morning's news from every feed we follow, in brief"
    static let day = Date(timeIntervalSince1970: 1_795_680_000)  // Thursday 2026-11-26 08:00 UTC

    /// A configuration file in `folder` sending through `smtpURL`, its CA file named relative
    /// to the file.
    static func writeConfiguration(in folder: URL, smtpURL: String, feedsURL: String) throws -> String {
        try ChangingFeeds.opml(baseURL: feedsURL).write(
            to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("briefing.toml").path
        try """
        [briefing]
        title = "\(title)"
        feeds = ["feeds.opml"]
        max_item_age = "0"

        [state]
        directory = "state"

        [email]
        smtp_url = "\(smtpURL)"
        from = "Zoë Ångström <zoe@example.com>"
        to = ["\\"Doe, Jane\\" <jane@example.com>", "Ünïcødé Brïefing — 日本語 <u@example.com>", "reader@example.com"]
        username = "\(SMTPPeer.user)"
        ca_file = "trust/ca.pem"
        unsubscribe = "mailto:leave@example.com?subject=unsubscribe"
        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(
        .enabled(
            if: SMTPPeer.shouldRun,
            "SMTP peer test skipped: \(SMTPPeer.missing ?? "") (on CI, with CI=true, it fails instead)"))
    func aBriefingSentOverSTARTTLSReadsWithoutDefectsAndDecodesToWhatWasConfigured() async throws {
        try SMTPPeer.requireTools()
        let peer = try SMTPPeer(.startTLS)
        defer { peer.stop() }
        let feeds = ChangingFeeds()
        let server = try TestHTTPServer { feeds.reply($0) }
        defer { server.stop() }
        let folder = Repository.temporaryDirectory("mail-delivery")
        defer { try? FileManager.default.removeItem(at: folder) }
        let trust = folder.appendingPathComponent("trust")
        try FileManager.default.createDirectory(at: trust, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: try SMTPPeer.caFile), to: trust.appendingPathComponent("ca.pem"))
        let path = try Self.writeConfiguration(in: folder, smtpURL: peer.url, feedsURL: server.baseURL)
        let configuration = try BriefingConfiguration.load(path: path)
        #expect(configuration.email.caFile == trust.appendingPathComponent("ca.pem").path)

        var options = JobOptions()
        options.send = true
        let outcome = try await DailyJob(
            configuration: configuration, options: options,
            environment: ["BRIEFING_SMTP_PASSWORD": SMTPPeer.password], now: { Self.day }
        ).run()
        #expect(outcome.sendError == nil)
        #expect(outcome.briefing.entryCount == 8)
        let received = try #require(peer.received.first)
        #expect(peer.received.count == 1)

        let reading = try SMTPPeer.check(received)
        #expect(reading.from == [["Zoë Ångström", "zoe@example.com"]])
        #expect(
            reading.to == [
                ["Doe, Jane", "jane@example.com"], ["Ünïcødé Brïefing — 日本語", "u@example.com"],
                ["", "reader@example.com"],
            ])
        #expect(reading.subject == "\(Self.title) — Thursday, 26 November 2026")
        #expect(reading.longestHeaderLine <= 78)
        #expect(Array(reading.headers.prefix(3)) == ["From", "To", "Subject"])
        #expect(reading.text?.contains("Northwind Rail") == true || reading.text?.contains("Aalborg") == true)
        // Email for people: why the reader receives it, and how to stop, in the header and the text.
        #expect(reading.listUnsubscribe == "<mailto:leave@example.com?subject=unsubscribe>")
        #expect(
            reading.text?.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
                .contains(
                    "among the recipients (to =) of this briefing in briefing.toml. To stop, remove your address there, or unsubscribe: mailto:leave@example.com?subject=unsubscribe"
                ) == true)
        // The raw bytes agree: seven-bit headers, no line over 78 characters.
        let head = try #require(String(decoding: received, as: UTF8.self).components(separatedBy: "\r\n\r\n").first)
        #expect(head.utf8.allSatisfy { $0 < 0x80 })
        #expect(head.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func aUserNameWithoutPasswordFailsBeforeAnythingIsFetched() async throws {
        var configuration = BriefingConfiguration()
        configuration.feedLists = ["/nonexistent/feeds.opml"]
        configuration.email.smtpURL = "smtp://127.0.0.1:1"
        configuration.email.to = ["reader@example.com"]
        configuration.email.username = "briefing"
        var options = JobOptions()
        options.send = true
        options.stateDirectory = Repository.temporaryDirectory("no-password").path
        let error = try await #require(throws: PipelineError.self) {
            _ = try await DailyJob(configuration: configuration, options: options, environment: [:]).run()
        }
        #expect(
            error.description == "send: smtp://127.0.0.1:1: user name \"briefing\" is set but no password "
                + "was given; nothing was sent; set BRIEFING_SMTP_PASSWORD, or name a file holding the password "
                + "in [email] password_file")
    }
}
