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
        guard let handle = curl_easy_init() else {
            return .failure(MailError(message: "libcurl could not be initialised", curlCode: nil))
        }
        defer { curl_easy_cleanup(handle) }
        let upload = MailUpload(message)
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }
        var recipients: UnsafeMutablePointer<curl_slist>? = nil
        for address in configuration.to { recipients = curl_slist_append(recipients, "<\(bare(address))>") }
        defer { curl_slist_free_all(recipients) }

        ccurl_easy_setopt_string(handle, CURLOPT_URL, configuration.url)
        ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "smtp,smtps")
        ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(configuration.timeout * 1000))
        ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, 10_000)
        if configuration.startTLS && configuration.url.lowercased().hasPrefix("smtp://") {
            ccurl_easy_setopt_long(handle, CURLOPT_USE_SSL, Int(CURLUSESSL_ALL.rawValue))
        }
        ccurl_easy_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(bare(configuration.from))>")
        ccurl_easy_setopt_slist(handle, CURLOPT_MAIL_RCPT, recipients)
        if let username = configuration.username { ccurl_easy_setopt_string(handle, CURLOPT_USERNAME, username) }
        if let password = configuration.password { ccurl_easy_setopt_string(handle, CURLOPT_PASSWORD, password) }
        ccurl_easy_setopt_long(handle, CURLOPT_UPLOAD, 1)
        ccurl_easy_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, upload.bytes.count)
        ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))
        ccurl_easy_setopt_pointer(handle, CURLOPT_READDATA, Unmanaged.passUnretained(upload).toOpaque())
        ccurl_easy_setopt_data_callback(handle, CURLOPT_READFUNCTION, mailReadCallback)

        let code = withExtendedLifetime(upload) { curl_easy_perform(handle) }
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
