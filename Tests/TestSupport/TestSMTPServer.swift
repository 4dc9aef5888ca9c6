import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A minimal SMTP server on 127.0.0.1 for tests (RFC 5321 without extensions): it accepts
/// EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT, and keeps each message received.
public final class TestSMTPServer: Sendable {
    /// One message as received: envelope and the data with dot-stuffing undone.
    public struct Message: Sendable {
        public var from: String
        public var recipients: [String]
        public var data: String
    }

    public let port: UInt16
    private let listener: LoopbackListener
    private let messages = Mutex<[Message]>([])
    /// When true, every MAIL command is refused (a failing server).
    private let refuse: Bool

    public init(refuse: Bool = false) throws {
        self.refuse = refuse
        let box = ServeBox()
        listener = try LoopbackListener(host: "127.0.0.1") { box.server?.serve($0) }
        port = listener.port
        box.server = self
    }

    /// Lets the listener reach the server once it exists.
    private final class ServeBox: @unchecked Sendable {
        weak var server: TestSMTPServer?
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    public var received: [Message] {
        messages.withLock { $0 }
    }

    public func stop() {
        listener.stop()
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var reader = LineReader(client: client)
        send(client, "220 localhost test SMTP ready")
        var from = ""
        var recipients: [String] = []
        while let line = reader.next() {
            let command = line.uppercased()
            if command.hasPrefix("EHLO") || command.hasPrefix("HELO") {
                send(client, "250 localhost")
            } else if command.hasPrefix("MAIL FROM:") {
                if refuse {
                    send(client, "550 mailbox unavailable")
                    continue
                }
                from = String(line.dropFirst(10)).trimmingCharacters(in: .whitespaces)
                recipients = []
                send(client, "250 OK")
            } else if command.hasPrefix("RCPT TO:") {
                recipients.append(String(line.dropFirst(8)).trimmingCharacters(in: .whitespaces))
                send(client, "250 OK")
            } else if command == "DATA" {
                send(client, "354 End data with <CR><LF>.<CR><LF>")
                var lines: [String] = []
                while let dataLine = reader.next(), dataLine != "." {
                    lines.append(dataLine.hasPrefix("..") ? String(dataLine.dropFirst()) : dataLine)
                }
                let message = Message(from: from, recipients: recipients, data: lines.joined(separator: "\r\n"))
                messages.withLock { $0.append(message) }
                send(client, "250 OK queued")
            } else if command == "QUIT" {
                send(client, "221 Bye")
                return
            } else if command == "RSET" || command == "NOOP" {
                send(client, "250 OK")
            } else {
                send(client, "502 Command not implemented")
            }
        }
    }

    private func send(_ client: Int32, _ line: String) {
        let bytes = Array((line + "\r\n").utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private struct LineReader {
        let client: Int32
        var buffer: [UInt8] = []

        init(client: Int32) { self.client = client }

        mutating func next() -> String? {
            while true {
                if let index = buffer.firstIndex(of: 0x0A) {
                    var line = Array(buffer[..<index])
                    buffer.removeFirst(index + 1)
                    if line.last == 0x0D { line.removeLast() }
                    return String(decoding: line, as: UTF8.self)
                }
                var chunk = [UInt8](repeating: 0, count: 4096)
                let count = recv(client, &chunk, chunk.count, 0)
                if count <= 0 { return nil }
                buffer.append(contentsOf: chunk[..<count])
            }
        }
    }
}
