import Foundation

/// One thing to fetch, with the validators of the last successful fetch for a conditional GET.
public struct FetchRequest: Sendable, Hashable {
    /// An `http`, `https` or `file` URL.
    public var url: String
    /// The ETag of the last response, sent as If-None-Match.
    public var etag: String?
    /// The Last-Modified of the last response, sent as If-Modified-Since.
    public var lastModified: String?
    /// Who wrote the URL, which decides the addresses it may reach (see `AddressScope`).
    /// Default `.network`: public addresses only.
    public var scope: AddressScope
    /// The User-Agent for this request, instead of the configuration's. Default nil.
    public var userAgent: String?
    /// Extra request headers (each checked by `HTTPHeaderField.problem` before it is sent),
    /// sent only to the origin of `url`. Default none.
    public var headers: [HTTPHeaderField] = []
    /// HTTP basic authentication, sent only to the origin of `url`. Default none.
    public var credentials: BasicCredentials?
    /// Redirects libcurl may still follow, when the fetch stage follows some itself.
    var redirectsLeft: Int?

    public init(url: String, etag: String? = nil, lastModified: String? = nil, scope: AddressScope = .network) {
        self.url = url
        self.etag = etag
        self.lastModified = lastModified
        self.scope = scope
    }

    /// True when the request carries what only its own origin may see (credentials, extra
    /// headers): then the fetch stage follows redirects itself and drops them at the first
    /// redirect to another origin. (libcurl keeps basic credentials to the first host, but sends
    /// custom headers to every host it is redirected to.)
    var carriesSecrets: Bool { credentials != nil || !headers.isEmpty }
}

/// What came back: the final URL after redirects, the status, headers and body.
public struct FetchResponse: Sendable, Hashable {
    public var url: String
    public var finalURL: String
    /// The HTTP status; 200 for a local file.
    public var status: Int
    /// Response headers of the final response, names lowercased; the last value wins.
    public var headers: [String: String]
    public var body: Data
    /// Attempts made (1 when the first succeeded).
    public var attempts: Int
    /// Wall time of the whole fetch, retries included, in seconds.
    public var seconds: Double
    /// Where a redirect that was not followed leads (absolute), for the fetch stage to follow
    /// itself.
    var redirectURL: String?

    public init(
        url: String, finalURL: String, status: Int, headers: [String: String], body: Data, attempts: Int = 1,
        seconds: Double = 0
    ) {
        self.url = url
        self.finalURL = finalURL
        self.status = status
        self.headers = headers
        self.body = body
        self.attempts = attempts
        self.seconds = seconds
    }

    /// A 304: the resource has not changed since the validators were issued.
    public var isNotModified: Bool { status == 304 }
    public var contentType: String? { headers["content-type"] }

    /// The URL relative links in the body resolve against: the Content-Location header (itself
    /// resolved against the final URL) when the server sent one, else the final URL.
    public var baseURL: String {
        guard let location = headers["content-location"], !location.isEmpty,
            let resolved = URL(string: location, relativeTo: URL(string: finalURL))?.absoluteString
        else { return finalURL }
        return resolved
    }
    public var etag: String? { headers["etag"] }
    public var lastModified: String? { headers["last-modified"] }
}
