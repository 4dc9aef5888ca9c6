import CPostgres
import Foundation

/// One connection to a PostgreSQL database through libpq: statements with `?` parameters
/// (rewritten to `$1`, `$2`...), results typed by their column types, and transactions that
/// survive a lost connection.
///
/// libpq rather than postgres-nio: it is a small C library in Debian (libpq5, its headers in
/// libpq-dev), synchronous as the SQLite connection is, loaded on first use like libcurl, and
/// it adds nothing to a build from scratch (postgres-nio brings swift-nio, swift-crypto and
/// more).
///
/// A transaction whose connection is lost (the server restarted, an administrator ended the
/// session, the network failed) is run again, whole, on a new connection, for up to
/// `retryLimit` seconds with growing pauses; so is one the server aborted as a serialization
/// failure or a deadlock. A transaction's body must therefore do nothing but SQL that it may
/// do twice. A COMMIT lost with its connection may or may not have been applied: the
/// store's writes are upserts, so doing them again gives the same state.
final class PostgresDatabase: SQLConnection {
    let dialect = SQLDialect.postgres
    /// The URL without any password: what errors name.
    let location: String
    private let url: String
    private let password: String?
    private let readOnly: Bool
    private var connection: OpaquePointer?
    /// How the last failed statement failed, for the retry decision (nil after a success).
    private var failure: Failure?
    private var inTransaction = false

    /// How long a transaction is retried after a lost connection, in seconds.
    var retryLimit: TimeInterval = 60

    private(set) var changes = 0
    private(set) var rowsRead = 0

    private enum Failure {
        /// The connection is gone: connect again, run the whole transaction again.
        case connection
        /// The server aborted the transaction (serialization failure, deadlock): run it again.
        case conflict
        /// Anything else: an error in the SQL or the data, reported as it is.
        case other
    }

    /// Connects to `url` (`postgresql://user@host:port/database`); `password`, if given, is
    /// handed to libpq apart from the URL, which must not hold one.
    init(url: String, password: String?, readOnly: Bool = false) throws(StateError) {
        let parsed = try PostgresURL(url)
        self.url = parsed.text
        self.location = parsed.redacted
        self.password = password
        self.readOnly = readOnly
        var message = [CChar](repeating: 0, count: 1024)
        if cpostgres_load(&message, message.count) != 0 {
            let text = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw StateError(path: location, message: text)
        }
        try connect()
    }

    deinit {
        if let connection { PQfinish(connection) }
    }

    private func connect() throws(StateError) {
        if let connection { PQfinish(connection) }
        connection = nil
        var keywords = ["dbname", "client_encoding", "fallback_application_name", "connect_timeout"]
        var values = [url, "UTF8", "briefing", "10"]
        if let password {
            keywords.append("password")
            values.append(password)
        }
        let handle = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let handle else { throw StateError(path: location, message: "cannot connect: out of memory") }
        guard PQstatus(handle) == CONNECTION_OK else {
            let text = Self.trimmed(String(cString: PQerrorMessage(handle)))
            PQfinish(handle)
            failure = .connection
            throw StateError(path: location, message: "cannot connect: \(text)")
        }
        connection = handle
        // Notices ("... already exists, skipping") are not for the operator.
        try run("SET client_min_messages = warning", [])
        if readOnly {
            try run("SET default_transaction_read_only = on", [])
        }
    }

    func execute(_ sql: String) throws(StateError) {
        try retrying { () throws(StateError) in _ = try run(sql, nil) }
    }

    @discardableResult
    func query(_ sql: String, _ values: [SQLValue]) throws(StateError) -> [[SQLValue]] {
        let rewritten = Self.numberedParameters(sql)
        return try retrying { () throws(StateError) in try run(rewritten, values) }
    }

