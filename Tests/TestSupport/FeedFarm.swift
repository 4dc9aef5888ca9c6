import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Many generated feeds served over many loopback addresses, for the scale tests and the workers
/// benchmark: one listening socket on each of 127.0.0.2, 127.0.0.3 ... (Linux routes all of
/// 127.0.0.0/8 to the loopback interface, so they need no set-up), feed `n` on address
/// `n % hosts`, each response held back by `latency`.
///
/// One thread serves every connection with `poll`, so a thousand connections waiting out their
/// latency cost no thread each. The farm counts the requests for each feed and records, per
/// address, the most connections open at once and the most requests under way at once (from the
/// request's arrival to its response's last byte): the latter is what a per-host limit bounds,
/// since a client may keep idle connections open.
///
/// briefing refuses loopback and private addresses in feed URLs unless allowed: a configuration
/// that reads the farm's feeds needs `[fetch] allow_private_networks = true` (in code,
/// `FetchConfiguration.allowPrivateNetworks`), or requests of scope `.userWritten`.
///
/// Each feed is RSS 2.0 with `items` items (guids `feed<n>-item<k>`) and an ETag: a request
/// carrying it as If-None-Match gets 304 Not Modified. `advance()` publishes one more item in
/// every feed (and changes every ETag).
public final class FeedFarm: Sendable {
    /// One address of the farm and the port it listens on.
    public struct Host: Sendable {
        public let address: String
        public let port: UInt16
        public var baseURL: String { "http://\(address):\(port)" }
    }

    /// What the farm has seen since it started (or since `resetCounts()`).
    public struct Counts: Sendable {
        /// Requests for each feed, by feed number; 304 answers included.
        public var requests: [Int]
        /// Requests answered 304 Not Modified.
        public var notModified = 0
        /// Requests for no feed of the farm, or for a feed on another address than its own.
        public var misdirected = 0
        /// The most connections open at once, per address (index as `hosts`).
        public var peakConnections: [Int]
        /// The most requests under way at once, per address.
        public var peakInFlight: [Int]
        public var totalRequests: Int { requests.reduce(0, +) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public let hosts: [Host]
    public let feedCount: Int
    /// Seconds each response is held back.
    public let latency: Double
    public let items: Int
    private let listeners: [Int32]
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let shared: Mutex<Shared>
    private let finished = DispatchSemaphore(value: 0)
    /// Broadcast after each request is counted, for `waitForRequests`.
    private let progress = NSCondition()

    private struct Shared {
        var counts: Counts
        var open: [Int]
        var inFlight: [Int]
        /// Requests counted since the last reset: `counts.totalRequests`, kept as it goes.
        var served = 0
        var edition = 0
        var stopping = false
    }

    /// Starts serving `feeds` feeds over `hostCount` addresses from 127.0.0.2 (at most 250).
    public init(feeds: Int, hosts hostCount: Int = 20, latency: Double = 0.010, items: Int = 3) throws {
        guard hostCount >= 1, hostCount <= 250 else {
            throw Failure(description: "FeedFarm: \(hostCount) hosts; 1 to 250 fit in 127.0.0.2-127.0.0.251")
        }
        var listeners: [Int32] = []
        var hosts: [Host] = []
        for index in 0..<hostCount {
            let address = "127.0.0.\(index + 2)"
            do {
                let (socket, port) = try LoopbackListener.listeningSocket(host: address, backlog: 1024)
                _ = fcntl(socket, F_SETFL, fcntl(socket, F_GETFL) | O_NONBLOCK)
                listeners.append(socket)
                hosts.append(Host(address: address, port: port))
            } catch {
                listeners.forEach { _ = close($0) }
                throw Failure(description: "FeedFarm: cannot listen on \(address) (errno \(errno))")
            }
        }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            listeners.forEach { _ = close($0) }
            throw Failure(description: "FeedFarm: cannot make its wake-up pipe")
        }
        self.listeners = listeners
        self.hosts = hosts
        self.feedCount = feeds
        self.latency = latency
        self.items = items
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        shared = Mutex(
            Shared(
                counts: Counts(
                    requests: Array(repeating: 0, count: feeds), peakConnections: Array(repeating: 0, count: hostCount),
                    peakInFlight: Array(repeating: 0, count: hostCount)),
                open: Array(repeating: 0, count: hostCount), inFlight: Array(repeating: 0, count: hostCount)))
        let thread = Thread { [self] in
            var loop = EventLoop(farm: self)
            loop.run()
            finished.signal()
        }
        thread.name = "FeedFarm"
        thread.start()
    }

