import BriefingCore

/// Limits and manners of the fetch stage. Every field documents its default.
public struct FetchConfiguration: Sendable, Hashable {
    /// Transfers running at once, across all hosts. Default 16.
    public var maxConcurrent: Int = 16
    /// Transfers running at once to one host. Default 2.
    public var maxPerHost: Int = 2
    /// Seconds allowed to establish a connection. Default 10.
    public var connectTimeout: Double = 10
    /// Seconds allowed for a whole transfer, redirects included. Default 30.
    public var totalTimeout: Double = 30
    /// A transfer slower than `lowSpeedBytesPerSecond` for `lowSpeedSeconds` is aborted, and
    /// retried once at most (whatever `maxAttempts` says). Defaults: 100 bytes/s for 15 s.
    public var lowSpeedBytesPerSecond: Int = 100
    public var lowSpeedSeconds: Int = 15
    /// Largest body accepted, counted on the decompressed bytes. Default 10 MiB.
    public var maxBodyBytes: Int = 10 * 1024 * 1024
    /// Redirects followed before giving up. Default 5.
    public var maxRedirects: Int = 5
    /// Attempts per request for connection failures, timeouts, 5xx and 429 (1 = no retry).
    /// Default 3.
    public var maxAttempts: Int = 3
    /// First retry delay in seconds; doubles each attempt, with jitter. Default 0.5.
    public var retryBaseDelay: Double = 0.5
    /// Longest delay honoured from a Retry-After header, in seconds. Default 30.
    public var maxRetryAfter: Double = 30
    /// Let URLs that come from the network (item links, remote feed lists, redirects to other
    /// hosts) reach loopback, private, link-local, shared, multicast and reserved addresses.
    /// Default false.
    public var allowPrivateNetworks = false
    /// A PEM file of certificate authorities to trust instead of the system's (CURLOPT_CAINFO).
    /// Default nil: `CURL_CA_BUNDLE`, then `SSL_CERT_FILE`, then the system store.
    public var caFile: String?
    /// A folder of hashed CA certificates (CURLOPT_CAPATH). Default nil: `SSL_CERT_DIR`, if set.
    public var caDirectory: String?
    /// Fixed host-to-address entries, `HOST:PORT:ADDRESS` as curl's `--resolve` takes them
    /// (CURLOPT_RESOLVE). Default none. The address policy applies to these addresses too.
    public var resolve: [String] = []
    /// The User-Agent header.
    public var userAgent: String = FetchConfiguration.defaultUserAgent

    /// Idle connections the multi handle keeps for reuse (CURLMOPT_MAXCONNECTS).
    static let idleConnections = 256

    public static let version = BriefingVersion.current
    public static let defaultUserAgent = "briefing/\(version) (+https://github.com/briefing-cli/briefing)"

    public init() {}
}