    @discardableResult
    func transaction<T>(_ body: () throws(StateError) -> T) throws(StateError) -> T {
        if inTransaction { return try body() }
        return try retrying { () throws(StateError) -> T in
            try run("BEGIN", nil)
            inTransaction = true
            do throws(StateError) {
                let result = try body()
                try run("COMMIT", nil)
                inTransaction = false
                return result
            } catch {
                inTransaction = false
                // The rollback's own outcome must not hide how the transaction failed.
                let cause = failure
                if cause != .connection { _ = try? run("ROLLBACK", nil) }
                failure = cause
                throw error
            }
        }
    }

    /// Runs `attempt`, and again after a lost connection or an aborted transaction, until it
    /// succeeds or `retryLimit` has passed; inside a transaction, the transaction retries.
    private func retrying<T>(_ attempt: () throws(StateError) -> T) throws(StateError) -> T {
        if inTransaction { return try attempt() }
        let deadline = Date().addingTimeInterval(retryLimit)
        var pause = 0.05
        while true {
            do {
                if connection == nil || PQstatus(connection) != CONNECTION_OK {
                    try connect()
                }
                return try attempt()
            } catch {
                guard failure == .connection || failure == .conflict,
                    Date().addingTimeInterval(pause) < deadline
                else { throw error }
                if failure == .connection, let connection {
                    PQfinish(connection)
                    self.connection = nil
                }
                Thread.sleep(forTimeInterval: pause)
                pause = min(pause * 2, 2)
            }
        }
    }

    /// One round trip: `sql` with `values` as text parameters (nil: PQexec, which takes several
    /// statements and no parameters).
    @discardableResult
    private func run(_ sql: String, _ values: [SQLValue]?) throws(StateError) -> [[SQLValue]] {
        guard let connection else {
            failure = .connection
            throw StateError(path: location, message: "not connected")
        }
        let result: OpaquePointer?
        if let values {
            let texts: [String?] = values.map(Self.parameterText)
            result = withOptionalCStrings(texts) { pointers in
                PQexecParams(connection, sql, Int32(texts.count), nil, pointers, nil, nil, 0)
            }
        } else {
            result = PQexec(connection, sql)
        }
        defer { PQclear(result) }
        let status = result.map(PQresultStatus) ?? PGRES_FATAL_ERROR
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw error(of: result, sql: sql)
        }
        failure = nil
        guard let result else { return [] }
        changes = Int(String(cString: PQcmdTuples(result))) ?? 0
        let rowCount = PQntuples(result)
        let columnCount = PQnfields(result)
        guard rowCount > 0 else { return [] }
        let types = (0..<columnCount).map { PQftype(result, $0) }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [SQLValue] = []
            values.reserveCapacity(Int(columnCount))
            for column in 0..<columnCount {
                if PQgetisnull(result, row, column) != 0 {
                    values.append(.null)
                    continue
                }
                values.append(Self.value(String(cString: PQgetvalue(result, row, column)), type: types[Int(column)]))
            }
            rows.append(values)
        }
        rowsRead += rows.count
        return rows
    }

    /// The error of a failed statement, with the server's words; records how it failed.
    private func error(of result: OpaquePointer?, sql: String) -> StateError {
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let text: String
        if let result, let message = PQresultErrorMessage(result), message.pointee != 0 {
            text = Self.trimmed(String(cString: message))
        } else if let connection {
            text = Self.trimmed(String(cString: PQerrorMessage(connection)))
        } else {
            text = "no answer from the server"
        }
        if connection.map({ PQstatus($0) != CONNECTION_OK }) ?? true || state?.hasPrefix("08") == true
            || state == "57P01" || state == "57P02" || state == "57P03" || (state == nil && result == nil)
        {
            failure = .connection
        } else if state == "40001" || state == "40P01" {
            failure = .conflict
        } else {
            failure = .other
        }
        let statement = sql.count > 200 ? String(sql.prefix(200)) + "..." : sql
        return StateError(path: location, message: "\(text) in: \(statement)")
    }

    /// A result's text as a value of its column's type (by type OID: bool, int2/4/8, oid,
    /// float4/8, numeric; the rest is text).
    private static func value(_ text: String, type: UInt32) -> SQLValue {
        switch type {
        case 16: return .integer(text == "t" ? 1 : 0)
        case 20, 21, 23, 26: return Int64(text).map(SQLValue.integer) ?? .text(text)
        case 700, 701, 1700:
            switch text {
            case "Infinity": return .real(.infinity)
            case "-Infinity": return .real(-.infinity)
            default: return Double(text).map(SQLValue.real) ?? .text(text)
            }
        default: return .text(text)
        }
    }

    /// A parameter as the text PostgreSQL reads it as (nil: NULL).
    private static func parameterText(_ value: SQLValue) -> String? {
        switch value {
        case .integer(let number): return String(number)
        case .real(let number):
            if number.isNaN { return "NaN" }
            if number.isInfinite { return number < 0 ? "-Infinity" : "Infinity" }
            return "\(number)"
        case .text(let text): return text
        case .null: return nil
        }
    }

    /// `sql` with each `?` outside quotes, identifiers and comments numbered `$1`, `$2`...
    static func numberedParameters(_ sql: String) -> String {
        guard sql.contains("?") else { return sql }
        var result = ""
        result.reserveCapacity(sql.utf8.count + 16)
        var number = 0
        var quote: Character?
        var comment = false
        var previous: Character?
        for character in sql {
            defer { previous = character }
            if comment {
                if character == "\n" { comment = false }
                result.append(character)
                continue
            }
            if let open = quote {
                if character == open { quote = nil }
                result.append(character)
                continue
            }
            switch character {
            case "'", "\"":
                quote = character
                result.append(character)
            case "-" where previous == "-":
                comment = true
                result.append(character)
            case "?":
                number += 1
                result += "$\(number)"
            default:
                result.append(character)
            }
        }
        return result
    }

    private static func trimmed(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: "; ")
    }
}

