import Foundation
import TestSupport
import Testing

@testable import Fetching

@Suite struct MailSenderTests {
    static let message = [
        "From: briefing <briefing@example.com>", "To: reader@example.com", "Subject: Test", "",
        "Line one.", ".starts with a dot", "Last line.", "",
    ].joined(separator: "\r\n")

    @Test func sendsToALocalServer() async throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        let sender = MailSender(
            configuration: SMTPConfiguration(
                url: server.url, from: "briefing <briefing@example.com>", to: ["reader@example.com", "b@example.com"],
                startTLS: false, timeout: 5))
        try await sender.send(Self.message)
        let received = try #require(server.received.first)
        #expect(received.from == "<briefing@example.com>")
        #expect(received.recipients == ["<reader@example.com>", "<b@example.com>"])
        #expect(received.data.contains("Subject: Test"))
        #expect(received.data.contains("\r\n.starts with a dot\r\n"))
    }

    @Test func refusedMailIsAClearError() async throws {
        let server = try TestSMTPServer(refuse: true)
        defer { server.stop() }
        let sender = MailSender(
            configuration: SMTPConfiguration(
                url: server.url, from: "a@example.com", to: ["b@example.com"], startTLS: false, timeout: 5))
        await #expect(throws: MailError.self) { try await sender.send(Self.message) }
        #expect(server.received.isEmpty)
    }

    @Test func unreachableServerIsAClearError() async {
        let sender = MailSender(
            configuration: SMTPConfiguration(
                url: "smtp://127.0.0.1:1", from: "a@example.com", to: ["b@example.com"], startTLS: false, timeout: 5))
        do {
            try await sender.send(Self.message)
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("send: smtp://127.0.0.1:1:"))
            #expect(error.curlCode == 7)
        }
    }

    @Test func bareAddressIsTakenFromNamedForm() {
        #expect(MailSender.bare("Ann Example <ann@example.com>") == "ann@example.com")
        #expect(MailSender.bare(" ann@example.com ") == "ann@example.com")
    }
}
