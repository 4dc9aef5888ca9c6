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

/// Reads TOML 1.0 (toml.io/en/v1.0.0) except dates and times, which configuration files do not
/// use and which are refused with a clear error: comments, tables (`[a.b]`), arrays of tables
/// (`[[a]]`), bare, quoted and dotted keys, basic and literal strings (also multi-line),
/// integers (decimal, hex, octal, binary, `_` separators), floats (also `inf` and `nan`),
/// booleans, arrays and inline tables. `TOMLConformanceTests` checks it against the toml-test
/// suite: every valid case without a date decodes to its expected value, every invalid case is
/// refused.
///
/// Written here rather than taken from a package: the only TOML package available wraps a C++
/// library (a minute of build time, and a test dependency outside the mirrored set), and the
/// language is small enough to read by hand and to fuzz. Nesting is capped at `maximumDepth`
/// so that hostile input cannot exhaust the stack; the text is read once, front to back.
public struct TOMLReader {
    /// The deepest a value may sit: tables, dotted keys, arrays and inline tables all count.
    public static let maximumDepth = 128

    private let scalars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private let root = TOMLTable(origin: .header)
    private var lines: [[String]: Int] = [:]

    /// Parses `text` into its root table.
    public static func parse(_ text: String) throws(TOMLError) -> [String: TOMLValue] {
        try read(text).root
    }

    /// Parses `text` into its root table and the lines its keys were defined on.
    public static func read(_ text: String) throws(TOMLError) -> TOMLDocument {
        var reader = TOMLReader(text)
        try reader.document()
        return TOMLDocument(root: reader.root.value, lines: reader.lines)
    }

