import CCurl
import CCurlShim
import Foundation

/// One libcurl easy handle and what it has received so far.
///
/// Owned by the multi loop's thread from `start` until completion; the C callbacks find it
/// through an unretained pointer passed as WRITEDATA / HEADERDATA / PRIVATE.
final class Transfer {
    let request: FetchRequest
    let host: String
    let handle: UnsafeMutableRawPointer
    let completion: @Sendable (Result<FetchResponse, FetchError>) -> Void
    let maxBodyBytes: Int
    var body = Data()
    var headers: [String: String] = [:]
    var exceededSize = false
    private var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>

    init?(
        request: FetchRequest, host: String, configuration: FetchConfiguration,
        completion: @escaping @Sendable (Result<FetchResponse, FetchError>) -> Void
    ) {
        guard let handle = curl_easy_init() else { return nil }
        self.request = request
        self.host = host
        self.handle = handle
        self.completion = completion
        self.maxBodyBytes = configuration.maxBodyBytes
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(configuration)
    }

    deinit {
        curl_easy_cleanup(handle)
        if let list = headerList { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    private func configure(_ configuration: FetchConfiguration) {
        let handle = self.handle
        ccurl_easy_setopt_string(handle, CURLOPT_URL, request.url)
        ccurl_easy_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_string(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        ccurl_easy_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 1)
        ccurl_easy_setopt_long(handle, CURLOPT_MAXREDIRS, configuration.maxRedirects)
        ccurl_easy_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        ccurl_easy_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        ccurl_easy_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        ccurl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedBytesPerSecond)
        ccurl_easy_setopt_long(handle, CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedSeconds)
        // An empty string asks for every encoding this libcurl can decode (gzip, deflate, br, zstd).
        ccurl_easy_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "")
        ccurl_easy_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        ccurl_easy_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer))

        var list: UnsafeMutablePointer<curl_slist>? = nil
        list = curl_slist_append(
            list,
            "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
        )
        if let etag = request.etag { list = curl_slist_append(list, "If-None-Match: \(etag)") }
        if let modified = request.lastModified { list = curl_slist_append(list, "If-Modified-Since: \(modified)") }
        headerList = list
        ccurl_easy_setopt_slist(handle, CURLOPT_HTTPHEADER, list)

        let me = Unmanaged.passUnretained(self).toOpaque()
        ccurl_easy_setopt_pointer(handle, CURLOPT_PRIVATE, me)
        ccurl_easy_setopt_pointer(handle, CURLOPT_WRITEDATA, me)
        ccurl_easy_setopt_pointer(handle, CURLOPT_HEADERDATA, me)
        ccurl_easy_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION, transferWriteCallback)
        ccurl_easy_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION, transferHeaderCallback)
    }

    /// Appends body bytes (already decompressed by libcurl); refuses past the size cap.
    func receive(_ pointer: UnsafeRawPointer, count: Int) -> Int {
        if body.count + count > maxBodyBytes {
            exceededSize = true
            return 0  // Makes libcurl abort with CURLE_WRITE_ERROR.
        }
        body.append(pointer.assumingMemoryBound(to: UInt8.self), count: count)
        return count
    }

    /// Records one header line; a status line starts a new response (after a redirect).
    func receiveHeader(_ pointer: UnsafeRawPointer, count: Int) -> Int {
        let line = String(decoding: UnsafeRawBufferPointer(start: pointer, count: count), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
        } else if let colon = line.firstIndex(of: ":") {
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            headers[name] = value
        }
        return count
    }

    /// Builds the outcome once libcurl has finished with the handle.
    func outcome(code: CURLcode, configuration: FetchConfiguration) -> Result<FetchResponse, FetchError> {
        var status = 0
        ccurl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var effective: UnsafeMutablePointer<CChar>? = nil
        ccurl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        let detail = String(cString: errorBuffer)

        if code != CURLE_OK {
            return .failure(
                FetchErrors.fromCurl(
                    code: code, url: request.url, detail: detail, exceededSize: exceededSize,
                    configuration: configuration))
        }
        if status >= 400 {
            let retryAfter = headers["retry-after"].flatMap(FetchErrors.parseRetryAfter)
            return .failure(
                FetchError(
                    url: request.url, kind: .http, message: "HTTP \(status) \(FetchErrors.reason(status))",
                    httpStatus: status, retryAfter: retryAfter))
        }
        return .success(
            FetchResponse(url: request.url, finalURL: finalURL, status: status, headers: headers, body: body))
    }
}

private let transferWriteCallback: ccurl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receive(UnsafeRawPointer(data), count: size * count)
}

private let transferHeaderCallback: ccurl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawPointer(data), count: size * count)
}
