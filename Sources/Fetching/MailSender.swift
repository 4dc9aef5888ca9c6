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

    public init(
        url: String, from: String, to: [String], startTLS: Bool = true, username: String? = nil,
        password: String? = nil, timeout: Double = 60
    ) {
        self.url = url
        self.from = from
        self.to = to
        self.startTLS = startTLS
        self.username = username
        self.password = password
        self.timeout = timeout
    }
}

/// Why a message could not be sent.
public struct MailError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var curlCode: Int?
    public var description: String { "send: \(message)" + (curlCode.map { " (curl \($0))" } ?? "") }
}

/// Sends a rendered message with libcurl's SMTP (smtp, smtps, STARTTLS).
public struct MailSender: Sendable {
    public var configuration: SMTPConfiguration

    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
    }

    /// Sends `message` (CRLF line endings) to every recipient; runs on its own thread.
    public func send(_ message: String) async throws(MailError) {
        let configuration = self.configuration
        let result: Result<Void, MailError> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: MailSender.perform(message, configuration: configuration))
            }
            thread.name = "briefing.smtp"
            thread.start()
        }
        try result.get()
    }

    private static func perform(_ message: String, configuration: SMTPConfiguration) -> Result<Void, MailError> {
        _ = curl_global_init(Int(CURL_GLOBAL_ALL))
        let upload = MailUpload(message)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        for address in configuration.to { recipients = curl_slist_append(recipients, "<\(bare(address))>") }
        defer { curl_slist_free_all(recipients) }

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
            return .failure(MailError(message: "\(configuration.url): \(text)", curlCode: Int(code.rawValue)))
        }
        return .success(())
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
