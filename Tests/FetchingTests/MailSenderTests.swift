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

    @Test func controlCharactersInAddressesAreRefusedBeforeConnecting() async throws {
        let server = try TestSMTPServer()
        defer { server.stop() }
        for (from, to) in [("a@b\r\nRCPT TO:<evil@x>", "b@example.com"), ("a@example.com", "b@x>\r\nDATA")] {
            let sender = MailSender(
                configuration: SMTPConfiguration(
                    url: server.url, from: from, to: [to], startTLS: false, timeout: 5))
            do {
                try await sender.send(Self.message)
                Issue.record("expected an error for \(from) \(to)")
            } catch {
                #expect(error.description.contains("contains a control character"))
                #expect(error.curlCode == nil)
            }
        }
        #expect(server.received.isEmpty)
    }

    @Test func certificateTrustFollowsCurl() {
        let all = ["CURL_CA_BUNDLE": "/bundle.pem", "SSL_CERT_FILE": "/file.pem", "SSL_CERT_DIR": "/certs"]
        #expect(CertificateTrust.caFile(configured: "/mine.pem", environment: all) == "/mine.pem")
        #expect(CertificateTrust.caDirectory(configured: "/mine.pem", environment: all) == nil)
        #expect(CertificateTrust.caFile(configured: nil, environment: all) == "/bundle.pem")
        #expect(CertificateTrust.caDirectory(configured: nil, environment: all) == nil)
        let noBundle = all.filter { $0.key != "CURL_CA_BUNDLE" }
        #expect(CertificateTrust.caFile(configured: nil, environment: noBundle) == "/file.pem")
        #expect(CertificateTrust.caDirectory(configured: nil, environment: noBundle) == "/certs")
        #expect(CertificateTrust.caFile(configured: "", environment: ["SSL_CERT_FILE": ""]) == nil)
        #expect(CertificateTrust.caDirectory(configured: nil, environment: [:]) == nil)
    }

    @Test func bareAddressIsTakenFromNamedForm() {
        #expect(MailSender.bare("Ann Example <ann@example.com>") == "ann@example.com")
        #expect(MailSender.bare(" ann@example.com ") == "ann@example.com")
    }
}

/// MailSender against a real SMTP implementation (aiosmtpd) on 127.0.0.1: STARTTLS, implicit
/// TLS, AUTH, and a private CA trusted only when configured.
@Suite(
    .enabled(
        if: SMTPPeer.shouldRun,
        "SMTP peer tests skipped: \(SMTPPeer.missing ?? "") (on CI, with CI=true, they fail instead)"))
struct MailSenderPeerTests {
    static func sender(
        _ peer: SMTPPeer, caFile: String?, password: String? = SMTPPeer.password,
        environment: [String: String] = [:]
    ) -> MailSender {
        MailSender(
            configuration: SMTPConfiguration(
                url: peer.url, from: "briefing <briefing@example.com>", to: ["reader@example.com"],
                username: peer.mode == .plain ? nil : SMTPPeer.user, password: password, timeout: 10,
                caFile: caFile),
            environment: environment)
    }

    /// Sends and returns the error, failing the test when sending worked.
    static func failure(_ sender: MailSender) async -> MailError? {
        do {
            try await sender.send(MailSenderTests.message)
            Issue.record("expected the send to fail")
            return nil
        } catch {
            return error
        }
    }

    @Test func startTLSWithAuthDeliversWhenTheCAIsTrusted() async throws {
        try SMTPPeer.requireTools()
        let peer = try SMTPPeer(.startTLS)
        defer { peer.stop() }
        try await Self.sender(peer, caFile: try SMTPPeer.caFile).send(MailSenderTests.message)
        let received = try #require(peer.received.first)
        #expect(String(decoding: received, as: UTF8.self).contains("\r\n.starts with a dot\r\n"))
        #expect(peer.received.count == 1)
    }

