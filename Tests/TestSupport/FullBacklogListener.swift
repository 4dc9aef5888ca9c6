import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A listening socket on 127.0.0.1 that never accepts, its queue of pending connections filled
/// at once: a new connection to it is never established, so a client's connect timeout fires.
public final class FullBacklogListener: @unchecked Sendable {
    public let port: UInt16
    private let socket: Int32
    private var fillers: [Int32] = []

    public init() throws {
        (socket, port) = try LoopbackListener.listeningSocket(host: "127.0.0.1", backlog: 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        // Linux queues backlog + 1 connections; a few more than that fill it whatever the kernel.
        for _ in 0..<3 {
            let filler = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard filler >= 0 else { continue }
            _ = fcntl(filler, F_SETFL, fcntl(filler, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            fillers.append(filler)
        }
    }

    public var baseURL: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        fillers.forEach { close($0) }
        close(socket)
    }
}