    private init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        // A byte order mark may open the file; it is not part of the document.
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        self.scalars = scalars
    }

    private mutating func document() throws(TOMLError) {
        var section = root
        var sectionPath: [String] = []
        // Keys under an array of tables have no line of their own (see `TOMLDocument.lines`).
        var sectionInArray = false
        while true {
            try skipBlankLines()
            guard let scalar = peek() else { return }
            let startLine = line
            if scalar == "[" {
                advance()
                let isArray = peek() == "["
                if isArray { advance() }
                let path = try key()
                try expect("]")
                if isArray { try expect("]") }
                try endOfLine(after: "the table header")
                try checkDepth(path.count, line: startLine)
                let (table, throughArray) =
                    isArray ? try root.append(path, line: startLine) : try root.define(path, line: startLine)
                section = table
                sectionPath = path
                sectionInArray = isArray || throughArray
                if !throughArray { record(path, line: startLine) }
            } else {
                let path = try key()
                try expect("=")
                skipSpaces()
                try checkDepth(sectionPath.count + path.count, line: startLine)
                let value = try self.value(depth: sectionPath.count + path.count)
                try endOfLine(after: "value")
                try section.assign(value, at: path, line: startLine)
                if !sectionInArray { record(sectionPath + path, line: startLine) }
            }
        }
    }

    /// Notes `line` for `path` and for the tables it makes implicitly, keeping earlier lines.
    private mutating func record(_ path: [String], line: Int) {
        for end in path.indices {
            let prefix = Array(path[...end])
            if lines[prefix] == nil { lines[prefix] = line }
        }
    }

    private func checkDepth(_ depth: Int, line: Int) throws(TOMLError) {
        guard depth <= Self.maximumDepth else {
            throw TOMLError(
                line: line, message: "tables and arrays nest deeper than \(Self.maximumDepth) levels")
        }
    }

    // MARK: Keys

    /// A key, bare, quoted or dotted, and the spaces after it.
    private mutating func key() throws(TOMLError) -> [String] {
        var parts: [String] = []
        while true {
            skipSpaces()
            guard let scalar = peek() else { throw error("expected a key") }
            if scalar == "\"" || scalar == "'" {
                if lookingAt("\"\"\"") || lookingAt("'''") { throw error("a key cannot be a multi-line string") }
                parts.append(try string(quote: scalar))
            } else {
                var name = ""
                while let c = peek(), Self.isBareKeyScalar(c) {
                    name.unicodeScalars.append(c)
                    advance()
                }
                guard !name.isEmpty else { throw error("expected a key, found \(describe(scalar))") }
                parts.append(name)
            }
            skipSpaces()
            guard peek() == "." else { return parts }
            advance()
        }
    }

    private static func isBareKeyScalar(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-"
    }

    // MARK: Values

    /// A value that will sit `depth` tables and arrays deep.
    private mutating func value(depth: Int) throws(TOMLError) -> TOMLValue {
        guard let scalar = peek() else { throw error("expected a value") }
        switch scalar {
        case "\"", "'":
            let opening = String(repeating: String(scalar), count: 3)
            return .string(lookingAt(opening) ? try multilineString(quote: scalar) : try string(quote: scalar))
        case "[":
            try checkDepth(depth, line: line)
            return try array(depth: depth)
        case "{":
            try checkDepth(depth, line: line)
            return try inlineTable(depth: depth)
        default:
            if lookingAt("true") {
                index += 4
                return .boolean(true)
            }
            if lookingAt("false") {
                index += 5
                return .boolean(false)
            }
            return try number()
        }
    }

    private mutating func array(depth: Int) throws(TOMLError) -> TOMLValue {
        advance()  // [
        var items: [TOMLValue] = []
        while true {
            try skipBlankLines()
            guard let scalar = peek() else { throw error("unterminated array") }
            if scalar == "]" {
                advance()
                return .array(items)
            }
            items.append(try value(depth: depth + 1))
            try skipBlankLines()
            switch peek() {
            case nil: throw error("unterminated array")
            case ","?: advance()
            case "]"?: break
            default: throw error("expected , or ] in array")
            }
        }
    }

    /// An inline table: on one line, no comma after the last pair, closed to later additions.
    private mutating func inlineTable(depth: Int) throws(TOMLError) -> TOMLValue {
        advance()  // {
        let table = TOMLTable(origin: .inline)
        skipSpaces()
        if peek() == "}" {
            advance()
            return .table([:])
        }
        while true {
            let startLine = line
            let path = try key()
            try expect("=")
            skipSpaces()
            try checkDepth(depth + path.count, line: startLine)
            let item = try value(depth: depth + path.count)
            try table.assign(item, at: path, line: startLine)
            skipSpaces()
            guard let scalar = peek() else { throw error("unterminated inline table") }
            if scalar == "}" {
                advance()
                return .table(table.value)
            }
            guard scalar == "," else { throw error("expected , or } in inline table") }
            advance()
        }
    }

    // MARK: Numbers

    private mutating func number() throws(TOMLError) -> TOMLValue {
        var text = ""
        while let c = peek(), Self.isBareKeyScalar(c) || c == "+" || c == "." || c == ":" {
            text.unicodeScalars.append(c)
            advance()
        }
        guard let first = text.unicodeScalars.first else {
            throw error("expected a value, found \(peek().map(describe) ?? "end of file")")
        }
        switch text {
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan", "-nan": return .float(.nan)
        default: break
        }
        let scalars = Array(text.unicodeScalars)
        let digit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        if scalars.count >= 5 && scalars[..<4].allSatisfy(digit) && scalars[4] == "-"
            || scalars.count >= 3 && scalars[..<2].allSatisfy(digit) && scalars[2] == ":"
        {
            throw error("dates and times are not supported here: \(text)")
        }
        guard digit(first) || first == "+" || first == "-" || first == "." else {
            throw error("invalid value \(text) (strings need quotes)")
        }
        guard let value = Self.numberValue(Substring(text)) else {
            if text.contains("_") { throw error("misplaced underscore in number \(text)") }
            throw error("invalid number \(text)")
        }
        switch value {
        case .integer(nil): throw error("integer out of range: \(text)")
        case .integer(let integer?): return .integer(integer)
        case .leadingZero: throw error("leading zeros are not allowed: \(text)")
        case .float(let float):
            guard float.isFinite else { throw error("number out of range: \(text)") }
            return .float(float)
        }
    }

    private enum Number {
        case integer(Int?)
        case float(Double)
        case leadingZero
    }

    /// The value of a number written in TOML's grammar (signs, `0x`/`0o`/`0b`, `_` between
    /// digits, fraction, exponent); nil when the text is not such a number.
    private static func numberValue(_ text: Substring) -> Number? {
        var rest = text
        let sign = rest.first == "+" || rest.first == "-" ? String(rest.removeFirst()) : ""
        for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where rest.hasPrefix(prefix) {
            guard sign.isEmpty, let digits = digitRun(rest.dropFirst(2), radix: radix), digits.count == rest.count - 2
            else { return nil }
            return .integer(Int(digits.digits, radix: radix))
        }
        guard let whole = digitRun(rest, radix: 10) else { return nil }
        rest = rest.dropFirst(whole.count)
        let leadingZero = whole.digits.count > 1 && whole.digits.hasPrefix("0")
        if rest.isEmpty { return leadingZero ? .leadingZero : .integer(Int(sign + whole.digits)) }
        var written = sign + whole.digits
        if rest.first == "." {
            guard let fraction = digitRun(rest.dropFirst(), radix: 10) else { return nil }
            rest = rest.dropFirst(1 + fraction.count)
            written += "." + fraction.digits
        }
        if rest.first == "e" || rest.first == "E" {
            rest = rest.dropFirst()
            var exponentSign = ""
            if rest.first == "+" || rest.first == "-" { exponentSign = String(rest.removeFirst()) }
            guard let exponent = digitRun(rest, radix: 10) else { return nil }
            rest = rest.dropFirst(exponent.count)
            written += "e" + exponentSign + exponent.digits
        }
        guard rest.isEmpty, written != sign + whole.digits else { return nil }
        if leadingZero { return .leadingZero }
        return Double(written).map(Number.float)
    }

    /// The digits at the start of `text` in `radix`, with `_` allowed only between two digits,
    /// and how many characters they took; nil when there is no digit or an underscore is misplaced.
    private static func digitRun(_ text: Substring, radix: Int) -> (digits: String, count: Int)? {
        var digits = ""
        var count = 0
        var afterDigit = false
        for character in text {
            if character == "_" {
                guard afterDigit else { return nil }
                afterDigit = false
            } else if let value = character.hexDigitValue, value < radix, character.isASCII {
                digits.append(character)
                afterDigit = true
            } else {
                break
            }
            count += 1
        }
        guard afterDigit else { return nil }
        return (digits, count)
    }

    // MARK: Strings

    /// A one-line string: basic (`"`, with escapes) or literal (`'`).
    private mutating func string(quote: Unicode.Scalar) throws(TOMLError) -> String {
        advance()  // the opening quote
        var result = ""
        while let scalar = peek() {
            advance()
            switch scalar {
            case quote: return result
            case "\\" where quote == "\"": result.unicodeScalars.append(try escape())
            case "\n", "\r":
                let opening = String(repeating: String(quote), count: 3)
                throw error("newline in a string (use \(opening) for multi-line strings)")
            default:
                try checkText(scalar, in: "a string")
                result.unicodeScalars.append(scalar)
            }
        }
        throw error("unterminated string")
    }

    /// A multi-line string opened by three `quote`s: basic (`"""`, with escapes and line-ending
    /// backslashes) or literal (`'''`). A newline right after the opening is dropped; one or two
    /// quotes just before the closing three belong to the string.
    private mutating func multilineString(quote: Unicode.Scalar) throws(TOMLError) -> String {
        let startLine = line
        index += 3
        _ = skipNewline()
        var result = ""
        while let scalar = peek() {
            if scalar == quote {
                var run = 0
                while peek() == quote {
                    run += 1
                    advance()
                }
                if run < 3 {
                    result.unicodeScalars.append(contentsOf: repeatElement(quote, count: run))
                    continue
                }
                guard run <= 5 else { throw error("too many quotes closing a multi-line string") }
                result.unicodeScalars.append(contentsOf: repeatElement(quote, count: run - 3))
                return result
            }
            if scalar == "\\" && quote == "\"" {
                advance()
                // A backslash ending a line trims the line break and the white space after it.
                var probe = index
                while probe < scalars.count, scalars[probe] == " " || scalars[probe] == "\t" { probe += 1 }
                if probe < scalars.count, scalars[probe] == "\n" || scalars[probe] == "\r" {
                    index = probe
                    guard skipNewline() else { throw error("carriage return without a line feed") }
                    while true {
                        skipSpaces()
                        if !skipNewline() { break }
                    }
                    continue
                }
                result.unicodeScalars.append(try escape())
            } else if scalar == "\n" || scalar == "\r" {
                guard skipNewline() else { throw error("carriage return without a line feed") }
                result.unicodeScalars.append(contentsOf: scalar == "\r" ? ["\r", "\n"] : ["\n"])
            } else {
                try checkText(scalar, in: "a string")
                advance()
                result.unicodeScalars.append(scalar)
            }
        }
        throw TOMLError(line: startLine, message: "unterminated multi-line string")
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
            let shown = scalar.value < 0x20 || scalar.value == 0x7F ? describe(scalar) : String(scalar)
            throw error("invalid escape \\\(shown)")
        }
    }

    /// Refuses control characters other than tab in strings and comments.
    private func checkText(_ scalar: Unicode.Scalar, in place: String) throws(TOMLError) {
        if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F {
            throw error("control character \(describe(scalar)) in \(place)")
        }
    }

    // MARK: Scanning

    private func peek() -> Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }
    private mutating func advance() { index += 1 }

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

    /// Steps over a line break (LF or CRLF) if one is next; false when there is none.
    private mutating func skipNewline() -> Bool {
        if peek() == "\n" {
            advance()
        } else if lookingAt("\r\n") {
            index += 2
        } else {
            return false
        }
        line += 1
        return true
    }

    private mutating func skipComment() throws(TOMLError) {
        guard peek() == "#" else { return }
        advance()
        while let c = peek(), c != "\n", !lookingAt("\r\n") {
            try checkText(c, in: "a comment")
            advance()
        }
    }

    /// Steps over white space, comments and line breaks.
    private mutating func skipBlankLines() throws(TOMLError) {
        while true {
            skipSpaces()
            try skipComment()
            if !skipNewline() { return }
        }
    }

    private mutating func endOfLine(after what: String) throws(TOMLError) {
        skipSpaces()
        try skipComment()
        guard let c = peek() else { return }
        guard skipNewline() else { throw error("unexpected \(describe(c)) after \(what)") }
    }

    private func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\n" { return "end of line" }
        if scalar.value < 0x20 || scalar.value == 0x7F || scalar == "\u{FEFF}" {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return "'\(scalar)'"
    }

    private func error(_ message: String) -> TOMLError { TOMLError(line: line, message: message) }
}