    @Test func smtpsDeliversWithTheCAFromTheFileOrFromSSLCertFile() async throws {
        try SMTPPeer.requireTools()
        let peer = try SMTPPeer(.smtps)
        defer { peer.stop() }
        #expect(peer.url.hasPrefix("smtps://127.0.0.1:"))
        try await Self.sender(peer, caFile: try SMTPPeer.caFile).send(MailSenderTests.message)
        try await Self.sender(peer, caFile: nil, environment: ["SSL_CERT_FILE": try SMTPPeer.caFile])
            .send(MailSenderTests.message)
        #expect(peer.received.count == 2)
        // A configured file wins over the environment's.
        let error = try #require(
            await Self.failure(
                Self.sender(peer, caFile: "/nonexistent/ca.pem", environment: ["SSL_CERT_FILE": try SMTPPeer.caFile])))
        #expect([77, 60, 35].contains(error.curlCode ?? 0))
        #expect(error.description.contains("/nonexistent/ca.pem"))
        #expect(error.description.contains("[email] ca_file"))
        #expect(peer.received.count == 2)
    }

    /// A send the peer must refuse, and what the error must say.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var mode: SMTPPeer.Mode
        var trustCA: Bool
        var password: String
        var curlCode: Int
        var says: [String]
        var testDescription: String { "curl \(curlCode) from \(mode)" }
    }

    @Test(arguments: [
        // The CA is not trusted: a certificate error naming the host and the option.
        Refusal(
            mode: .startTLS, trustCA: false, password: SMTPPeer.password, curlCode: 60,
            says: ["TLS with the mail server 127.0.0.1 failed", "[email] ca_file", "SSL_CERT_FILE"]),
        Refusal(
            mode: .startTLS, trustCA: true, password: "wrong", curlCode: 67,
            says: ["refused user \"briefing\"", "(BRIEFING_SMTP_PASSWORD or [email] password_file)"]),
        // STARTTLS is required (the default) and the server does not offer it.
        Refusal(
            mode: .plain, trustCA: false, password: SMTPPeer.password, curlCode: 64,
            says: ["does not offer STARTTLS, which starttls = true requires, so nothing was sent"]),
    ])
    func refusalsAreClearAndDeliverNothing(_ refusal: Refusal) async throws {
        try SMTPPeer.requireTools()
        let peer = try SMTPPeer(refusal.mode)
        defer { peer.stop() }
        let sender = Self.sender(
            peer, caFile: refusal.trustCA ? try SMTPPeer.caFile : nil, password: refusal.password)
        #expect(sender.configuration.startTLS)
        let error = try #require(await Self.failure(sender))
        #expect(error.curlCode == refusal.curlCode, "\(error)")
        for phrase in refusal.says { #expect(error.description.contains(phrase), "\(error)") }
        #expect(peer.received.isEmpty)
    }

    @Test func thePlainServerTakesTheMessageWhenSTARTTLSIsNotRequired() async throws {
        // So the refusal above was STARTTLS's, not the server's.
        try SMTPPeer.requireTools()
        let peer = try SMTPPeer(.plain)
        defer { peer.stop() }
        var sender = Self.sender(peer, caFile: nil)
        sender.configuration.startTLS = false
        try await sender.send(MailSenderTests.message)
        #expect(peer.received.count == 1)
    }

    @Test func aUserNameWithoutPasswordFailsBeforeConnecting() async throws {
        try SMTPPeer.requireTools()
        let peer = try SMTPPeer(.startTLS)
        defer { peer.stop() }
        for password in [nil, ""] as [String?] {
            let error = try #require(
                await Self.failure(Self.sender(peer, caFile: try SMTPPeer.caFile, password: password)))
            #expect(error.curlCode == nil)
            #expect(
                error.description == "send: \(peer.url): user name \"briefing\" is set but no password was given; "
                    + "nothing was sent; set BRIEFING_SMTP_PASSWORD, or name a file holding the password in "
                    + "[email] password_file")
        }
        #expect(peer.received.isEmpty)
    }
}
