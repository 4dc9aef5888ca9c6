import BriefingCore
import CCurl
import Foundation

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

/// Turns libcurl codes and HTTP statuses into `FetchError`s that say what happened in words.
enum FetchErrors {
    static func fromCurl(
        code: CURLcode, url: String, detail: String, exceededSize: Bool, elapsed: Double? = nil,
        configuration: FetchConfiguration
    ) -> FetchError {
        let number = Int(code.rawValue)
        func error(_ kind: FetchError.Kind, _ message: String) -> FetchError {
            FetchError(url: url, kind: kind, message: message, curlCode: number, curlDetail: detail)
        }
        switch code {
        case CURLE_WRITE_ERROR where exceededSize, CURLE_FILESIZE_EXCEEDED:
            return error(.tooLarge, "body exceeds \(ByteCount.words(configuration.maxBodyBytes))")
        case CURLE_OPERATION_TIMEDOUT:
            switch timeoutCause(detail: detail, elapsed: elapsed, configuration: configuration) {
            case .connect:
                let limit = min(configuration.connectTimeout, configuration.totalTimeout)
                return error(.timeout, "connection timed out after \(seconds(limit))")
            case .lowSpeed:
                return error(
                    .tooSlow,
                    "transfer too slow: less than \(configuration.lowSpeedBytesPerSecond) B/s for \(configuration.lowSpeedSeconds) s"
                )
            case .total:
                return error(.timeout, "timed out after \(seconds(configuration.totalTimeout))")
            }
        case CURLE_TOO_MANY_REDIRECTS:
            return error(.tooManyRedirects, "more than \(configuration.maxRedirects) redirects")
        case CURLE_UNSUPPORTED_PROTOCOL:
            if let scheme = detail.split(separator: " ").first(where: { $0.contains("://") || $0.hasSuffix(":") }) {
                return error(.redirectRefused, "redirect to \(scheme) refused (only http and https are followed)")
            }
            return error(.redirectRefused, "protocol refused (only http and https are fetched)")
        case CURLE_URL_MALFORMAT:
            return error(.badURL, "malformed URL")
        case CURLE_COULDNT_RESOLVE_HOST:
            return error(.connection, "could not resolve host")
        case CURLE_COULDNT_CONNECT:
            return error(.connection, "could not connect")
        case CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING:
            return error(.connection, "connection failed: \(detail.isEmpty ? "no response" : detail)")
        case CURLE_PARTIAL_FILE:
            return error(.connection, "body truncated: the server sent less than it announced")
        case CURLE_BAD_CONTENT_ENCODING:
            return error(.other, "could not decode the compressed body")
        case CURLE_PEER_FAILED_VERIFICATION:
            let host = CurlURL.host(of: url) ?? url
            return error(
                .certificate,
                "TLS: the certificate of \(host) is not trusted; a private certificate authority is trusted with [fetch] ca_file = \"FILE.pem\" (or the SSL_CERT_FILE variable)"
            )
        case CURLE_SSL_CACERT_BADFILE:
            return error(
                .certificate,
                "TLS: cannot read the certificate authorities file (\(configuration.caFile ?? "SSL_CERT_FILE or CURL_CA_BUNDLE")); check [fetch] ca_file"
            )
        case CURLE_SSL_CONNECT_ERROR:
            let host = CurlURL.host(of: url) ?? url
            return error(.connection, "TLS: could not set up a secure connection to \(host)")
        default:
            let text = String(cString: curl_easy_strerror(code))
            return error(.other, text)
        }
    }

    /// Which of libcurl's limits ended a transfer with CURLE_OPERATION_TIMEDOUT.
    enum TimeoutCause: Equatable {
        /// CURLOPT_CONNECTTIMEOUT (or the total timeout while connecting).
        case connect
        /// CURLOPT_LOW_SPEED_LIMIT for CURLOPT_LOW_SPEED_TIME.
        case lowSpeed
        /// CURLOPT_TIMEOUT, once connected.
        case total
    }

    /// Tells the limits apart by the error-buffer text libcurl 7.88 writes for each:
    ///
    /// - connect: "Failed to connect to HOST port N after N ms: Timeout was reached" (also
    ///   "Connection timed out after N milliseconds", "Resolving timed out after N milliseconds");
    /// - low speed: "Operation too slow. Less than N bytes/sec transferred the last N seconds";
    /// - total: "Operation timed out after N milliseconds with N [out of N] bytes received".
    ///
    /// Without recognisable text, a transfer that ended well before the total timeout but after
    /// the low-speed time was cut by the low-speed limit.
    static func timeoutCause(detail: String, elapsed: Double?, configuration: FetchConfiguration) -> TimeoutCause {
        let text = detail.lowercased()
        if text.contains("too slow") { return .lowSpeed }
        if text.contains("received") { return .total }
        if text.contains("connect") || text.contains("resolving") { return .connect }
        if let elapsed, elapsed >= Double(configuration.lowSpeedSeconds),
            elapsed < configuration.totalTimeout * 0.9
        {
            return .lowSpeed
        }
        return .total
    }

    /// Retry-After as delta-seconds or an HTTP date, in seconds from now.
    static func parseRetryAfter(_ value: String) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return max(0, seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return max(0, date.timeIntervalSinceNow)
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 410: return "Gone"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return status >= 500 ? "Server Error" : "Client Error"
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}
