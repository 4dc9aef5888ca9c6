import Foundation

/// A private certificate authority and a server certificate it signed, made with `openssl` in a
/// new temporary folder, for TLS peers on 127.0.0.1.
///
/// The server certificate names `localhost`, `127.0.0.1` and `::1`. No system store trusts
/// the authority, so a client trusts the server only when it is given `caFile`.
public struct TestCertificates: Sendable {
    public let directory: URL
    /// The authority's certificate (PEM): what a client's `ca_file` names.
    public var caFile: String { directory.appendingPathComponent("ca.pem").path }
    /// The server's certificate chain (PEM) and key.
    public var certificateFile: String { directory.appendingPathComponent("server.pem").path }
    public var keyFile: String { directory.appendingPathComponent("server.key").path }

    /// True when `openssl` is on this machine.
    public static var available: Bool { Tool.find("openssl") != nil }

    /// Makes a new authority and server certificate (about half a second).
    public init() throws {
        directory = Repository.temporaryDirectory("tls")
        let dir = directory.path
        let extensions = directory.appendingPathComponent("server.ext")
        try """
        basicConstraints = CA:FALSE
        keyUsage = digitalSignature, keyEncipherment
        extendedKeyUsage = serverAuth
        subjectAltName = DNS:localhost, IP:127.0.0.1, IP:::1
        """.write(to: extensions, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(dir)/ca.key", "-out", "\(dir)/ca.pem",
                "-days", "2", "-subj", "/CN=briefing test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign",
            ],
            [
                "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "\(dir)/server.key", "-out", "\(dir)/server.csr",
                "-subj", "/CN=localhost",
            ],
            [
                "x509", "-req", "-in", "\(dir)/server.csr", "-CA", "\(dir)/ca.pem", "-CAkey", "\(dir)/ca.key",
                "-CAcreateserial", "-out", "\(dir)/server.pem", "-days", "2", "-extfile", extensions.path,
            ],
        ]
        for arguments in steps {
            try Tool.run("openssl", arguments)
        }
    }
}

/// Finding and running the programs tests use (openssl, python3, cmark).
public enum Tool {
    /// The program's path on PATH, if it is there.
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// True on CI (`CI=true`), where a missing tool is a failure rather than a skip.
    public static var onCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// A program that failed: its name, exit status and what it printed on standard error.
    public struct Failure: Error, CustomStringConvertible {
        public var program: String
        public var status: Int32
        public var output: String
        public var description: String { "\(program) exited \(status): \(output)" }
    }

    /// Runs `name` with `arguments` and `input` on standard input; returns standard output.
    @discardableResult
    public static func run(_ name: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        guard let path = find(name) else { throw Failure(program: name, status: -1, output: "not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin
        try process.run()
        // Read both pipes while the program runs, so that neither fills up and blocks it.
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            outData = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        group.enter()
        DispatchQueue.global().async {
            errData = errors.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        group.wait()
        guard process.terminationStatus == 0 else {
            throw Failure(
                program: name, status: process.terminationStatus, output: String(decoding: errData, as: UTF8.self))
        }
        return outData
    }
}

/// A server in another process (a Python peer such as `aiosmtpd` or an HTTPS server) on
/// 127.0.0.1: started with a command that prints `PORT <n>` on its first line of standard
/// output once it listens, and ended by `stop()` or when the value goes away.
public final class ExternalServer: @unchecked Sendable {
    public let port: UInt16
    private let process: Process
    private let output: Pipe
    /// Where the server's standard error goes (a file, so that it can never fill a pipe).
    public let errorLog: URL

    /// Starts `program` with `arguments` and waits for its `PORT <n>` line.
    public init(_ program: String, _ arguments: [String]) throws {
        guard let path = Tool.find(program) else {
            throw Tool.Failure(program: program, status: -1, output: "not installed")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        errorLog = Repository.temporaryDirectory("server-log").appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorLog)
        try process.run()
        var line = Data()
        while true {
            let byte = output.fileHandleForReading.readData(ofLength: 1)
            if byte.isEmpty || byte == Data("\n".utf8) { break }
            line.append(byte)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("PORT "), let port = UInt16(text.dropFirst(5)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let errors = (try? String(contentsOf: errorLog, encoding: .utf8)) ?? ""
            throw Tool.Failure(
                program: program, status: process.terminationStatus,
                output: "did not report a port: \(text) \(errors)")
        }
        self.port = port
    }

    /// The lines the server printed after its port line, once it has stopped.
    public func stop() -> String {
        end()
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    deinit {
        end()
    }

    /// SIGKILL, since a test process may pass SIGTERM on as ignored to its children.
    private func end() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }
}
