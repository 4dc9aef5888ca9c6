import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A private PostgreSQL cluster for the tests of one process: made with `initdb` in a temporary
/// folder, listening on 127.0.0.1 at a free port and on a socket in that folder, and stopped
/// when the process ends.
///
/// User `briefing` connects without a password (trust) and owns the databases that
/// `createDatabase()` makes, one per test; user `secret` must give the password
/// `PostgresServer.secretPassword` (scram-sha-256), for the password tests.
///
/// The binaries come from `pg_config --bindir`, else `/usr/lib/postgresql/*/bin` (Debian's
/// `postgresql` package). When there are none, `shared` is nil and the tests that need it are
/// skipped with a message; with `CI=true` that is a failure instead (`PostgresServer.required`).
/// As root (CI), initdb and the server run as user `postgres`, which owns the folder.
public final class PostgresServer: @unchecked Sendable {
    /// The cluster of this test process, started on first use; nil when PostgreSQL is not
    /// installed or did not start (`startError` says why).
    public static let shared: PostgresServer? = {
        do {
            return try PostgresServer()
        } catch {
            startError = "\(error)"
            return nil
        }
    }()

    nonisolated(unsafe) public private(set) static var startError = ""

    /// True when `CI` is `true`: there, no PostgreSQL is a failure, not a reason to skip.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Why the PostgreSQL tests cannot run here, or nil when they can.
    public static var unavailable: String? {
        shared == nil ? "PostgreSQL is not available (\(startError)); install the Debian package postgresql" : nil
    }

    public static let user = "briefing"
    public static let secretUser = "secret"
    public static let secretPassword = "s3cret-Pa55"

    public let port: Int
    public let folder: URL
    private let binaries: URL
    private let owner: String?
    private let lock = NSLock()
    private var databases = 0

    private var dataFolder: URL { folder.appendingPathComponent("data") }
    private var logFile: URL { folder.appendingPathComponent("server.log") }

    /// A cluster of its own, apart from `shared` (for tests that stop or restart the server,
    /// which must not break the other tests' connections); stopped at exit too.
    public static func makePrivate() throws -> PostgresServer { try PostgresServer() }

