import Foundation
import TestSupport
import Testing

@testable import Fetching

/// HTTPS against a real TLS server on 127.0.0.1 (Python's ssl module) whose certificate a
/// private authority made with `openssl` signed.
@Suite(.serialized) struct TLSTests {
    /// The peer, or nil (with the reason recorded on CI) when python3 or openssl is missing.
    static func startServer() throws -> (ExternalServer, TestCertificates)? {
        guard TestCertificates.available, Tool.find("python3") != nil else {
            if Tool.onCI { Issue.record("openssl and python3 are needed for the TLS tests on CI") }
            return nil
        }
        let certificates = try TestCertificates()
        let script = Repository.root.appendingPathComponent("Tests/Servers/https_server.py").path
        let server = try ExternalServer("python3", [script, certificates.certificateFile, certificates.keyFile])
        return (server, certificates)
    }

    static func configuration(caFile: String?) -> FetchConfiguration {
        var configuration = FetcherTests.quickConfiguration()
        configuration.totalTimeout = 10
        configuration.connectTimeout = 5
        configuration.maxAttempts = 1
        configuration.caFile = caFile
        return configuration
    }

    @Test func aFeedServedWithAPrivateCAIsFetchedWhenTheCAIsTrusted() async throws {
        guard let (server, certificates) = try Self.startServer() else { return }
        defer { _ = server.stop() }
        let url = "https://localhost:\(server.port)/feed.xml"
        let response = try await Fetcher(configuration: Self.configuration(caFile: certificates.caFile))
            .fetch(FetchRequest(url: url, scope: .userWritten)).get()
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("Served over TLS"))
    }

    @Test func anUntrustedCertificateIsAClearErrorNamingHostAndOption() async throws {
        guard let (server, _) = try Self.startServer() else { return }
        defer { _ = server.stop() }
        let url = "https://localhost:\(server.port)/feed.xml"
        let result = await Fetcher(configuration: Self.configuration(caFile: nil))
            .fetch(FetchRequest(url: url, scope: .userWritten))
        guard case .failure(let error) = result else {
            Issue.record("an untrusted certificate was accepted")
            return
        }
        #expect(error.kind == .certificate)
        #expect(error.description.contains("the certificate of localhost is not trusted"))
        #expect(error.description.contains("[fetch] ca_file"))
        #expect(error.curlCode == 60)
    }

    @Test func aMissingCAFileIsNamed() async throws {
        guard let (server, _) = try Self.startServer() else { return }
        defer { _ = server.stop() }
        let result = await Fetcher(configuration: Self.configuration(caFile: "/nonexistent/ca.pem"))
            .fetch(FetchRequest(url: "https://localhost:\(server.port)/feed.xml", scope: .userWritten))
        guard case .failure(let error) = result else {
            Issue.record("fetched without the CA file")
            return
        }
        #expect(error.kind == .certificate)
        #expect(error.description.contains("/nonexistent/ca.pem"))
    }

    /// Without `ca_file`, the variables curl's own tool reads name the authority.
    @Test func theCAVariablesAreHonoured() async throws {
        guard let (server, certificates) = try Self.startServer() else { return }
        defer { _ = server.stop() }
        let url = "https://localhost:\(server.port)/feed.xml"
        for name in ["SSL_CERT_FILE", "CURL_CA_BUNDLE"] {
            let fetcher = Fetcher(configuration: Self.configuration(caFile: nil), environment: [name: certificates.caFile])
            let response = try await fetcher.fetch(FetchRequest(url: url, scope: .userWritten)).get()
            #expect(response.status == 200, "\(name)")
        }
        // A configured file wins over the variables.
        let configured = Fetcher(
            configuration: Self.configuration(caFile: "/nonexistent/ca.pem"),
            environment: ["SSL_CERT_FILE": certificates.caFile])
        await #expect(throws: FetchError.self) {
            try await configured.fetch(FetchRequest(url: url, scope: .userWritten)).get()
        }
    }
}