    /// The URL of feed `number`.
    public func url(of number: Int) -> String {
        "\(hosts[number % hosts.count].baseURL)/feed/\(number).xml"
    }

    /// Every feed's URL, by number.
    public var urls: [String] { (0..<feedCount).map(url(of:)) }

    /// An OPML 2.0 list of every feed, for a configuration's `[briefing] feeds`.
    public func opml(title: String = "Feed farm") -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0"><head><title>\(title)</title></head><body>
            <outline text="Farm">

            """
        for number in 0..<feedCount {
            text += "<outline type=\"rss\" text=\"Feed \(number)\" xmlUrl=\"\(url(of: number))\"/>\n"
        }
        return text + "</outline></body></opml>\n"
    }

    /// The counts so far.
    public var counts: Counts { shared.withLock { $0.counts } }

    /// Starts counting afresh (requests and peaks); connections open now count from now.
    public func resetCounts() {
        shared.withLock { state in
            state.counts = Counts(
                requests: Array(repeating: 0, count: feedCount), peakConnections: state.open,
                peakInFlight: state.inFlight)
            state.served = 0
        }
    }

    /// Waits until the farm has counted at least `count` requests for its feeds since the last
    /// `resetCounts()` (to act in the middle of a cycle: kill a worker, restart the database),
    /// or `timeout` seconds have passed; true when the count was reached. It sleeps on a
    /// condition the serving thread signals, never for a fixed time.
    public func waitForRequests(_ count: Int, timeout: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        progress.lock()
        defer { progress.unlock() }
        while shared.withLock({ $0.served }) < count {
            if !progress.wait(until: deadline) { return shared.withLock { $0.served } >= count }
        }
        return true
    }

    /// Publishes one more item in every feed: each changes, and its old ETag no longer matches.
    public func advance() {
        shared.withLock { $0.edition += 1 }
    }

    /// The feed `number` as served now, and its ETag.
    public func feed(_ number: Int) -> (body: [UInt8], etag: String) {
        let edition = shared.withLock { $0.edition }
        return (Array(Self.document(number: number, edition: edition, items: items).utf8), "\"f\(number)-e\(edition)\"")
    }

    /// Stops serving and closes every socket; returns once the serving thread has ended.
    public func stop() {
        let first = shared.withLock { state in
            defer { state.stopping = true }
            return !state.stopping
        }
        guard first else { return }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
        finished.wait()
        close(wakeWrite)
    }

    /// RSS 2.0 for feed `number`: the newest `items` of its `items + edition` items.
    static func document(number: Int, edition: Int, items: Int) -> String {
        let total = items + edition
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0"><channel><title>Feed \(number)</title><link>https://feed\(number).example/</link>
            <description>Generated feed \(number)</description>

            """
        for index in stride(from: total - 1, through: max(0, total - items), by: -1) {
            let hour = (number + index) % 24
            let minute = (number * 7 + index * 13) % 60
            text += """
                <item><guid isPermaLink="false">feed\(number)-item\(index)</guid>
                <title>Report \(index) from feed \(number)</title><link>https://feed\(number).example/story/\(index)</link>
                <pubDate>Fri, 27 Nov 2026 \(hour < 10 ? "0" : "")\(hour):\(minute < 10 ? "0" : "")\(minute):00 +0000</pubDate>
                <description>Feed \(number) reports item \(index). The council of district \(number % 97) approved \
                plan \(index) on Friday after a vote of \(5 + index % 7) to \(index % 5). Officials said the work \
                would start in spring and cost \(10 + number % 90) million. Residents had asked for it for years.</description></item>

                """
        }
        return text + "</channel></rss>\n"
    }

