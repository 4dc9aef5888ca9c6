#if canImport(Glibc)
    import Glibc
#endif

/// Which addresses a fetch may connect to.
///
/// URLs the user wrote (the configuration, OPML files on their own disk, command-line
/// arguments) may point anywhere, loopback included. URLs that come from the network (item links
/// fetched for full text, feeds listed by a remote OPML, and every redirect to another host) may
/// reach public addresses only, unless `[fetch] allow_private_networks` is on.
///
/// The check is made on the address actually connected, after DNS, for every connection and
/// every request (libcurl's open-socket and pre-request callbacks), so a host name that resolves
/// to 127.0.0.1, DNS rebinding and spellings such as `2130706433` or `0177.0.0.1` do not get
/// through.
public enum AddressScope: Sendable, Hashable {
    /// The user wrote this URL: its host may be anywhere; a redirect to another host may not.
    case userWritten
    /// The URL came from the network: public addresses only.
    case network
}

/// The classification of IP addresses as public or not (RFC 6890 special-purpose registries).
public enum AddressPolicy {
    /// Why an address is not public, e.g. "loopback", or nil for a public address.
    public static func privateKind(ipv4 address: (UInt8, UInt8, UInt8, UInt8)) -> String? {
        let (a, b, c, _) = address
        switch a {
        case 0: return "unspecified"
        case 10: return "private"
        case 127: return "loopback"
        case 100 where b & 0xC0 == 64: return "shared (carrier-grade NAT)"
        case 169 where b == 254: return "link-local"
        case 172 where b & 0xF0 == 16: return "private"
        case 192 where b == 168: return "private"
        case 192 where b == 0 && c == 0: return "reserved"
        case 198 where b & 0xFE == 18: return "reserved (benchmarking)"
        case 224...239: return "multicast"
        case 240...255: return "reserved"
        default: return nil
        }
    }

    /// Why an IPv6 address is not public, or nil. IPv4-mapped, IPv4-compatible, NAT64 and 6to4
    /// addresses are judged by the IPv4 address inside.
    public static func privateKind(ipv6 bytes: [UInt8]) -> String? {
        guard bytes.count == 16 else { return "malformed" }
        let zeroPrefix = bytes[0..<10].allSatisfy { $0 == 0 }
        if zeroPrefix && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return privateKind(ipv4: (bytes[12], bytes[13], bytes[14], bytes[15]))
        }
        if zeroPrefix && bytes[10] == 0 && bytes[11] == 0 {
            if bytes[12..<15].allSatisfy({ $0 == 0 }) {
                if bytes[15] == 0 { return "unspecified" }
                if bytes[15] == 1 { return "loopback" }
            }
            return privateKind(ipv4: (bytes[12], bytes[13], bytes[14], bytes[15]))
        }
        // 64:ff9b::/96, NAT64.
        if bytes[0] == 0x00, bytes[1] == 0x64, bytes[2] == 0xFF, bytes[3] == 0x9B, bytes[4..<12].allSatisfy({ $0 == 0 })
        {
            return privateKind(ipv4: (bytes[12], bytes[13], bytes[14], bytes[15]))
        }
        // 2002::/16, 6to4.
        if bytes[0] == 0x20, bytes[1] == 0x02 {
            return privateKind(ipv4: (bytes[2], bytes[3], bytes[4], bytes[5]))
        }
        if bytes[0] & 0xFE == 0xFC { return "private (unique local)" }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0x80 { return "link-local" }
        if bytes[0] == 0xFE, bytes[1] & 0xC0 == 0xC0 { return "site-local" }
        if bytes[0] == 0xFF { return "multicast" }
        // 100::/64, discard-only.
        if bytes[0] == 0x01, bytes[1] == 0x00, bytes[2..<8].allSatisfy({ $0 == 0 }) { return "reserved" }
        // 2001:db8::/32, documentation.
        if bytes[0] == 0x20, bytes[1] == 0x01, bytes[2] == 0x0D, bytes[3] == 0xB8 { return "reserved (documentation)" }
        return nil
    }

    /// Why the socket address at `address` is not public, or nil; non-IP families are refused.
    static func privateKind(sockaddr address: UnsafePointer<sockaddr>) -> String? {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                let value = UInt32(bigEndian: pointer.pointee.sin_addr.s_addr)
                return privateKind(
                    ipv4: (
                        UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)
                    ))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var copy = pointer.pointee.sin6_addr
                let bytes = withUnsafeBytes(of: &copy) { Array($0) }
                return privateKind(ipv6: bytes)
            }
        default:
            return "not an IP address"
        }
    }

    /// Why the numeric address `text` (as libcurl reports it) is not public, or nil.
    static func privateKind(numeric text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            let value = UInt32(bigEndian: v4.s_addr)
            return privateKind(
                ipv4: (UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
            )
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return privateKind(ipv6: withUnsafeBytes(of: &v6) { Array($0) })
        }
        return "not an IP address"
    }

    /// The text form of a socket address, for messages.
    static func text(sockaddr address: UnsafePointer<sockaddr>) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                var value = pointer.pointee.sin_addr
                inet_ntop(AF_INET, &value, &buffer, socklen_t(buffer.count))
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                var value = pointer.pointee.sin6_addr
                inet_ntop(AF_INET6, &value, &buffer, socklen_t(buffer.count))
                return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        default:
            return "family \(address.pointee.sa_family)"
        }
    }
}

