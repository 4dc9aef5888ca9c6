import BriefingCore
import Foundation

/// A whole state as JSON Lines, to move it between back ends (`briefing state export` and
/// `import`): a SQLite state into PostgreSQL, without losing what was seen.
///
/// The first line is the header, `{"briefing_state": VERSION, "rows": {"TABLE": COUNT, ...}}`;
/// then one line per row, `{"table": "...", "row": {"COLUMN": VALUE, ...}}`. It is generic over
/// the schema: tables and columns are read from the database (SQLite's `sqlite_master` and
/// `PRAGMA table_info`, PostgreSQL's `information_schema`), so a new schema version needs no
/// change here. Values keep their type exactly: integers as JSON integers, reals always with a
/// fraction or an exponent (Swift's shortest round-trip form), text as strings, NULL as null.
/// Tables come in name order, columns in name order, and the rows of a table in the byte order
/// of their lines, so that the same state exports to the same bytes from either back end.
public enum StateTransfer {
    /// What `importing` stored.
    public struct Imported: Sendable, Hashable {
        public var version: Int
        public var rows: [String: Int]
        public var total: Int { rows.values.reduce(0, +) }
    }

    /// Calls `write` with each line of the export of `store` (its UTF-8 bytes, without the line
    /// break), header first.
    ///
    /// The rows of a table are sorted in memory before they are written: an export holds one
    /// table at a time.
    public static func export(_ store: StateStore, _ write: ([UInt8]) -> Void) throws(StateError) {
        let database = store.database
        // One snapshot for the counts and the rows: a read transaction (PostgreSQL's repeatable
        // read; SQLite's deferred transaction, which in WAL mode reads one snapshot).
        try database.execute(
            database.dialect == .postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN")
        defer { try? database.execute("COMMIT") }
        let version = try store.schemaVersion()
        let tables = try tableColumns(database)
        var counts: [(String, JSONValue)] = []
        for (table, _) in tables {
            let count = try database.query("SELECT count(*) FROM \(quoted(table))").first?.first?.int ?? 0
            counts.append((table, .int(Int(count))))
        }
        var header: [UInt8] = []
        JSONValue.object([("briefing_state", .int(version)), ("rows", .object(counts))]).write(to: &header)
        write(header)
        for (table, columns) in tables {
            let sorted = columns.sorted()
            let rows = try database.query(
                "SELECT \(sorted.map(quoted).joined(separator: ", ")) FROM \(quoted(table))")
            var encoded: [[UInt8]] = []
            encoded.reserveCapacity(rows.count)
            for row in rows {
                let members = zip(sorted, row).map { ($0, json($1)) }
                var bytes: [UInt8] = []
                JSONValue.object([("table", .string(table)), ("row", .object(members))]).write(to: &bytes)
                encoded.append(bytes)
            }
            encoded.sort { $0.lexicographicallyPrecedes($1) }
            for line in encoded { write(line) }
        }
    }

    /// Imports the export read from `reader` (named `name` in errors) into `store`, in one
    /// transaction: all of it, or nothing.
    ///
    /// Refused, with nothing stored: a target that holds any row, unless `replace` (then every
    /// table is emptied first, in the same transaction); a header whose version is not the
    /// target's (migrate first: `briefing state migrate`); a line that is not JSON, not of the
    /// form above, names a table or column the target does not have, or holds a value that is
    /// not an integer, real, string or null (the error names the file and the line); a row
    /// count that differs from the header's (a file cut short). On PostgreSQL, each identity
    /// column's sequence is then set past the largest id imported, so that new rows do not
    /// collide with the explicit ids.
    public static func importing(
        into store: StateStore, from reader: LineReader, name: String, replace: Bool
    ) throws(StateError) -> Imported {
        let database = store.database
        let tables = Dictionary(uniqueKeysWithValues: try tableColumns(database).map { ($0.0, Set($0.1)) })
        let target = try store.schemaVersion()
        func failure(_ message: String) -> StateError {
            StateError(path: name, message: reader.lineNumber > 0 ? "line \(reader.lineNumber): \(message)" : message)
        }
        return try database.transaction { () throws(StateError) -> Imported in
            var occupied: [String] = []
            for table in tables.keys.sorted() {
                let count = try database.query("SELECT count(*) FROM \(quoted(table))").first?.first?.int ?? 0
                if count > 0 { occupied.append("\(table) (\(count))") }
            }
            if !occupied.isEmpty {
                guard replace else {
                    throw StateError(
                        path: store.directory,
                        message:
                            "the state is not empty (\(occupied.joined(separator: ", "))); import --replace replaces it")
                }
                // Rows that refer to others first.
                for table in tables.keys.sorted().reversed() {
                    try database.execute("DELETE FROM \(quoted(table))")
                }
            }
            var header: JSONValue?
            var announced: [String: Int] = [:]
            var rows: [String: Int] = [:]
            while try reader.nextLine({ (bytes: UnsafeRawBufferPointer) throws(StateError) in
                let value: JSONValue
                do {
                    value = try JSONValue.parse(bytes)
                } catch {
                    throw failure("not JSON: \(error)")
                }
                guard header != nil else {
                    guard let version = value["briefing_state"], case .int(let number) = version,
                        case .object(let counts)? = value["rows"]
                    else { throw failure("not a briefing state export (no {\"briefing_state\": VERSION, \"rows\": ...} header)") }
                    guard number == target else {
                        throw failure(
                            "the export is of schema version \(number), the state of version \(target); migrate the older one first (briefing state migrate)"
                        )
                    }
                    for (table, count) in counts {
                        guard case .int(let count) = count, tables[table] != nil else {
                            throw failure("the header names table \(table), which the state does not have")
                        }
                        announced[table] = count
                    }
                    header = value
                    return
                }
                guard case .string(let table)? = value["table"], case .object(let members)? = value["row"] else {
                    throw failure("expected {\"table\": NAME, \"row\": {...}}")
                }
                guard let columns = tables[table] else { throw failure("no table \(table) in the state") }
                var values: [SQLValue] = []
                for (column, cell) in members {
                    guard columns.contains(column) else { throw failure("no column \(column) in table \(table)") }
                    switch cell {
                    case .int(let number): values.append(.integer(Int64(number)))
                    case .double(let number): values.append(.real(number))
                    case .string(let text): values.append(.text(text))
                    case .null: values.append(.null)
                    default: throw failure("column \(column): not an integer, real, string or null")
                    }
                }
                guard Set(members.map(\.0)).count == members.count else { throw failure("a column given twice") }
                let names = members.map { quoted($0.0) }.joined(separator: ", ")
                let marks = Array(repeating: "?", count: members.count).joined(separator: ", ")
                do {
                    try database.query("INSERT INTO \(quoted(table)) (\(names)) VALUES (\(marks))", values)
                } catch {
                    throw failure((error as? StateError)?.message ?? "\(error)")
                }
                rows[table, default: 0] += 1
            }) {}
            if let stopped = reader.failure { throw failure(stopped) }
            guard header != nil else { throw StateError(path: name, message: "empty: not a briefing state export") }
            for table in Set(announced.keys).union(rows.keys).sorted() where announced[table] != rows[table] ?? 0 {
                throw StateError(
                    path: name,
                    message:
                        "table \(table): the header announces \(announced[table] ?? 0) rows, the file holds \(rows[table] ?? 0) (cut short?)"
                )
            }
            if database.dialect == .postgres { try resetSequences(database) }
            return Imported(version: target, rows: rows)
        }
    }

    /// Every table of the state but PostgreSQL's `schema_version` (the header carries the
    /// version), with its columns, by name.
    static func tableColumns(_ database: any SQLConnection) throws(StateError) -> [(String, [String])] {
        var result: [(String, [String])] = []
        switch database.dialect {
        case .sqlite:
            let names = try database.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            for name in names.compactMap({ $0.first?.string }) {
                let columns = try database.query("PRAGMA table_info(\(quoted(name)))").compactMap { $0[1].string }
                result.append((name, columns))
            }
        case .postgres:
            let names = try database.query(
                """
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'schema_version'
                """)
            for name in names.compactMap({ $0.first?.string }).sorted() {
                let columns = try database.query(
                    """
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position
                    """, [.text(name)])
                result.append((name, columns.compactMap { $0.first?.string }))
            }
        }
        return result
    }

    /// Sets each identity column's sequence past the column's largest value.
    private static func resetSequences(_ database: any SQLConnection) throws(StateError) {
        let identities = try database.query(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND (is_identity = 'YES' OR column_default LIKE 'nextval(%')
            """)
        for row in identities {
            guard let table = row[0].string, let column = row[1].string else { continue }
            try database.query(
                """
                SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(\(quoted(column))), 0) + 1, false)
                FROM \(quoted(table))
                """, [.text(quoted(table)), .text(column)])
        }
    }

    private static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    private static func json(_ value: SQLValue) -> JSONValue {
        switch value {
        case .integer(let number): .int(Int(number))
        case .real(let number): .double(number)
        case .text(let text): .string(text)
        case .null: .null
        }
    }
}