    // MARK: Serving

    /// One client connection: what it sent, the response it is owed and when.
    private struct Connection {
        var fd: Int32
        var host: Int
        var input: [UInt8] = []
        var output: [UInt8] = []
        var sent = 0
        /// When the response may go out (monotonic nanoseconds), while one is held back.
        var due: UInt64?
        var closeAfterResponse = false
        var serving = false
    }

    /// The serving thread's state; only that thread touches it.
    private struct EventLoop {
        let farm: FeedFarm
        var connections: [Int32: Connection] = [:]

        init(farm: FeedFarm) {
            self.farm = farm
        }

        static func now() -> UInt64 {
            var time = timespec()
            clock_gettime(CLOCK_MONOTONIC, &time)
            return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
        }

        mutating func run() {
            var descriptors: [pollfd] = []
            while true {
                descriptors.removeAll(keepingCapacity: true)
                descriptors.append(pollfd(fd: farm.wakeRead, events: Int16(POLLIN), revents: 0))
                for listener in farm.listeners {
                    descriptors.append(pollfd(fd: listener, events: Int16(POLLIN), revents: 0))
                }
                let now = Self.now()
                var nextDue: UInt64?
                for (fd, connection) in connections {
                    var events: Int16 = 0
                    if let due = connection.due {
                        if due <= now {
                            events = Int16(POLLOUT)
                        } else {
                            nextDue = min(nextDue ?? due, due)
                        }
                    } else if connection.sent < connection.output.count {
                        events = Int16(POLLOUT)
                    } else {
                        events = Int16(POLLIN)
                    }
                    descriptors.append(pollfd(fd: fd, events: events, revents: 0))
                }
                let timeout = nextDue.map { Int32(min(1000, ($0 - now + 999_999) / 1_000_000)) } ?? -1
                let ready = poll(&descriptors, nfds_t(descriptors.count), timeout)
                if ready < 0 && errno != EINTR { break }
                if descriptors[0].revents != 0 { break }
                for index in 0..<farm.listeners.count where descriptors[1 + index].revents != 0 {
                    accept(from: index)
                }
                let first = 1 + farm.listeners.count
                let time = Self.now()
                for descriptor in descriptors[first...] {
                    let fd = descriptor.fd
                    // A client gone while its response is held back.
                    if descriptor.revents & Int16(POLLHUP | POLLERR) != 0, connections[fd]?.due != nil {
                        drop(fd)
                        continue
                    }
                    if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0, connections[fd]?.due == nil,
                        connections[fd].map({ $0.sent >= $0.output.count }) == true
                    {
                        read(fd)
                    }
                    if let due = connections[fd]?.due, due <= time {
                        release(fd)
                    }
                    if descriptor.revents & Int16(POLLOUT) != 0 || connections[fd]?.output.isEmpty == false {
                        flush(fd)
                    }
                }
            }
            for fd in connections.keys { close(fd) }
            for listener in farm.listeners { close(listener) }
            close(farm.wakeRead)
        }

        mutating func accept(from index: Int) {
            while true {
                let fd = Glibc.accept(farm.listeners[index], nil, nil)
                if fd < 0 { return }
                _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                connections[fd] = Connection(fd: fd, host: index)
                farm.shared.withLock { state in
                    state.open[index] += 1
                    state.counts.peakConnections[index] = max(state.counts.peakConnections[index], state.open[index])
                }
            }
        }

        mutating func read(_ fd: Int32) {
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                drop(fd)
                return
            }
            if count > 0 { connections[fd]?.input.append(contentsOf: chunk[0..<count]) }
            startNextRequest(fd)
        }

