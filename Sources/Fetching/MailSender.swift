import CCurl
import CCurlShim
import Foundation

/// Where and how to send mail.
public struct SMTPConfiguration: Sendable, Hashable {
    /// `smtp://host:port` (STARTTLS when `startTLS`) or `smtps://host:port` (TLS from the start).
    public var url: String
    public var from: String
    public var to: [String]
    /// Require STARTTLS on `smtp://`. Default true; only a local test server goes without.
    public var startTLS: Bool
    public var username: String?
    public var password: String?
    /// Seconds for the whole exchange. Default 60.
    public var timeout: Double
    /// A PEM file of the CAs to trust for the server (`[email] ca_file`). Default nil: the
    /// environment's (`CertificateTrust`), else the system's.
    public var caFile: String?

    public init(
        url: String, from: String, to: [String], startTLS: Bool = true, username: String? = nil,
        password: String? = nil, timeout: Double = 60, caFile: String? = nil
    ) {
        self.url = url
        self.from = from
        self.to = to
        self.startTLS = startTLS
        self.username = username
        self.password = password
        self.timeout = timeout
        self.caFile = caFile
    }

    /// The server's host name, for messages.
    var host: String { URLComponents(string: url)?.host ?? url }

    /// Refuses, before any connection, what cannot work or would be unsafe: a user name without
    /// a password, and control characters (CR, LF, NUL...) in the addresses or the user name,
    /// which would add lines to the SMTP dialogue.
    public func validate() throws(MailError) {
        let values = [("From address", from), ("user name", username ?? "")] + to.map { ("recipient", $0) }
        for (name, value) in values where value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        {
            throw MailError(
                message: "\(url): the \(name) contains a control character (CR, LF or the like); nothing was sent")
        }
        if let username, password?.isEmpty ?? true {
            throw MailError(
                message: "\(url): user name \"\(username)\" is set but no password was given; nothing was sent",
                hint: "set BRIEFING_SMTP_PASSWORD, or name a file holding the password in [email] password_file")
        }
    }
}

/// Why a message could not be sent: what happened, libcurl's code when it came from libcurl,
/// and what the operator can do about it.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var curlCode: Int?
    public var hint: String?

    public init(message: String, curlCode: Int? = nil, hint: String? = nil) {
        self.message = message
        self.curlCode = curlCode
        self.hint = hint
    }

    public var description: String {
        "send: \(message)" + (curlCode.map { " (curl \($0))" } ?? "") + (hint.map { "; \($0)" } ?? "")
    }
}

/// Sends a rendered message with libcurl's SMTP (smtp, smtps, STARTTLS).
public struct MailSender: Sendable {
    public var configuration: SMTPConfiguration
    /// Read for `CURL_CA_BUNDLE`, `SSL_CERT_FILE` and `SSL_CERT_DIR` when no CA file is configured.
    public var environment: [String: String]

    public init(
        configuration: SMTPConfiguration, environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.configuration = configuration
        self.environment = environment
    }

