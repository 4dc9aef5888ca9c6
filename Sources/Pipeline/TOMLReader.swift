/// A TOML value, as far as configuration files need: no dates or times.
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int)
    case float(Double)
    case boolean(Bool)
    case array([TOMLValue])
    case table([String: TOMLValue])

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .boolean: return "true or false"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

/// A parsed TOML document: its root table, and the line on which each key was defined, so that
/// a value refused later (out of range, unknown, unsafe) can be reported with its line.
public struct TOMLDocument: Sendable, Hashable {
    public var root: [String: TOMLValue]
    /// Lines by key path (`["email", "from"]`): where a key was assigned or a table's header
    /// stood (for a table made implicitly by a dotted key, that key's line). Keys inside arrays
    /// of tables have none of their own.
    public var lines: [[String]: Int]

    /// The line of `path`, or of the nearest enclosing key that has one (a key inside an inline
    /// table reports the line of the table's key).
    public func line(of path: [String]) -> Int? {
        var path = path
        while !path.isEmpty {
            if let line = lines[path] { return line }
            path.removeLast()
        }
        return nil
    }
}

/// Why a TOML document could not be read: the line and what was wrong.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "line \(line): \(message)" }
}

/// Reads the subset of TOML 1.0 that configuration files use: comments, tables (`[a.b]`),
/// arrays of tables (`[[a]]`), bare, quoted and dotted keys, basic and literal strings (also
/// multi-line), integers (decimal, hex, octal, binary, `_` separators), floats, booleans,
/// arrays and inline tables. Dates and times are refused with a clear error.
///
/// Written here rather than taken from a package: the only TOML package available wraps a C++
/// library (a minute of build time, and a test dependency outside the mirrored set), and this
/// subset is small enough to read by hand and to fuzz.
public struct TOMLReader {
    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var root: [String: TOMLValue] = [:]
    /// Keys of tables defined by a header, to refuse defining one twice.
    private var definedTables: Set<[String]> = []
    private var lines: [[String]: Int] = [:]