        /// Takes the next complete request out of the connection's input, if there is one, and
        /// holds its response back for the latency.
        mutating func startNextRequest(_ fd: Int32) {
            guard var connection = connections[fd], !connection.serving,
                let end = Self.headEnd(connection.input)
            else { return }
            let head = String(decoding: connection.input[0..<end], as: UTF8.self)
            connection.input.removeFirst(end + 4)
            var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
            let requestLine = lines.isEmpty ? [] : lines.removeFirst().split(separator: " ")
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                    in: .whitespaces)
            }
            let path = requestLine.count >= 2 ? String(requestLine[1]) : ""
            connection.closeAfterResponse = headers["connection"]?.lowercased() == "close"
            connection.output = response(path: path, host: connection.host, ifNoneMatch: headers["if-none-match"])
            connection.sent = 0
            connection.serving = true
            connection.due = Self.now() + UInt64(max(0, farm.latency) * 1e9)
            connections[fd] = connection
            let host = connection.host
            farm.shared.withLock { state in
                state.inFlight[host] += 1
                state.counts.peakInFlight[host] = max(state.counts.peakInFlight[host], state.inFlight[host])
            }
        }

        /// The end of the request head (the index of its blank line), if it has arrived.
        static func headEnd(_ bytes: [UInt8]) -> Int? {
            guard bytes.count >= 4 else { return nil }
            for index in 0...(bytes.count - 4)
            where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
                return index
            }
            return nil
        }

        /// The whole response to a GET of `path` on address `host`, and the request counted.
        func response(path: String, host: Int, ifNoneMatch: String?) -> [UInt8] {
            let number: Int? = {
                guard path.hasPrefix("/feed/"), path.hasSuffix(".xml") else { return nil }
                return Int(path.dropFirst("/feed/".count).dropLast(".xml".count))
            }()
            guard let number, number >= 0, number < farm.feedCount, number % farm.hosts.count == host else {
                farm.shared.withLock { $0.counts.misdirected += 1 }
                return Array("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".utf8)
            }
            let (body, etag) = farm.feed(number)
            let unchanged = ifNoneMatch == etag
            farm.shared.withLock { state in
                state.counts.requests[number] += 1
                state.served += 1
                if unchanged { state.counts.notModified += 1 }
            }
            farm.progress.lock()
            farm.progress.broadcast()
            farm.progress.unlock()
            if unchanged {
                return Array("HTTP/1.1 304 Not Modified\r\nETag: \(etag)\r\nContent-Length: 0\r\n\r\n".utf8)
            }
            let head =
                "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nETag: \(etag)\r\nContent-Length: \(body.count)\r\n\r\n"
            return Array(head.utf8) + body
        }

        /// The latency is over: the response may go out.
        mutating func release(_ fd: Int32) {
            connections[fd]?.due = nil
        }

        /// Sends what the kernel takes of the response; when all of it is gone, the request is
        /// done and the next one on the connection (keep-alive) starts.
        mutating func flush(_ fd: Int32) {
            guard var connection = connections[fd], connection.due == nil, connection.sent < connection.output.count
            else { return }
            let sent = connection.output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + connection.sent, raw.count - connection.sent, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
                drop(fd)
                return
            }
            connection.sent += sent
            guard connection.sent >= connection.output.count else {
                connections[fd] = connection
                return
            }
            connection.output = []
            connection.sent = 0
            connection.serving = false
            connections[fd] = connection
            let host = connection.host
            farm.shared.withLock { $0.inFlight[host] -= 1 }
            if connection.closeAfterResponse {
                drop(fd)
            } else {
                startNextRequest(fd)
            }
        }

        mutating func drop(_ fd: Int32) {
            guard let connection = connections.removeValue(forKey: fd) else { return }
            close(fd)
            farm.shared.withLock { state in
                state.open[connection.host] -= 1
                if connection.serving { state.inFlight[connection.host] -= 1 }
            }
        }
    }
}