    init() throws {
        guard let binaries = Self.findBinaries() else {
            throw PostgresServerError("no PostgreSQL binaries (pg_config --bindir, /usr/lib/postgresql/*/bin)")
        }
        self.binaries = binaries
        owner = geteuid() == 0 ? "postgres" : nil
        folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
            "briefing-pg-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        if let owner {
            guard let entry = getpwnam(owner) else {
                throw PostgresServerError("running as root and there is no user \(owner)")
            }
            chown(folder.path, entry.pointee.pw_uid, entry.pointee.pw_gid)
        }
        port = try Self.freePort()
        try runAsOwner(
            "initdb", ["-D", dataFolder.path, "-U", Self.user, "--auth=trust", "-E", "UTF8", "--locale=C", "-N"])
        let hba = """
            local all all trust
            host all \(Self.secretUser) 127.0.0.1/32 scram-sha-256
            host all all 127.0.0.1/32 trust

            """
        try writeFile(hba, to: dataFolder.appendingPathComponent("pg_hba.conf"))
        let settings = """
            listen_addresses = '127.0.0.1'
            port = \(port)
            unix_socket_directories = '\(folder.path)'
            fsync = off
            synchronous_commit = off
            full_page_writes = off
            max_connections = 100
            shared_buffers = 32MB

            """
        try appendFile(settings, to: dataFolder.appendingPathComponent("postgresql.conf"))
        try start()
        Self.registerStop(self)
        try psql("CREATE ROLE \(Self.secretUser) LOGIN PASSWORD '\(Self.secretPassword)'")
    }

    /// A new, empty database for one test, owned by `briefing`; returns its URL (no password).
    public func createDatabase() throws -> String {
        let name = lock.withLock { () -> String in
            databases += 1
            return "test_\(databases)"
        }
        try psql("CREATE DATABASE \(name)")
        try psql("GRANT ALL ON DATABASE \(name) TO \(Self.secretUser)")
        try psql("GRANT ALL ON SCHEMA public TO \(Self.secretUser)", database: name)
        return url(database: name)
    }

    /// The URL of `database` for `user`, over TCP on 127.0.0.1.
    public func url(database: String, user: String = PostgresServer.user) -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// Starts the server (after `stop()`), waiting until it accepts connections.
    public func start() throws {
        try runAsOwner("pg_ctl", ["-D", dataFolder.path, "-l", logFile.path, "-w", "-t", "60", "start"])
    }

    /// Stops the server at once, ending every connection.
    public func stop() throws {
        try runAsOwner("pg_ctl", ["-D", dataFolder.path, "-m", "immediate", "-w", "stop"])
    }

    /// Stops and starts the server: every open connection is lost.
    public func restart() throws {
        try runAsOwner(
            "pg_ctl", ["-D", dataFolder.path, "-l", logFile.path, "-m", "fast", "-w", "-t", "60", "restart"])
    }

    /// Runs `sql` as `briefing` in `database` with psql.
    public func psql(_ sql: String, database: String = "postgres") throws {
        try run(
            binaries.appendingPathComponent("psql").path,
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port), "-U", Self.user, "-d",
                database, "-c", sql,
            ],
            asOwner: false)
    }

    // MARK: Processes

    private func runAsOwner(_ tool: String, _ arguments: [String]) throws {
        try run(binaries.appendingPathComponent(tool).path, arguments, asOwner: true)
    }

    private func writeFile(_ text: String, to file: URL) throws {
        try text.write(to: file, atomically: false, encoding: .utf8)
    }

    private func appendFile(_ text: String, to file: URL) throws {
        let handle = try FileHandle(forWritingTo: file)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    /// Runs a program to its end as a `ChildProcess`: every inherited descriptor above 2 is
    /// closed in the child, since the server that pg_ctl leaves running must not hold the test
    /// runner's pipes, or `swift test` never ends.
    private func run(_ program: String, _ arguments: [String], asOwner: Bool) throws {
        var argv = [program] + arguments
        if asOwner, let owner {
            argv = ["/usr/sbin/runuser", "-u", owner, "--"] + argv
        }
        let result = try Self.run(argv)
        guard result.status == 0, !result.signaled else {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)).map { "\n" + $0.suffix(2000) } ?? ""
            throw PostgresServerError(
                "\(argv.joined(separator: " ")) failed (\(result.status)): \(result.output)\(result.errors)\(log)")
        }
    }

    private static func run(_ argv: [String]) throws -> ProcessRun {
        try ChildProcess(
            Array(argv.dropFirst()), executable: URL(fileURLWithPath: argv[0]), environment: ["LC_ALL": "C"]
        ).wait()
    }

    private static func findBinaries() -> URL? {
        var candidates: [String] = []
        if let pgConfig = ["/usr/bin/pg_config", "/usr/local/bin/pg_config"].first(where: {
            FileManager.default.isExecutableFile(atPath: $0)
        }), let result = try? run([pgConfig, "--bindir"]), result.status == 0 {
            candidates.append(result.output.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        candidates += versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin" }
        return candidates.map(URL.init(fileURLWithPath:)).first {
            FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("initdb").path)
                && FileManager.default.isExecutableFile(atPath: $0.appendingPathComponent("pg_ctl").path)
        }
    }

    private static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PostgresServerError("no socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw PostgresServerError("no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    // MARK: Stopping at exit

    nonisolated(unsafe) private static var running: [PostgresServer] = []
    private static let runningLock = NSLock()

    private static func registerStop(_ server: PostgresServer) {
        runningLock.withLock {
            if running.isEmpty {
                atexit {
                    for server in PostgresServer.runningLock.withLock({ PostgresServer.running }) {
                        try? server.stop()
                        try? FileManager.default.removeItem(at: server.folder)
                    }
                }
            }
            running.append(server)
        }
    }
}

/// Why the test cluster could not be made or driven.
public struct PostgresServerError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
