import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A listening TCP socket on a loopback address at an ephemeral port; each accepted connection
/// is handed to `serve` on a thread of its own. The test servers are built on it.
final class LoopbackListener: Sendable {
    let host: String
    let port: UInt16
    private let socket: Int32
    private let stopped = Mutex(false)

    init(host: String, serve: @escaping @Sendable (Int32) -> Void) throws {
        (socket, port) = try Self.listeningSocket(host: host, backlog: 128)
        self.host = host
        let thread = Thread { [self] in self.acceptLoop(serve) }
        thread.start()
    }

    /// A socket bound to `host` at an ephemeral port and listening; its descriptor and port.
    static func listeningSocket(host: String, backlog: Int32) throws -> (socket: Int32, port: UInt16) {
        let isIPv6 = host.contains(":")
        let fd = Glibc.socket(isIPv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestHTTPServer.ServerError.socket }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var storage = sockaddr_storage()
        let length: socklen_t
        if isIPv6 {
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    address.pointee.sin6_family = sa_family_t(AF_INET6)
                    address.pointee.sin6_port = 0
                    _ = inet_pton(AF_INET6, host, &address.pointee.sin6_addr)
                }
            }
        } else {
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    address.pointee.sin_family = sa_family_t(AF_INET)
                    address.pointee.sin_port = 0
                    address.pointee.sin_addr.s_addr = inet_addr(host)
                }
            }
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, backlog) == 0 else {
            close(fd)
            throw TestHTTPServer.ServerError.socket
        }
        var boundLength = length
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &boundLength) }
        }
        // The port sits at the same offset in sockaddr_in and sockaddr_in6.
        let port = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_port }
        }
        return (fd, UInt16(bigEndian: port))
    }

    /// Stops accepting; connections being served finish on their own.
    ///
    /// Only the accept loop closes the socket, once `accept` has returned: were it closed here,
    /// its number could be reused at once by another test's listener, and this loop, between
    /// two `accept` calls, would take (and never answer) that listener's connections.
    func stop() {
        stopped.withLock { $0 = true }
        shutdown(socket, Int32(SHUT_RDWR))
    }

    private func acceptLoop(_ serve: @escaping @Sendable (Int32) -> Void) {
        while true {
            let client = accept(socket, nil, nil)
            let done = stopped.withLock { $0 }
            if done {
                if client >= 0 { close(client) }
                close(socket)
                return
            }
            if client < 0 { continue }
            let thread = Thread { serve(client) }
            thread.start()
        }
    }
}
