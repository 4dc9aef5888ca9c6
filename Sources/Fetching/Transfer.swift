import CCurl
import CCurlShim
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One libcurl easy handle and what it has received so far.
///
/// Owned by the multi loop's thread from `start` until completion; the C callbacks find it
/// through an unretained pointer passed as WRITEDATA / HEADERDATA / PRIVATE.
final class Transfer {
    let request: FetchRequest
    let host: String
    let easy: CurlEasy
    var handle: UnsafeMutableRawPointer { easy.handle }
    let completion: @Sendable (Result<FetchResponse, FetchError>) -> Void
    let maxBodyBytes: Int
    var body = Data()
    var headers: [String: String] = [:]
    var exceededSize = false
    /// Why the address policy refused a connection, when it did.
    var refusal: String?
    private let allowPrivateNetworks: Bool
    private let proxies: ProxyEndpoints
    /// The request's host as libcurl reads it, for telling a redirect to another host.
    private let originalHost: String?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>

    init(
        request: FetchRequest, host: String, configuration: FetchConfiguration, proxies: ProxyEndpoints,
        completion: @escaping @Sendable (Result<FetchResponse, FetchError>) -> Void
    ) throws(FetchError) {
        do {
            easy = try CurlEasy()
        } catch {
            throw FetchError(url: request.url, kind: .other, message: error.description)
        }
        self.request = request
        self.host = host
        self.completion = completion
        self.maxBodyBytes = configuration.maxBodyBytes
        self.allowPrivateNetworks = configuration.allowPrivateNetworks
        self.proxies = proxies
        self.originalHost = CurlURL.host(of: request.url)
        self.errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        do {
            try configure(configuration)
        } catch {
            throw FetchError(url: request.url, kind: .other, message: error.description, curlCode: error.code)
        }
    }