/// A PostgreSQL connection URL, checked: `postgresql://` or `postgres://`, and no password in
/// it (a password belongs in a file, the environment or libpq's password file, not in a
/// configuration or a process list).
struct PostgresURL: Sendable, Hashable {
    var text: String
    /// The URL as errors and logs show it.
    var redacted: String

    init(_ text: String) throws(StateError) {
        let schemes = ["postgresql://", "postgres://"]
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            throw StateError(
                path: "[state] url", message: "not a PostgreSQL URL (postgresql://user@host:port/database)")
        }
        let rest = text.dropFirst(scheme.count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let query = rest.drop { $0 != "?" }
        let hasPassword =
            authority.lastIndex(of: "@").map { authority[..<$0].contains(":") } ?? false
        let queryPassword = query.dropFirst().split(separator: "&").contains {
            $0.lowercased().hasPrefix("password=")
        }
        let shown = Self.shown(text)
        self.text = text
        self.redacted = shown
        if hasPassword || queryPassword {
            throw StateError(
                path: shown,
                message:
                    "the URL holds a password: put it in [state] password_file, BRIEFING_PG_PASSWORD or ~/.pgpass instead"
            )
        }
    }
}

extension PostgresURL {
    /// `text` without a password or query parameters, for messages (whatever `text` holds).
    static func shown(_ text: String) -> String {
        guard let schemeEnd = text.range(of: "://") else { return "[state] url" }
        let scheme = text[..<schemeEnd.upperBound]
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let path = rest.dropFirst(authority.count).prefix { $0 != "?" }
        guard let at = authority.lastIndex(of: "@") else { return String(scheme + authority + path) }
        let user = authority[..<at].prefix { $0 != ":" }
        return String(scheme + user + authority[at...] + path)
    }
}

/// Calls `body` with a C array of the C strings of `strings` (valid only during the call).
private func withCStrings<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    withOptionalCStrings(strings.map { Optional($0) }, body)
}

private func withOptionalCStrings<T>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
    var copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { for copy in copies { free(copy) } }
    copies.append(nil)
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