    /// Parses `text` into its root table.
    public static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
        try read(text).root
    }

    /// Parses `text` into its root table and the lines its keys were defined on.
    public static func read(_ text: String) throws(TOMLError) -> TOMLDocument {
        var reader = TOMLReader(text)
        let root = try reader.document()
        return TOMLDocument(root: root, lines: reader.lines)
    }

    private init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    private mutating func document() throws(TOMLError) -> [String: TOMLValue] {
        var currentPath: [String] = []
        while true {
            skipWhitespaceAndComments(newlines: true)
            guard let scalar = peek() else { break }
            let startLine = line
            if scalar == "[" {
                advance()
                let isArray = peek() == "["
                if isArray { advance() }
                skipSpaces()
                let path = try key()
                skipSpaces()
                try expect("]")
                if isArray { try expect("]") }
                try endOfLine()
                if isArray {
                    try appendTable(at: path)
                    currentPath = path + ["\u{0}last"]
                } else {
                    guard definedTables.insert(path).inserted else {
                        throw error("table [\(path.joined(separator: "."))] is defined twice")
                    }
                    try ensureTable(at: path)
                    currentPath = path
                }
                record(path, line: startLine)
            } else {
                let path = try key()
                skipSpaces()
                try expect("=")
                skipSpaces()
                let value = try self.value()
                try endOfLine()
                try insert(value, at: currentPath + path)
                record(currentPath + path, line: startLine)
            }
        }
        return root
    }

    // MARK: Keys

    private mutating func key() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let scalar = peek() else { throw error("expected a key") }
            if scalar == "\"" {
                parts.append(try basicString())
            } else if scalar == "'" {
                parts.append(try literalString())
            } else {
                var name = ""
                while let c = peek(),
                    c.properties.isAlphabetic && c.isASCII || ("0"..."9").contains(c) || c == "_" || c == "-"
                {
                    name.unicodeScalars.append(c)
                    advance()
                }
                guard !name.isEmpty else { throw error("expected a key, found \(describe(scalar))") }
                parts.append(name)
            }
            skipSpaces()
            if peek() == "." {
                advance()
            } else {
                return parts
            }
        }
    }

    // MARK: Values

    private mutating func value() throws(TOMLError) -> TOMLValue {
        guard let scalar = peek() else { throw error("expected a value") }
        switch scalar {
        case "\"":
            if lookingAt("\"\"\"") { return .string(try multilineBasicString()) }
            return .string(try basicString())
        case "'":
            if lookingAt("'''") { return .string(try multilineLiteralString()) }
            return .string(try literalString())
        case "[":
            return try array()
        case "{":
            return try inlineTable()
        case "t", "f":
            if lookingAt("true") {
                index += 4
                return .boolean(true)
            }
            if lookingAt("false") {
                index += 5
                return .boolean(false)
            }
            throw error("expected a value, found \(describe(scalar))")
        default:
            return try number()
        }
    }

    private mutating func number() throws(TOMLError) -> TOMLValue {
        var text = ""
        while let c = peek(), !c.properties.isWhitespace, c != ",", c != "]", c != "}", c != "#" {
            text.unicodeScalars.append(c)
            advance()
        }
        guard !text.isEmpty else { throw error("expected a value") }
        if ["inf", "+inf"].contains(text) { return .float(.infinity) }
        if text == "-inf" { return .float(-.infinity) }
        if ["nan", "+nan", "-nan"].contains(text) { return .float(.nan) }
        if text.contains(":") || (text.count >= 10 && text.dropFirst(4).first == "-") {
            throw error("dates and times are not supported here: \(text)")
        }
        let digits = text.replacingUnderscores()
        guard let cleaned = digits else { throw error("misplaced underscore in number \(text)") }
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where cleaned.hasPrefix(prefix) {
            guard let value = Int(cleaned.dropFirst(2), radix: radix) else { throw error("invalid number \(text)") }
            return .integer(value)
        }
        if let value = Int(cleaned) {
            let unsigned = cleaned.hasPrefix("+") || cleaned.hasPrefix("-") ? String(cleaned.dropFirst()) : cleaned
            if unsigned.count > 1, unsigned.hasPrefix("0") { throw error("leading zeros are not allowed: \(text)") }
            return .integer(value)
        }
        if cleaned.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), let value = Double(cleaned),
            value.isFinite, !cleaned.hasSuffix("."), !cleaned.hasPrefix("."), !cleaned.contains(".e"),
            !cleaned.contains(".E")
        {
            return .float(value)
        }
        throw error("invalid value \(text) (strings need quotes)")
    }

    private mutating func array() throws(TOMLError) -> TOMLValue {
        advance()  // [
        var items: [TOMLValue] = []
        while true {
            skipWhitespaceAndComments(newlines: true)
            guard let scalar = peek() else { throw error("unterminated array") }
            if scalar == "]" {
                advance()
                return .array(items)
            }
            items.append(try value())
            skipWhitespaceAndComments(newlines: true)
            if peek() == nil {
                throw error("unterminated array")
            } else if peek() == "," {
                advance()
            } else if peek() != "]" {
                throw error("expected , or ] in array")
            }
        }
    }

    private mutating func inlineTable() throws(TOMLError) -> TOMLValue {
        advance()  // {
        var table: [String: TOMLValue] = [:]
        skipSpaces()
        if peek() == "}" {
            advance()
            return .table(table)
        }
        while true {
            skipSpaces()
            let path = try key()
            skipSpaces()
            try expect("=")
            skipSpaces()
            let item = try value()
            try TOMLReader.insert(item, at: path, into: &table, line: line)
            skipSpaces()
            guard let scalar = peek() else { throw error("unterminated inline table") }
            advance()
            if scalar == "}" { return .table(table) }
            guard scalar == "," else { throw error("expected , or } in inline table") }
        }
    }

    private mutating func basicString() throws(TOMLError) -> String {
        advance()  // "
        var result = ""
        while let scalar = peek() {
            advance()
            switch scalar {
            case "\"": return result
            case "\\": result.unicodeScalars.append(try escape())
            case "\n": throw error("newline in a string (use \"\"\" for multi-line strings)")
            default: result.unicodeScalars.append(scalar)
            }
        }
        throw error("unterminated string")
    }

    private mutating func multilineBasicString() throws(TOMLError) -> String {
        index += 3
        if peek() == "\n" { advanceLine() }
        var result = ""
        while let scalar = peek() {
            if lookingAt("\"\"\"") {
                index += 3
                // Up to two quotes may close the string's content.
                while peek() == "\"", result.count < Int.max {
                    result.append("\"")
                    advance()
                }
                return result
            }
            advance()
            if scalar == "\\" {
                // A backslash at the end of a line trims the line break and leading white space.
                var probe = index
                while probe < scalars.count, scalars[probe] == " " || scalars[probe] == "\t" { probe += 1 }
                if probe < scalars.count, scalars[probe] == "\n" {
                    index = probe
                    while let c = peek(), c.properties.isWhitespace {
                        if c == "\n" { line += 1 }
                        advance()
                    }
                    continue
                }
                result.unicodeScalars.append(try escape())
            } else {
                if scalar == "\n" { line += 1 }
                result.unicodeScalars.append(scalar)
            }
        }
        throw error("unterminated multi-line string")
    }

    private mutating func literalString() throws(TOMLError) -> String {
        advance()  // '
        var result = ""
        while let scalar = peek() {
            advance()
            if scalar == "'" { return result }
            if scalar == "\n" { throw error("newline in a string") }
            result.unicodeScalars.append(scalar)
        }
        throw error("unterminated string")
    }

    private mutating func multilineLiteralString() throws(TOMLError) -> String {
        index += 3
        if peek() == "\n" { advanceLine() }
        var result = ""
        while let scalar = peek() {
            if lookingAt("'''") {
                index += 3
                return result
            }
            advance()
            if scalar == "\n" { line += 1 }
            result.unicodeScalars.append(scalar)
        }
        throw error("unterminated multi-line string")
    }

    private mutating func escape() throws(TOMLError) -> Unicode.Scalar {
        guard let scalar = peek() else { throw error("unterminated escape") }
        advance()
        switch scalar {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "b": return "\u{8}"
        case "f": return "\u{C}"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = scalar == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let digit = peek(), digit.properties.isASCIIHexDigit else {
                    throw error("invalid \\\(scalar) escape")
                }
                hex.unicodeScalars.append(digit)
                advance()
            }
            guard let code = UInt32(hex, radix: 16), let value = Unicode.Scalar(code) else {
                throw error("invalid code point \\\(scalar)\(hex)")
            }
            return value
        default:
            throw error("invalid escape \\\(scalar)")
        }
    }

    // MARK: Tables

    /// Notes `line` for `path` and for the tables it makes implicitly, keeping earlier lines;
    /// paths inside arrays of tables are left out (their elements have no key of their own).
    private mutating func record(_ path: [String], line: Int) {
        guard !path.contains("\u{0}last") else { return }
        for end in path.indices {
            let prefix = Array(path[...end])
            if lines[prefix] == nil { lines[prefix] = line }
        }
    }

    private mutating func insert(_ value: TOMLValue, at path: [String]) throws(TOMLError) {
        try TOMLReader.insert(value, at: path, into: &root, line: line)
    }

    private static func insert(
        _ value: TOMLValue, at path: [String], into table: inout [String: TOMLValue], line: Int
    ) throws(TOMLError) {
        guard let first = path.first else { return }
        if path.count == 1 {
            if first == "\u{0}last" {
                throw TOMLError(line: line, message: "internal: array of tables without element")
            }
            guard table[first] == nil else {
                throw TOMLError(line: line, message: "key \(first) is defined twice")
            }
            table[first] = value
            return
        }
        let rest = Array(path.dropFirst())
        if rest.first == "\u{0}last" {
            guard case .array(var elements)? = table[first], case .table(var last)? = elements.last else {
                throw TOMLError(line: line, message: "\(first) is not an array of tables")
            }
            if rest.count == 1 { return }
            try insert(value, at: Array(rest.dropFirst()), into: &last, line: line)
            elements[elements.count - 1] = .table(last)
            table[first] = .array(elements)
            return
        }
        var child: [String: TOMLValue]
        switch table[first] {
        case nil: child = [:]
        case .table(let existing)?: child = existing
        case .array?: throw TOMLError(line: line, message: "\(first) is an array; its keys go under [[\(first)]]")
        default: throw TOMLError(line: line, message: "\(first) is not a table")
        }
        try insert(value, at: rest, into: &child, line: line)
        table[first] = .table(child)
    }

    private mutating func ensureTable(at path: [String]) throws(TOMLError) {
        try TOMLReader.ensure(at: path, in: &root, line: line)
    }

    private static func ensure(at path: [String], in table: inout [String: TOMLValue], line: Int) throws(TOMLError) {
        guard let first = path.first else { return }
        var child: [String: TOMLValue]
        switch table[first] {
        case nil: child = [:]
        case .table(let existing)?: child = existing
        case .array(var elements)?:
            guard case .table(var last)? = elements.last else {
                throw TOMLError(line: line, message: "\(first) is not a table")
            }
            try ensure(at: Array(path.dropFirst()), in: &last, line: line)
            elements[elements.count - 1] = .table(last)
            table[first] = .array(elements)
            return
        default: throw TOMLError(line: line, message: "\(first) is not a table")
        }
        try ensure(at: Array(path.dropFirst()), in: &child, line: line)
        table[first] = .table(child)
    }

    private mutating func appendTable(at path: [String]) throws(TOMLError) {
        guard let last = path.last else { return }
        let parent = Array(path.dropLast())
        try ensureTable(at: parent)
        try TOMLReader.appendElement(named: last, at: parent, in: &root, line: line)
    }

    private static func appendElement(
        named name: String, at path: [String], in table: inout [String: TOMLValue], line: Int
    ) throws(TOMLError) {
        if let first = path.first {
            guard case .table(var child)? = table[first] else {
                if case .array(var elements)? = table[first], case .table(var last)? = elements.last {
                    try appendElement(named: name, at: Array(path.dropFirst()), in: &last, line: line)
                    elements[elements.count - 1] = .table(last)
                    table[first] = .array(elements)
                    return
                }
                throw TOMLError(line: line, message: "\(first) is not a table")
            }
            try appendElement(named: name, at: Array(path.dropFirst()), in: &child, line: line)
            table[first] = .table(child)
            return
        }
        switch table[name] {
        case nil: table[name] = .array([.table([:])])
        case .array(var elements)?:
            elements.append(.table([:]))
            table[name] = .array(elements)
        default: throw TOMLError(line: line, message: "\(name) is not an array of tables")
        }
    }

    // MARK: Scanning

    private func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private mutating func advance() { index += 1 }
    private mutating func advanceLine() {
        index += 1
        line += 1
    }

    private func lookingAt(_ text: String) -> Bool {
        var probe = index
        for scalar in text.unicodeScalars {
            guard probe < scalars.count, scalars[probe] == scalar else { return false }
            probe += 1
        }
        return true
    }

    private mutating func expect(_ scalar: Unicode.Scalar) throws(TOMLError) {
        guard peek() == scalar else {
            throw error("expected \(scalar), found \(peek().map(describe) ?? "end of file")")
        }
        advance()
    }

    private mutating func skipSpaces() {
        while let c = peek(), c == " " || c == "\t" { advance() }
    }

    private mutating func skipWhitespaceAndComments(newlines: Bool) {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\r" {
                advance()
            } else if c == "\n" && newlines {
                advanceLine()
            } else if c == "#" {
                while let d = peek(), d != "\n" { advance() }
            } else {
                return
            }
        }
    }

    private mutating func endOfLine() throws(TOMLError) {
        skipSpaces()
        if peek() == "#" {
            while let d = peek(), d != "\n" { advance() }
        }
        if peek() == "\r" { advance() }
        guard let c = peek() else { return }
        guard c == "\n" else { throw error("unexpected \(describe(c)) after value") }
        advanceLine()
    }

    private func describe(_ scalar: Unicode.Scalar) -> String {
        scalar == "\n" ? "end of line" : "'\(scalar)'"
    }

    private func error(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }
}

extension String {
    /// The number without `_` separators; nil when an underscore is not between two digits.
    fileprivate func replacingUnderscores() -> String? {
        let characters = Array(self)
        var result = ""
        for (offset, character) in characters.enumerated() {
            if character == "_" {
                guard offset > 0, offset + 1 < characters.count, characters[offset - 1].isHexDigit,
                    characters[offset + 1].isHexDigit
                else { return nil }
                continue
            }
            result.append(character)
        }
        return result
    }
}
