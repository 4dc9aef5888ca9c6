import CCurl
import CCurlShim

/// One libcurl easy handle whose every option is checked: a refused option is an error that
/// names it, never ignored (a silently refused `CURLOPT_USE_SSL` would send a password in clear).
///
/// Used by both transfers and mail; the handle is cleaned up when the value goes away.
final class CurlEasy {
    let handle: UnsafeMutableRawPointer

    init() throws(CurlOptionError) {
        guard let handle = curl_easy_init() else {
            throw CurlOptionError(option: "curl_easy_init", code: Int(CURLE_FAILED_INIT.rawValue))
        }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    func set(_ option: CURLoption, _ value: Int) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_long(handle, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_long(handle, option, value ? 1 : 0), option)
    }

    func set(_ option: CURLoption, _ value: String) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_string(handle, option, value), option)
    }

    func set(_ option: CURLoption, pointer value: UnsafeMutableRawPointer?) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_pointer(handle, option, value), option)
    }

    func set(_ option: CURLoption, list value: UnsafeMutablePointer<curl_slist>?) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_slist(handle, option, value), option)
    }

    func set(_ option: CURLoption, offset value: Int) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_off_t(handle, option, value), option)
    }

    func set(_ option: CURLoption, callback value: ccurl_data_callback) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_data_callback(handle, option, value), option)
    }

    func setOpenSocket(_ value: ccurl_opensocket_callback) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_opensocket_callback(handle, value), CURLOPT_OPENSOCKETFUNCTION)
    }

    func setPrerequest(_ value: ccurl_prereq_callback) throws(CurlOptionError) {
        try check(ccurl_easy_setopt_prereq_callback(handle, value), CURLOPT_PREREQFUNCTION)
    }

    /// The URL of the request under way (after redirects, the current one).
    var effectiveURL: String? {
        var value: UnsafeMutablePointer<CChar>? = nil
        guard ccurl_easy_getinfo_string(handle, CURLINFO_EFFECTIVE_URL, &value) == CURLE_OK, let value else {
            return nil
        }
        return String(cString: value)
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(CurlOptionError) {
        guard code != CURLE_OK else { return }
        throw CurlOptionError(option: CurlOptionError.name(of: option), code: Int(code.rawValue))
    }
}

/// libcurl refused an option: which one, and libcurl's code and words for why.
struct CurlOptionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The option's name as libcurl's documentation spells it, e.g. `CURLOPT_USE_SSL`.
    var option: String
    var code: Int

    var description: String {
        let text = String(cString: curl_easy_strerror(CURLcode(rawValue: UInt32(code))))
        return "libcurl refused \(option): \(text) (curl \(code))"
    }

    /// libcurl's own name for an option (its option table), `CURLOPT_` prefixed.
    static func name(of option: CURLoption) -> String {
        guard let entry = curl_easy_option_by_id(option), let name = entry.pointee.name else {
            return "option \(option.rawValue)"
        }
        return "CURLOPT_" + String(cString: name)
    }
}

/// URLs read by libcurl's own URL parser, so that hosts compare the way libcurl connects.
enum CurlURL {
    /// The lowercased host of `url` (IPv4 numbers normalized to dotted form), or nil.
    static func host(of url: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        var part: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(handle, CURLUPART_HOST, &part, 0) == CURLUE_OK, let part else { return nil }
        defer { curl_free(part) }
        return String(cString: part).lowercased()
    }

    /// `url` without a user name or password in it: libcurl writes the credentials of the
    /// request into the redirect URL it reports for a redirect within the host.
    static func withoutUserinfo(_ url: String) -> String? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
            curl_url_set(handle, CURLUPART_USER, nil, 0) == CURLUE_OK,
            curl_url_set(handle, CURLUPART_PASSWORD, nil, 0) == CURLUE_OK
        else { return nil }
        var part: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(handle, CURLUPART_URL, &part, 0) == CURLUE_OK, let part else { return nil }
        defer { curl_free(part) }
        return String(cString: part)
    }

    /// The port of `url`, written or the scheme's default, or nil.
    static func port(of url: String) -> Int? {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        var part: UnsafeMutablePointer<CChar>? = nil
        guard curl_url_get(handle, CURLUPART_PORT, &part, UInt32(CURLU_DEFAULT_PORT)) == CURLUE_OK, let part else {
            return nil
        }
        defer { curl_free(part) }
        return Int(String(cString: part))
    }
}