    deinit {
        if let list = headerList { curl_slist_free_all(list) }
        if let list = resolveList { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    private func configure(_ configuration: FetchConfiguration) throws(CurlOptionError) {
        try easy.set(CURLOPT_URL, request.url)
        try easy.set(CURLOPT_PROTOCOLS_STR, "http,https")
        try easy.set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        // A request with credentials or extra headers follows its redirects in `Fetcher`, which
        // sends them to the request's own origin only.
        try easy.set(CURLOPT_FOLLOWLOCATION, !request.carriesSecrets)
        try easy.set(CURLOPT_MAXREDIRS, request.redirectsLeft ?? configuration.maxRedirects)
        try easy.set(CURLOPT_NOSIGNAL, true)
        try easy.set(CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        try easy.set(CURLOPT_TIMEOUT_MS, Int(configuration.totalTimeout * 1000))
        try easy.set(CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedBytesPerSecond)
        try easy.set(CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedSeconds)
        // An empty string asks for every encoding this libcurl can decode (gzip, deflate, br, zstd).
        try easy.set(CURLOPT_ACCEPT_ENCODING, "")
        try easy.set(CURLOPT_USERAGENT, request.userAgent ?? configuration.userAgent)
        if let credentials = request.credentials {
            try easy.set(CURLOPT_HTTPAUTH, 1)  // CURLAUTH_BASIC only: never negotiated away.
            try easy.set(CURLOPT_USERNAME, credentials.username)
            try easy.set(CURLOPT_PASSWORD, credentials.password)
        }
        try easy.set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try easy.set(CURLOPT_PROXY, proxies.proxy(for: request.url))
        if let noProxy = proxies.noProxy { try easy.set(CURLOPT_NOPROXY, noProxy) }
        if let file = configuration.caFile { try easy.set(CURLOPT_CAINFO, file) }
        if let directory = configuration.caDirectory { try easy.set(CURLOPT_CAPATH, directory) }
        if !configuration.resolve.isEmpty {
            var list: UnsafeMutablePointer<curl_slist>? = nil
            for entry in configuration.resolve { list = curl_slist_append(list, entry) }
            resolveList = list
            try easy.set(CURLOPT_RESOLVE, list: list)
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        if !request.headers.contains(where: { $0.name.lowercased() == "accept" }) {
            list = curl_slist_append(
                list,
                "Accept: application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
            )
        }
        for header in request.headers { list = curl_slist_append(list, header.curlLine) }
        if let etag = request.etag { list = curl_slist_append(list, "If-None-Match: \(etag)") }
        if let modified = request.lastModified { list = curl_slist_append(list, "If-Modified-Since: \(modified)") }
        headerList = list
        try easy.set(CURLOPT_HTTPHEADER, list: list)

        let me = Unmanaged.passUnretained(self).toOpaque()
        try easy.set(CURLOPT_PRIVATE, pointer: me)
        try easy.set(CURLOPT_WRITEDATA, pointer: me)
        try easy.set(CURLOPT_HEADERDATA, pointer: me)
        try easy.set(CURLOPT_WRITEFUNCTION, callback: transferWriteCallback)
        try easy.set(CURLOPT_HEADERFUNCTION, callback: transferHeaderCallback)
        // The address policy: checked before each connection is made and before each request
        // is sent (a reused connection opens no socket).
        try easy.set(CURLOPT_OPENSOCKETDATA, pointer: me)
        try easy.setOpenSocket(transferOpenSocketCallback)
        try easy.set(CURLOPT_PREREQDATA, pointer: me)
        try easy.setPrerequest(transferPrerequestCallback)
    }

    /// Why connecting to an address of the given kind is refused for the request under way, or
    /// nil when it is allowed. `kind` is nil for a public address.
    private func refusal(kind: String?, address: String) -> String? {
        guard let kind, !allowPrivateNetworks else { return nil }
        let current = easy.effectiveURL.flatMap(CurlURL.host(of:))
        if request.scope == .userWritten, let current, current == originalHost { return nil }
        let name = current ?? host
        let shown = name == address || "[\(address)]" == name ? address : "\(name) (\(address))"
        return "\(shown) is a \(kind) address"
    }

    /// Opens the socket libcurl asks for, unless the policy refuses its address.
    func openSocket(_ address: UnsafeMutablePointer<curl_sockaddr>) -> curl_socket_t {
        let family = address.pointee.family
        let socketType = address.pointee.socktype
        let proto = address.pointee.protocol
        let offset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr) ?? 16
        let target = UnsafeRawPointer(address).advanced(by: offset).assumingMemoryBound(to: sockaddr.self)
        let text = AddressPolicy.text(sockaddr: target)
        // The user's proxy: the target is judged before the request (see `beforeRequest`).
        let proxy = proxies.contains(address: text, port: AddressPolicy.port(sockaddr: target))
        let kind = proxy ? nil : AddressPolicy.privateKind(sockaddr: target)
        if let refused = refusal(kind: kind, address: text) {
            refusal = refused
            return CURL_SOCKET_BAD
        }
        return socket(family, socketType, proto)
    }

    /// Checks the address of the connection a request is about to be sent on.
    func beforeRequest(primaryAddress: String, port: Int) -> Bool {
        var kind = AddressPolicy.privateKind(numeric: primaryAddress)
        var address = primaryAddress
        if proxies.contains(address: primaryAddress, port: port) {
            // Through a proxy: judge the target by its host name.
            let target = easy.effectiveURL.flatMap(CurlURL.host(of:)).flatMap(AddressPolicy.privateKind(host:))
            kind = target?.kind
            address = target?.address ?? primaryAddress
        }
        if let refused = refusal(kind: kind, address: address) {
            refusal = refused
            return false
        }
        return true
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
        if code != CURLE_OK, let refusal {
            return .failure(
                FetchError(
                    url: request.url, kind: .addressRefused,
                    message:
                        "refused: \(refusal), and links from the network may reach public addresses only ([fetch] allow_private_networks = true allows it)",
                    curlCode: Int(code.rawValue)))
        }
        var effective: UnsafeMutablePointer<CChar>? = nil
        ccurl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &effective)
        let finalURL = effective.map { String(cString: $0) } ?? request.url
        let detail = String(cString: errorBuffer)

        if code != CURLE_OK {
            var elapsed = 0.0
            ccurl_easy_getinfo_double(handle, CURLINFO_TOTAL_TIME, &elapsed)
            return .failure(
                FetchErrors.fromCurl(
                    code: code, url: request.url, detail: detail, exceededSize: exceededSize, elapsed: elapsed,
                    configuration: configuration))
        }
        if status >= 400 {
            let retryAfter = headers["retry-after"].flatMap(FetchErrors.parseRetryAfter)
            return .failure(
                FetchError(
                    url: request.url, kind: .http, message: "HTTP \(status) \(FetchErrors.reason(status))",
                    httpStatus: status, retryAfter: retryAfter))
        }
        var response = FetchResponse(url: request.url, finalURL: finalURL, status: status, headers: headers, body: body)
        if request.carriesSecrets, (300..<400).contains(status), status != 304 {
            var target: UnsafeMutablePointer<CChar>? = nil
            ccurl_easy_getinfo_string(handle, CURLINFO_REDIRECT_URL, &target)
            response.redirectURL = target.flatMap { CurlURL.withoutUserinfo(String(cString: $0)) }
        }
        return .success(response)
    }
}

private let transferWriteCallback: ccurl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receive(UnsafeRawPointer(data), count: size * count)
}

private let transferOpenSocketCallback: ccurl_opensocket_callback = { userdata, _, address in
    guard let userdata, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.openSocket(address)
}

private let transferPrerequestCallback: ccurl_prereq_callback = { userdata, primary, _, port, _ in
    guard let userdata, let primary else { return Int32(CURL_PREREQFUNC_ABORT) }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.beforeRequest(primaryAddress: String(cString: primary), port: Int(port))
        ? Int32(CURL_PREREQFUNC_OK) : Int32(CURL_PREREQFUNC_ABORT)
}

private let transferHeaderCallback: ccurl_data_callback = { data, size, count, userdata in
    guard let data, let userdata else { return 0 }
    let transfer = Unmanaged<Transfer>.fromOpaque(userdata).takeUnretainedValue()
    return transfer.receiveHeader(UnsafeRawPointer(data), count: size * count)
}