    /// Sends `message` (CRLF line endings) to every recipient; runs on its own thread.
    public func send(_ message: String) async throws(MailError) {
        try configuration.validate()
        let configuration = self.configuration
        let environment = self.environment
        let result: Result<Void, MailError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(
                    returning: MailSender.perform(message, configuration: configuration, environment: environment))
            }
            thread.name = "briefing.smtp"
            thread.start()
        }
        try result.get()
    }

    private static func perform(
        _ message: String, configuration: SMTPConfiguration, environment: [String: String]
    ) -> Result<Void, MailError> {
        _ = curl_global_init(Int(CURL_GLOBAL_ALL))
        let upload = MailUpload(message)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        for address in configuration.to { recipients = curl_slist_append(recipients, "<\(bare(address))>") }
        defer { curl_slist_free_all(recipients) }

        let caFile = CertificateTrust.caFile(configured: configuration.caFile, environment: environment)
        let easy: CurlEasy
        do {
            easy = try CurlEasy()
            try easy.set(CURLOPT_URL, configuration.url)
            try easy.set(CURLOPT_PROTOCOLS_STR, "smtp,smtps")
            try easy.set(CURLOPT_NOSIGNAL, true)
            try easy.set(CURLOPT_TIMEOUT_MS, Int(configuration.timeout * 1000))
            try easy.set(CURLOPT_CONNECTTIMEOUT_MS, 10_000)
            if configuration.startTLS && configuration.url.lowercased().hasPrefix("smtp://") {
                try easy.set(CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
            }
            try easy.set(CURLOPT_MAIL_FROM, "<\(bare(configuration.from))>")
            try easy.set(CURLOPT_MAIL_RCPT, list: recipients)
            if let username = configuration.username { try easy.set(CURLOPT_USERNAME, username) }
            if let password = configuration.password { try easy.set(CURLOPT_PASSWORD, password) }
            if let caFile { try easy.set(CURLOPT_CAINFO, caFile) }
            if let folder = CertificateTrust.caDirectory(configured: configuration.caFile, environment: environment) {
                try easy.set(CURLOPT_CAPATH, folder)
            }
            try easy.set(CURLOPT_UPLOAD, true)
            try easy.set(CURLOPT_INFILESIZE_LARGE, offset: upload.bytes.count)
            try easy.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
            try easy.set(CURLOPT_READDATA, pointer: Unmanaged.passUnretained(upload).toOpaque())
            try easy.set(CURLOPT_READFUNCTION, callback: mailReadCallback)
        } catch {
            return .failure(MailError(message: "\(configuration.url): \(error)", curlCode: error.code))
        }

        let code = withExtendedLifetime(upload) { curl_easy_perform(easy.handle) }
        guard code == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let text = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            return .failure(
                MailError(
                    message: "\(configuration.url): \(text)", curlCode: Int(code.rawValue),
                    hint: hint(for: code, configuration, caFile: caFile)))
        }
        return .success(())
    }

    /// What the operator can do about the failures that have a known cause.
    private static func hint(for code: CURLcode, _ configuration: SMTPConfiguration, caFile: String?) -> String? {
        let host = configuration.host
        switch code {
        case CURLE_SSL_CACERT_BADFILE:
            return
                "the CA file \(caFile ?? "(libcurl's default)") for the mail server \(host) cannot be read as PEM certificates: "
                + "check [email] ca_file (or SSL_CERT_FILE and CURL_CA_BUNDLE)"
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_ISSUER_ERROR:
            let trusted = caFile.map { "the CAs in \($0)" } ?? "the system's CAs"
            return "TLS with the mail server \(host) failed, trusting \(trusted): if a private CA signed the server's "
                + "certificate, name that CA's certificate (a PEM file) in [email] ca_file, or set SSL_CERT_FILE"
        case CURLE_USE_SSL_FAILED:
            return "the mail server \(host) does not offer STARTTLS, which starttls = true requires, so nothing was "
                + "sent; use smtps:// if the server speaks TLS from the start, and set [email] starttls = false only "
                + "for a server on this machine"
        case CURLE_LOGIN_DENIED:
            guard let username = configuration.username else { return "the mail server \(host) wants a login" }
            return "the mail server \(host) refused user \"\(username)\": check the password "
                + "(BRIEFING_SMTP_PASSWORD or [email] password_file)"
        default:
            return nil
        }
    }

    /// The address inside "Name <address>", or the text itself.
    static func bare(_ address: String) -> String {
        if let open = address.lastIndex(of: "<"), let close = address.lastIndex(of: ">"), open < close {
            return String(address[address.index(after: open)..<close])
        }
        return address.trimmingCharacters(in: .whitespaces)
    }
}

/// The message being uploaded, handed to libcurl's read callback.
private final class MailUpload {
    let bytes: [UInt8]
    var offset = 0

    init(_ text: String) { bytes = Array(text.utf8) }

    func read(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int {
        let count = min(capacity, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBufferPointer { source in
            guard let base = source.baseAddress else { return }
            UnsafeMutableRawPointer(buffer).copyMemory(from: base + offset, byteCount: count)
        }
        offset += count
        return count
    }
}

private let mailReadCallback: ccurl_data_callback = { buffer, size, count, userdata in
    guard let buffer, let userdata else { return 0 }
    let upload = Unmanaged<MailUpload>.fromOpaque(userdata).takeUnretainedValue()
    return upload.read(into: buffer, capacity: size * count)
}
