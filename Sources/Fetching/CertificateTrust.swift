/// Which certificate authorities a TLS client trusts, decided as curl's own command-line tool
/// decides it: a configured CA file wins; without one, the environment variable
/// `CURL_CA_BUNDLE` (a file); without it, `SSL_CERT_FILE` (a file) and `SSL_CERT_DIR` (a
/// folder); without those, libcurl's built-in system store.
///
/// Shared by mail (`[email] ca_file`) and HTTPS fetching, so that both read the same variables
/// the same way. Empty variables count as unset.
public enum CertificateTrust {
    /// The CA file for `CURLOPT_CAINFO`, or nil to keep libcurl's default.
    public static func caFile(configured: String?, environment: [String: String]) -> String? {
        if let configured, !configured.isEmpty { return configured }
        return value("CURL_CA_BUNDLE", environment) ?? value("SSL_CERT_FILE", environment)
    }

    /// The CA folder for `CURLOPT_CAPATH` (`SSL_CERT_DIR`), or nil to keep libcurl's default.
    /// Nil as well when a CA file is configured or `CURL_CA_BUNDLE` is set: that file is then
    /// the only source of trust, as with curl.
    public static func caDirectory(configured: String?, environment: [String: String]) -> String? {
        if let configured, !configured.isEmpty { return nil }
        if value("CURL_CA_BUNDLE", environment) != nil { return nil }
        return value("SSL_CERT_DIR", environment)
    }

    private static func value(_ name: String, _ environment: [String: String]) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }
}
