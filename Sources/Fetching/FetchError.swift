/// Why a fetch failed, in words, with libcurl's code and error text attached.
public struct FetchError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, for deciding whether to retry.
    public enum Kind: Sendable, Hashable {
        case timeout, connection, tooLarge, redirectRefused, tooManyRedirects, http, badURL, file, other
        /// The address policy refused the address the URL leads to.
        case addressRefused
        /// The server's certificate could not be verified, or TLS could not be set up.
        case certificate
        /// The transfer stayed under the low-speed limit for the low-speed time.
        case tooSlow
    }

    public var url: String
    public var kind: Kind
    /// What happened, e.g. "timed out after 30 s", "HTTP 404 Not Found".
    public var message: String
    /// The libcurl result code, when libcurl reported the failure.
    public var curlCode: Int?
    /// libcurl's error-buffer text, when it had one.
    public var curlDetail: String?
    /// The HTTP status, for `.http` failures.
    public var httpStatus: Int?
    /// Seconds to wait before retrying, from a Retry-After header.
    public var retryAfter: Double?

    public init(
        url: String, kind: Kind, message: String, curlCode: Int? = nil, curlDetail: String? = nil,
        httpStatus: Int? = nil, retryAfter: Double? = nil
    ) {
        self.url = url
        self.kind = kind
        self.message = message
        self.curlCode = curlCode
        self.curlDetail = curlDetail
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    /// Connection failures, timeouts, 5xx and 429 are worth another try; other 4xx never are.
    /// (A too-slow transfer is retried once at most: see `Fetcher.fetch`.)
    public var isRetryable: Bool {
        switch kind {
        case .timeout, .connection, .tooSlow: return true
        case .http: return httpStatus.map { $0 == 429 || $0 >= 500 } ?? false
        default: return false
        }
    }

    public var description: String {
        var text = "fetch: \(message)"
        if let code = curlCode {
            text += " (curl \(code)"
            if let detail = curlDetail, !detail.isEmpty, !message.contains(detail) { text += ": \(detail)" }
            text += ")"
        }
        return text
    }
}
