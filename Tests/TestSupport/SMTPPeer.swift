import Foundation

/// A real SMTP server for tests: Python's `aiosmtpd` running `Tests/Servers/smtp_server.py` on
/// 127.0.0.1, plain, with STARTTLS and AUTH required, or with TLS from the first byte (smtps),
/// keeping each message it accepts as a file. `check` reads a message as Python's `email`
/// package does under its strict policy.
public final class SMTPPeer: @unchecked Sendable {
    public enum Mode: String, Sendable {
        /// No TLS and no STARTTLS offered; no AUTH.
        case plain
        /// STARTTLS required, then AUTH required.
        case startTLS = "starttls"
        /// TLS from the first byte, then AUTH required.
        case smtps
    }

    /// The user and password the TLS modes accept.
    public static let user = "briefing"
    public static let password = "correct horse battery staple"

    public let mode: Mode
    public let port: UInt16
    /// Where received messages are kept (`1.eml`, `2.eml`...).
    public let folder: URL
    private let server: ExternalServer

    /// Why the peer cannot run here (python3 with aiosmtpd, and openssl, are needed), or nil.
    public static let missing: String? = {
        guard Tool.find("python3") != nil else { return "python3 is not installed" }
        guard (try? Tool.run("python3", ["-c", "import aiosmtpd"])) != nil else {
            return "the Python package aiosmtpd is not installed (pip install aiosmtpd)"
        }
        guard TestCertificates.available else { return "openssl is not installed" }
        return nil
    }()

    /// True when the peer tests should run: the tools are there, or this is CI, where their
    /// absence must fail the tests (each calls `requireTools()` first) rather than skip them.
    public static var shouldRun: Bool { missing == nil || Tool.onCI }

    /// Throws, naming what is missing, when the peer cannot run.
    public static func requireTools() throws {
        if let missing { throw Tool.Failure(program: "smtp peer", status: -1, output: missing) }
    }

    /// The private CA and server certificate every TLS peer presents, made once per test run.
    public static let certificates = Result { try TestCertificates() }

    /// The CA file a client must trust to talk to a TLS peer.
    public static var caFile: String { get throws { try certificates.get().caFile } }

    /// Starts a server in `mode`; the TLS modes present the certificate `certificates` made.
    public init(_ mode: Mode) throws {
        try Self.requireTools()
        self.mode = mode
        folder = Repository.temporaryDirectory("smtp-\(mode.rawValue)")
        var arguments = [Self.script("smtp_server.py"), mode.rawValue, folder.path]
        if mode != .plain {
            let certificates = try Self.certificates.get()
            arguments += [certificates.certificateFile, certificates.keyFile, Self.user, Self.password]
        }
        server = try ExternalServer("python3", arguments)
        port = server.port
    }

    /// `smtp://127.0.0.1:PORT`, or `smtps://` for `.smtps`.
    public var url: String { "\(mode == .smtps ? "smtps" : "smtp")://127.0.0.1:\(port)" }

    /// The messages received so far, raw, in order.
    public var received: [Data] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".eml") }
            .sorted { (Int($0.dropLast(4)) ?? 0) < (Int($1.dropLast(4)) ?? 0) }
            .compactMap { try? Data(contentsOf: folder.appendingPathComponent($0)) }
    }

    /// Stops the server and returns what it wrote on standard error (for failure messages).
    @discardableResult
    public func stop() -> String {
        _ = server.stop()
        return (try? String(contentsOf: server.errorLog, encoding: .utf8)) ?? ""
    }

    /// What Python's `email` package, strict policy, reads in a message: `check_message.py`'s
    /// JSON. Throws (with the defects) when it records any defect.
    public struct Reading: Decodable, Sendable {
        /// Display name and address of each mailbox.
        public var from: [[String]]
        public var to: [[String]]
        public var subject: String
        public var headers: [String]
        public var text: String?
        /// The longest header line in bytes, CRLF not counted.
        public var longestHeaderLine: Int
        /// The List-Unsubscribe header, unfolded, when there is one.
        public var listUnsubscribe: String?

        enum CodingKeys: String, CodingKey {
            case from, to, subject, headers, text
            case longestHeaderLine = "longest_header_line"
            case listUnsubscribe = "list_unsubscribe"
        }
    }

    public static func check(_ message: Data) throws -> Reading {
        let file = Repository.temporaryDirectory("check").appendingPathComponent("message.eml")
        try message.write(to: file)
        let output = try Tool.run("python3", [script("check_message.py"), file.path])
        return try JSONDecoder().decode(Reading.self, from: output)
    }

    private static func script(_ name: String) -> String {
        Repository.root.appendingPathComponent("Tests/Servers/\(name)").path
    }
}
