/// A table while a TOML document is being read: a reference, so that a header or a dotted key
/// extends it in place, and marked with how it came to be, which decides who may extend it.
///
/// TOML 1.0's rules, in terms of `origin`:
/// - a header (`[a.b]`) defines its last table once; the tables it passes through are `implicit`
///   until a header of their own defines them, and headers may pass through any table;
/// - a dotted key (`a.b = 1`) makes `dotted` tables and may only pass through tables it made
///   itself: never one defined by a header, never an array, never an inline table;
/// - an inline table is a finished value: nothing adds to it afterwards;
/// - `[[a]]` appends a table to an array of tables; headers under `a` go to its last element.
final class TOMLTable {
    enum Origin {
        case implicit
        case header
        case dotted
        case inline
    }

    enum Entry {
        case value(TOMLValue)
        case table(TOMLTable)
        /// An array of tables (`[[name]]`), never empty.
        case tables([TOMLTable])
    }

    var origin: Origin
    private var entries: [String: Entry] = [:]

    init(origin: Origin) {
        self.origin = origin
    }

    /// The table as a value, with every table and array of tables in it.
    var value: [String: TOMLValue] {
        entries.mapValues { entry in
            switch entry {
            case .value(let value): return value
            case .table(let table): return .table(table.value)
            case .tables(let tables): return .array(tables.map { .table($0.value) })
            }
        }
    }

    /// Sets the dotted key `path` (relative to this table) to `value`.
    func assign(_ value: TOMLValue, at path: [String], line: Int) throws(TOMLError) {
        guard let last = path.last else { return }
        var table = self
        for (offset, name) in path.dropLast().enumerated() {
            var shown: String { path[...offset].joined(separator: ".") }
            switch table.entries[name] {
            case nil:
                let child = TOMLTable(origin: .dotted)
                table.entries[name] = .table(child)
                table = child
            case .table(let child)? where child.origin == .dotted:
                table = child
            case .table?:
                throw TOMLError(
                    line: line, message: "\(shown) is a table defined by a header; dotted keys cannot add to it")
            case .tables?, .value(.array)?:
                throw TOMLError(line: line, message: "\(shown) is an array; its keys go under [[\(shown)]]")
            case .value(.table)?:
                throw TOMLError(line: line, message: "\(shown) is an inline table; it cannot be extended")
            case .value?:
                throw TOMLError(line: line, message: "\(shown) is not a table")
            }
        }
        guard table.entries[last] == nil else {
            throw TOMLError(line: line, message: "key \(last) is defined twice")
        }
        table.entries[last] = .value(value)
    }

    /// The table a header `[path]` defines, made if needed; `throughArray` is true when the path
    /// goes through an array of tables (its keys then have no line of their own).
    func define(_ path: [String], line: Int) throws(TOMLError) -> (table: TOMLTable, throughArray: Bool) {
        let (parent, throughArray) = try parentForHeader(path, line: line)
        guard let last = path.last else { return (self, throughArray) }
        var shown: String { path.joined(separator: ".") }
        switch parent.entries[last] {
        case nil:
            let child = TOMLTable(origin: .header)
            parent.entries[last] = .table(child)
            return (child, throughArray)
        case .table(let child)?:
            switch child.origin {
            case .implicit:
                child.origin = .header
                return (child, throughArray)
            case .dotted:
                throw TOMLError(line: line, message: "table [\(shown)] was already defined by dotted keys")
            case .header, .inline:
                throw TOMLError(line: line, message: "table [\(shown)] is defined twice")
            }
        case .tables?:
            throw TOMLError(line: line, message: "\(shown) is an array of tables; its elements start with [[\(shown)]]")
        case .value(let value)?:
            throw TOMLError(line: line, message: "\(shown) is already \(value.typeName), not a table")
        }
    }

    /// The new last element of the array of tables `[[path]]`, with the array made if needed.
    func append(_ path: [String], line: Int) throws(TOMLError) -> (table: TOMLTable, throughArray: Bool) {
        let (parent, throughArray) = try parentForHeader(path, line: line)
        guard let last = path.last else { return (self, throughArray) }
        var shown: String { path.joined(separator: ".") }
        let element = TOMLTable(origin: .header)
        switch parent.entries[last] {
        case nil:
            parent.entries[last] = .tables([element])
        case .tables(var tables)?:
            parent.entries[last] = nil  // keep the array uniquely referenced while it grows
            tables.append(element)
            parent.entries[last] = .tables(tables)
        case .table?:
            throw TOMLError(line: line, message: "\(shown) is a table, not an array of tables")
        case .value(let value)?:
            throw TOMLError(line: line, message: "\(shown) is already \(value.typeName); [[\(shown)]] cannot add to it")
        }
        return (element, throughArray)
    }

    /// The table that holds the last key of a header's `path`: headers pass through any table
    /// (making implicit ones), and through the last element of an array of tables.
    private func parentForHeader(_ path: [String], line: Int) throws(TOMLError) -> (TOMLTable, Bool) {
        var table = self
        var throughArray = false
        for (offset, name) in path.dropLast().enumerated() {
            var shown: String { path[...offset].joined(separator: ".") }
            switch table.entries[name] {
            case nil:
                let child = TOMLTable(origin: .implicit)
                table.entries[name] = .table(child)
                table = child
            case .table(let child)?:
                table = child
            case .tables(let tables)?:
                guard let last = tables.last else {
                    throw TOMLError(line: line, message: "\(shown) is an empty array of tables")
                }
                table = last
                throughArray = true
            case .value(.table)?:
                throw TOMLError(line: line, message: "\(shown) is an inline table; it cannot be extended")
            case .value(.array)?:
                throw TOMLError(line: line, message: "\(shown) is an array of values, not a table")
            case .value?:
                throw TOMLError(line: line, message: "\(shown) is not a table")
            }
        }
        return (table, throughArray)
    }
}
