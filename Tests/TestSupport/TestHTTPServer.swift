import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for tests: each request is answered by a handler
/// that returns raw behaviour (status, headers, body, or a misbehaviour such as a stall).
///
/// It binds an ephemeral port, serves each connection on its own thread, and stops when
/// `stop()` is called. No test sleeps: a stalling response waits on a semaphore that `stop()`
/// signals, and a dripping one waits between bytes on the connection's own thread.
public final class TestHTTPServer: @unchecked Sendable {
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
    }

    public enum Reply: Sendable {
        /// A normal response; Content-Length is added unless `headers` has one.
        case response(status: Int, headers: [String: String] = [:], body: Data = Data())
        /// Headers promising `announced` bytes, then `body`, then the connection closes.
        case truncated(announced: Int, body: Data)
        /// Accepts the request and never answers until the server stops.
        case stall
        /// Closes the connection without answering.
        case reset
        /// Sends the body in chunks (Transfer-Encoding: chunked), no Content-Length.
        case chunked(status: Int, headers: [String: String] = [:], chunks: [Data])
        /// Headers promising `announced` bytes, then one byte every `interval` seconds until all
        /// are sent, the client hangs up or the server stops.
        case drip(announced: Int, interval: Double)
    }

    public let port: UInt16
    public let host: String
    private let listener: LoopbackListener
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var requests: [Request] = []
    private let stallRelease = DispatchSemaphore(value: 0)
    private var stalled = 0
    private var stopped = false
    /// Connections open at once to this server.
    public let connections = Gauge()

    /// Serves on `host` (a loopback address) at an ephemeral port.
    public init(host: String = "127.0.0.1", handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        self.host = host
        let box = ServeBox()
        listener = try LoopbackListener(host: host) { box.server?.serve($0) }
        port = listener.port
        box.server = self
    }

    /// Lets the listener reach the server once it exists.
    private final class ServeBox: @unchecked Sendable {
        weak var server: TestHTTPServer?
    }

    public enum ServerError: Error { case socket }

    public var baseURL: String { host.contains(":") ? "http://[\(host)]:\(port)" : "http://\(host):\(port)" }

    /// Requests received so far.
    public var received: [Request] {
        lock.lock()
        defer { lock.unlock() }
        return requests
    }

    public func stop() {
        lock.lock()
        let waiting = stalled
        stopped = true
        lock.unlock()
        listener.stop()
        for _ in 0..<waiting { stallRelease.signal() }
    }

    private func serve(_ client: Int32) {
        connections.enter()
        defer {
            close(client)
            connections.leave()
        }
        // Keep-alive: serve requests on this connection until it closes.
        var buffer = Data()
        while true {
            guard let (request, rest) = readRequest(client, buffer: buffer) else { return }
            buffer = rest
            lock.lock()
            requests.append(request)
            lock.unlock()
            switch handler(request) {
            case .response(let status, let headers, let body):
                var all = headers
                if all.keys.first(where: { $0.lowercased() == "content-length" }) == nil {
                    all["Content-Length"] = "\(body.count)"
                }
                send(client, head(status: status, headers: all) + body)
            case .truncated(let announced, let body):
                send(
                    client,
                    head(status: 200, headers: ["Content-Length": "\(announced)", "Connection": "close"]) + body)
                return
            case .stall:
                lock.lock()
                stalled += 1
                lock.unlock()
                stallRelease.wait()
                return
            case .reset:
                var option = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
                return
            case .chunked(let status, let headers, let chunks):
                var all = headers
                all["Transfer-Encoding"] = "chunked"
                var payload = head(status: status, headers: all)
                for chunk in chunks where !chunk.isEmpty {
                    payload += Data(String(chunk.count, radix: 16).utf8) + Data("\r\n".utf8) + chunk + Data("\r\n".utf8)
                }
                payload += Data("0\r\n\r\n".utf8)
                send(client, payload)
            case .drip(let announced, let interval):
                guard send(client, head(status: 200, headers: ["Content-Length": "\(announced)"])) else { return }
                for _ in 0..<announced {
                    Thread.sleep(forTimeInterval: interval)
                    lock.lock()
                    let done = stopped
                    lock.unlock()
                    if done || !send(client, Data("x".utf8)) { return }
                }
            }
        }
    }

    private func head(status: Int, headers: [String: String]) -> Data {
        var text = "HTTP/1.1 \(status) Status\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        return Data((text + "\r\n").utf8)
    }

    /// Sends all of `data`; false when the connection failed first.
    @discardableResult
    private func send(_ client: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let sent = Glibc.send(client, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }

    private func readRequest(_ client: Int32, buffer start: Data) -> (Request, Data)? {
        var buffer = start
        let separator = Data("\r\n\r\n".utf8)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while buffer.range(of: separator) == nil {
            let count = recv(client, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer.append(chunk, count: count)
        }
        guard let end = buffer.range(of: separator) else { return nil }
        let headText = String(decoding: buffer[buffer.startIndex..<end.lowerBound], as: UTF8.self)
        let rest = Data(buffer[end.upperBound...])
        var lines = headText.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        return (Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers), rest)
    }
}