/// The proxies a fetch goes through, from the environment as curl's own tool reads it:
/// `http_proxy` for http URLs, `https_proxy` (or `HTTPS_PROXY`) for https, `all_proxy` (or
/// `ALL_PROXY`) for both, and `no_proxy` (or `NO_PROXY`) for the hosts reached directly. They are
/// handed to libcurl explicitly, so the environment injected into the `Fetcher` is the one used.
///
/// A connection to a proxy is the user's own choice, so the address policy lets it through and
/// judges the request's target by its host name instead (a numeric host as it is, a name by what
/// it resolves to here): behind a proxy, the address the proxy connects to is not seen.
struct ProxyEndpoints: Sendable, Hashable {
    var http: String?
    var https: String?
    var noProxy: String?
    /// The proxies' resolved `address port` pairs.
    var endpoints: Set<String> = []

    init(environment: [String: String]) {
        func value(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        let all = value("all_proxy", "ALL_PROXY")
        http = value("http_proxy") ?? all
        https = value("https_proxy", "HTTPS_PROXY") ?? all
        noProxy = value("no_proxy", "NO_PROXY")
        for proxy in [http, https].compactMap({ $0 }) {
            let url = proxy.contains("://") ? proxy : "http://" + proxy
            guard let host = CurlURL.host(of: url) else { continue }
            let port = CurlURL.port(of: url) ?? 1080
            for address in AddressPolicy.resolve(host) { endpoints.insert("\(address) \(port)") }
        }
    }

    /// The proxy for `url`'s scheme, or "" for none (which also keeps libcurl from reading the
    /// process environment itself).
    func proxy(for url: String) -> String {
        (url.lowercased().hasPrefix("https:") ? https : http) ?? ""
    }

    func contains(address: String, port: Int) -> Bool {
        !endpoints.isEmpty && endpoints.contains("\(address) \(port)")
    }
}

extension AddressPolicy {
    /// The numeric addresses `host` stands for: itself when it is numeric (brackets removed),
    /// else what the system resolver answers.
    static func resolve(_ host: String) -> [String] {
        var name = host
        if name.hasPrefix("["), name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if privateKind(numeric: name) != "not an IP address" { return [name] }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>? = nil
        guard getaddrinfo(name, nil, &hints, &list) == 0 else { return [] }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry {
            if let address = current.pointee.ai_addr { addresses.append(text(sockaddr: address)) }
            entry = current.pointee.ai_next
        }
        return addresses
    }

    /// Why the host `host` is not public, judged by its name: a numeric host by its address, a
    /// name by the first non-public address it resolves to. Nil when public or unresolvable.
    static func privateKind(host: String) -> (kind: String, address: String)? {
        for address in resolve(host) {
            if let kind = privateKind(numeric: address) { return (kind, address) }
        }
        return nil
    }

    /// The port of a socket address.
    static func port(sockaddr address: UnsafePointer<sockaddr>) -> Int {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin_port))
            }
        case AF_INET6:
            return address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin6_port))
            }
        default:
            return 0
        }
    }
}
