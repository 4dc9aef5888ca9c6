import CSQLite
import Foundation

/// A value bound to or read from the state's database (SQLite or PostgreSQL).
enum SQLValue: Sendable, Hashable {
    case integer(Int64)
    case real(Double)
    case text(String)
    case null

    var int: Int64? { if case .integer(let value) = self { value } else { nil } }
    var double: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }
    var string: String? { if case .text(let value) = self { value } else { nil } }
}

/// One connection to a state back end: what `StateStore` runs its SQL through. SQLite
/// (`Database`, the default) and PostgreSQL implement it; the SQL a caller passes is written
/// with `?` parameters and, where the two differ, chosen by `dialect`.
protocol SQLConnection: AnyObject {
    /// Which SQL this connection speaks.
    var dialect: SQLDialect { get }
    /// What errors name: a file's path, or a database URL without its password.
    var location: String { get }
    /// Runs one or more statements without parameters.
    func execute(_ sql: String) throws(StateError)
    /// Runs `sql` with `values` bound to its `?` parameters; returns every row.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue]) throws(StateError) -> [[SQLValue]]
    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { get }
    /// Rows returned by `query` on this connection so far.
    var rowsRead: Int { get }
    /// Runs `body` in one transaction that takes the write lock at its start: all of it is
    /// stored, or none.
    @discardableResult
    func transaction<T>(_ body: () throws(StateError) -> T) throws(StateError) -> T
}

extension SQLConnection {
    @discardableResult
    func query(_ sql: String) throws(StateError) -> [[SQLValue]] { try query(sql, []) }
}

/// A thin owner of one SQLite connection: statements, transactions, errors with SQLite's text.
final class Database: SQLConnection {
    private let handle: OpaquePointer
    let path: String

    init(path: String, readOnly: Bool = false) throws(StateError) {
        var connection: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let status = sqlite3_open_v2(path, &connection, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard status == SQLITE_OK, let connection else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let connection { sqlite3_close(connection) }
            throw StateError(path: path, message: message)
        }
        handle = connection
        self.path = path
        sqlite3_busy_timeout(handle, 5000)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    func execute(_ sql: String) throws(StateError) {
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(handle, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) + hint } ?? lastError
            sqlite3_free(message)
            throw StateError(path: path, message: text)
        }
    }

    /// Runs `sql` with `values` bound to its `?` parameters; returns every row.
    @discardableResult
    func query(_ sql: String, _ values: [SQLValue]) throws(StateError) -> [[SQLValue]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw StateError(path: path, message: "\(lastError) in: \(sql)")
        }
        defer { sqlite3_finalize(statement) }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            switch value {
            case .integer(let number): sqlite3_bind_int64(statement, index, number)
            case .real(let number): sqlite3_bind_double(statement, index, number)
            case .text(let text): sqlite3_bind_text(statement, index, text, -1, csqlite_transient())
            case .null: sqlite3_bind_null(statement, index)
            }
        }
        var rows: [[SQLValue]] = []
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { break }
            guard status == SQLITE_ROW else { throw StateError(path: path, message: lastError) }
            var row: [SQLValue] = []
            for column in 0..<sqlite3_column_count(statement) {
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: row.append(.integer(sqlite3_column_int64(statement, column)))
                case SQLITE_FLOAT: row.append(.real(sqlite3_column_double(statement, column)))
                case SQLITE_NULL: row.append(.null)
                default:
                    if let text = sqlite3_column_text(statement, column) {
                        row.append(.text(String(cString: text)))
                    } else {
                        row.append(.null)
                    }
                }
            }
            rows.append(row)
        }
        rowsRead += rows.count
        return rows
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// Rows returned by `query` on this connection so far: what a read cost, for tests and
    /// benchmarks.
    private(set) var rowsRead = 0

    /// Runs `body` in one immediate transaction: all of it is stored, or none.
    @discardableResult
    func transaction<T>(_ body: () throws(StateError) -> T) throws(StateError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// SQLite's words for the last error, with a hint for the errors an operator can act on.
    private var lastError: String { String(cString: sqlite3_errmsg(handle)) + hint }

    private var hint: String {
        switch sqlite3_errcode(handle) {
        case SQLITE_FULL, SQLITE_IOERR: return " (is the disk full?)"
        case SQLITE_READONLY, SQLITE_PERM, SQLITE_CANTOPEN: return " (is the state directory writable?)"
        case SQLITE_CORRUPT, SQLITE_NOTADB: return " (the state is damaged; move it aside to start afresh)"
        default: return ""
        }
    }
}

/// A state directory or database that cannot be used: the path and SQLite's or the system's words.
public struct StateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "state: \(path): \(message)" }
}

/// The SQL a state back end speaks.
enum SQLDialect: Sendable, Hashable {
    case sqlite
    case postgres
}

extension Database {
    var dialect: SQLDialect { .sqlite }
    var location: String { path }
}

/// One schema version, written for each back end.
struct Migration: Sendable {
    var sqlite: String
    var postgres: String

    func sql(for dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite: sqlite
        case .postgres: postgres
        }
    }
}

/// Where the run state is kept: a directory holding SQLite's `state.db` (the default, nothing
/// to set up), or a PostgreSQL database shared by many processes and machines.
public enum StateLocation: Sendable, Hashable, CustomStringConvertible {
    case directory(String)
    /// `url` is `postgresql://user@host:port/database` (no password in it); `password`, when
    /// nil, is left to libpq (`PGPASSFILE`, `~/.pgpass`).
    case postgres(url: String, password: String?)

    /// The directory, or the URL without any password: what messages name.
    public var description: String {
        switch self {
        case .directory(let directory): directory
        case .postgres(let url, _): (try? PostgresURL(url).redacted) ?? PostgresURL.shown(url)
        }
    }

    /// Checks a PostgreSQL URL: a `postgresql://` or `postgres://` URL without a password.
    public static func checkPostgresURL(_ url: String) throws(StateError) {
        _ = try PostgresURL(url)
    }
}
