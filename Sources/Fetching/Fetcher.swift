import BriefingCore
import Foundation

/// The fetch stage: the only code that does network I/O.
///
/// HTTP(S) goes through libcurl's multi interface on a dedicated thread; `file:` URLs (the
/// bundled sample feeds, local lists) are read from disk under the same size cap. Failed
/// transfers are retried for connection failures, timeouts, 5xx and 429 with exponential
/// backoff and jitter, honouring Retry-After up to a cap; a transfer cut by the low-speed limit
/// is retried once at most, as a feed that slow is rarely faster the third time.
public final class Fetcher: Sendable {
    public let configuration: FetchConfiguration
    private let loop: MultiLoop?

    /// - Parameter environment: where the proxy variables (`http_proxy`, ...) and the CA
    ///   variables (`CURL_CA_BUNDLE`, `SSL_CERT_FILE`, `SSL_CERT_DIR`) are read from.
    public init(
        configuration: FetchConfiguration = FetchConfiguration(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        // Certificate authorities as curl's own tool finds them: the configured file, else
        // CURL_CA_BUNDLE, SSL_CERT_FILE (and the folder SSL_CERT_DIR), else the system's.
        var configuration = configuration
        configuration.caDirectory =
            configuration.caDirectory
            ?? CertificateTrust.caDirectory(configured: configuration.caFile, environment: environment)
        configuration.caFile = CertificateTrust.caFile(configured: configuration.caFile, environment: environment)
        self.configuration = configuration
        self.loop = MultiLoop(configuration: configuration, proxies: ProxyEndpoints(environment: environment))
    }

    deinit {
        loop?.shutdown()
    }

    /// Fetches every request concurrently; results come back in the order of `requests`.
    public func fetchAll(_ requests: [FetchRequest]) async -> [Result<FetchResponse, FetchError>] {
        await withTaskGroup(of: (Int, Result<FetchResponse, FetchError>).self) { group in
            for (index, request) in requests.enumerated() {
                group.addTask { (index, await self.fetch(request)) }
            }
            var results = [Result<FetchResponse, FetchError>?](repeating: nil, count: requests.count)
            for await (index, result) in group { results[index] = result }
            return results.map {
                $0 ?? .failure(FetchError(url: "", kind: .other, message: "fetch did not finish"))
            }
        }
    }

    /// Fetches one request, retrying where that can help.
    public func fetch(_ request: FetchRequest) async -> Result<FetchResponse, FetchError> {
        let start = Date()
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased() else {
            return .failure(FetchError(url: request.url, kind: .badURL, message: "not a URL: \(request.url)"))
        }
        if scheme == "file" {
            return readFile(url, request: request, start: start)
        }
        guard scheme == "http" || scheme == "https" else {
            return .failure(
                FetchError(
                    url: request.url, kind: .badURL, message: "\(scheme):// URLs are not fetched (http and https only)")
            )
        }
        if let problem = request.headers.lazy.compactMap(\.problem).first {
            return .failure(FetchError(url: request.url, kind: .badURL, message: problem))
        }
        if request.carriesSecrets { return await followingRedirects(request, start: start) }
        return await withRetries(request, host: url.host?.lowercased() ?? "", start: start)
    }

    /// Fetches a request that carries credentials or extra headers, following its redirects as
    /// libcurl would, but sending those only to the request's own origin (scheme, host and
    /// port): from the first redirect to another origin on, the request goes without them.
    private func followingRedirects(_ original: FetchRequest, start: Date) async -> Result<FetchResponse, FetchError> {
        let origin = Origin(original.url)
        let originalHost = CurlURL.host(of: original.url)
        var request = original
        var redirects = 0
        while true {
            request.redirectsLeft = configuration.maxRedirects - redirects
            let result = await withRetries(
                request, host: URL(string: request.url)?.host?.lowercased() ?? "", start: start)
            guard case .success(let response) = result, let next = response.redirectURL else {
                return result.map { response in
                    var response = response
                    response.url = original.url
                    return response
                }.mapError { error in
                    var error = error
                    error.url = original.url
                    return error
                }
            }
            redirects += 1
            guard redirects <= configuration.maxRedirects else {
                return .failure(
                    FetchError(
                        url: original.url, kind: .tooManyRedirects,
                        message: "more than \(configuration.maxRedirects) redirects"))
            }
            let scheme = URL(string: next)?.scheme?.lowercased()
            guard scheme == "http" || scheme == "https" else {
                return .failure(
                    FetchError(
                        url: original.url, kind: .redirectRefused,
                        message: "redirect to \(scheme ?? next) refused (only http and https are followed)"))
            }
            if Origin(next) != origin {
                request.credentials = nil
                request.headers = []
            }
            // As libcurl judges its own redirects: a URL the user wrote may reach a private
            // address on its own host only.
            if CurlURL.host(of: next) != originalHost { request.scope = .network }
            request.url = next
        }
    }

    /// Scheme, host and port, as libcurl reads them (RFC 6454's origin).
    private struct Origin: Equatable {
        var scheme: String?
        var host: String?
        var port: Int?

        init(_ url: String) {
            scheme = URL(string: url)?.scheme?.lowercased()
            host = CurlURL.host(of: url)
            port = CurlURL.port(of: url)
        }
    }

    /// Fetches one request, retrying where that can help.
    private func withRetries(_ request: FetchRequest, host: String, start: Date) async -> Result<
        FetchResponse, FetchError
    > {
        var attempt = 1
        var slowAborts = 0
        while true {
            var result = await perform(request, host: host)
            let elapsed = Date().timeIntervalSince(start)
            switch result {
            case .success(var response):
                response.attempts = attempt
                response.seconds = elapsed
                result = .success(response)
                return result
            case .failure(let error):
                guard error.isRetryable, attempt < configuration.maxAttempts else { return result }
                if error.kind == .tooSlow {
                    slowAborts += 1
                    if slowAborts > 1 { return result }
                }
                let delay = retryDelay(after: attempt, error: error)
                // A Retry-After longer than we are willing to wait: report instead of waiting.
                if let asked = error.retryAfter, asked > configuration.maxRetryAfter { return result }
                try? await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
                attempt += 1
            }
        }
    }

    /// Exponential backoff with jitter (0.5x to 1.5x), or the server's Retry-After.
    func retryDelay(after attempt: Int, error: FetchError) -> Double {
        if let asked = error.retryAfter { return min(asked, configuration.maxRetryAfter) }
        let base = configuration.retryBaseDelay * pow(2, Double(attempt - 1))
        return base * Double.random(in: 0.5...1.5)
    }

    /// The most requests that have waited for a slot, and run, at once so far.
    var peakCounts: MultiLoop.Peaks { loop?.peakCounts ?? MultiLoop.Peaks() }

    private func perform(_ request: FetchRequest, host: String) async -> Result<FetchResponse, FetchError> {
        guard let loop else {
            return .failure(FetchError(url: request.url, kind: .other, message: "libcurl could not be initialised"))
        }
        return await withCheckedContinuation { continuation in
            loop.submit(request, host: host) { continuation.resume(returning: $0) }
        }
    }

    private func readFile(_ url: URL, request: FetchRequest, start: Date) -> Result<FetchResponse, FetchError> {
        let path = url.path
        switch LocalFile.read(path, maximumBytes: configuration.maxBodyBytes) {
        case .failure(var error):
            error.url = request.url
            error.message = "\(path): \(error.message)"
            return .failure(error)
        case .success(let data):
            return .success(
                FetchResponse(
                    url: request.url, finalURL: request.url, status: 200, headers: [:], body: data,
                    seconds: Date().timeIntervalSince(start)))
        }
    }
}
