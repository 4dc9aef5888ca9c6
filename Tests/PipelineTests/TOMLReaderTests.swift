import Testing

@testable import Pipeline

@Suite struct TOMLReaderTests {
    @Test func readsTheValuesConfigurationsUse() throws {
        let table = try TOMLReader.parse(
            """
            # comment
            title = "Morning \\"news\\"" # trailing comment
            literal = 'C:\\path'
            count = 1_000
            hex = 0xff
            ratio = 0.25
            exponent = 1e3
            negative = -7
            on = true
            list = [
              "a",  # first
              "b",
            ]
            inline = { x = 1, y.z = "deep" }
            multi = \"\"\"
            one
            two\"\"\"

            [fetch]
            timeout = 30

            [summarizer.weights]
            entity = 1.5

            [[lists]]
            name = "one"
            [[lists]]
            name = "two"
            """)
        #expect(table["title"] == .string("Morning \"news\""))
        #expect(table["literal"] == .string("C:\\path"))
        #expect(table["count"] == .integer(1000))
        #expect(table["hex"] == .integer(255))
        #expect(table["ratio"] == .float(0.25))
        #expect(table["exponent"] == .float(1000))
        #expect(table["negative"] == .integer(-7))
        #expect(table["on"] == .boolean(true))
        #expect(table["list"] == .array([.string("a"), .string("b")]))
        #expect(table["inline"] == .table(["x": .integer(1), "y": .table(["z": .string("deep")])]))
        #expect(table["multi"] == .string("one\ntwo"))
        #expect(table["fetch"] == .table(["timeout": .integer(30)]))
        #expect(table["summarizer"] == .table(["weights": .table(["entity": .float(1.5)])]))
        #expect(table["lists"] == .array([.table(["name": .string("one")]), .table(["name": .string("two")])]))
    }

    @Test(arguments: [
        ("title = ", "line 1: expected a value"),
        ("title = \"open", "line 1: unterminated string"),
        ("a = 1\na = 2", "line 2: key a is defined twice"),
        ("[t]\n[t]", "line 2: table [t] is defined twice"),
        ("x = hello", "line 1: invalid value hello (strings need quotes)"),
        ("x = 1979-05-27", "line 1: dates and times are not supported here: 1979-05-27"),
        ("x = [1, 2", "line 1: unterminated array"),
        ("x = 1 y = 2", "line 1: unexpected 'y' after value"),
        ("x = 01", "line 1: leading zeros are not allowed: 01"),
        ("x = \"\\q\"", "line 1: invalid escape \\q"),
        ("a = 1\nb = 2\n[c", "line 3: expected ], found end of file"),
        ("a = [1]\na.b = 2", "line 2: a is an array; its keys go under [[a]]"),
    ])
    func reportsTheLineAndTheProblem(input: String, expected: String) {
        expectRefusal(input, expected)
    }

    /// Issue 18: the spec's own example; headers under `[[fruits]]` go to its last element.
    @Test func readsTheSpecsArrayOfTablesExample() throws {
        let document = try TOMLReader.read(
            """
            [[fruits]]
            name = "apple"

            [fruits.physical]  # subtable
            color = "red"
            shape = "round"

            [[fruits.varieties]]  # nested array of tables
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"

            [[fruits.varieties]]
            name = "plantain"
            """)
        #expect(
            document.root["fruits"]
                == .array([
                    .table([
                        "name": .string("apple"),
                        "physical": .table(["color": .string("red"), "shape": .string("round")]),
                        "varieties": .array([
                            .table(["name": .string("red delicious")]), .table(["name": .string("granny smith")]),
                        ]),
                    ]),
                    .table(["name": .string("banana"), "varieties": .array([.table(["name": .string("plantain")])])]),
                ]))
        // Keys inside arrays of tables have no line of their own: they report the array's.
        #expect(document.line(of: ["fruits", "physical", "color"]) == 1)
    }

    /// Issue 18: strings, numbers and the byte order mark, as the spec has them.
    @Test func readsStringsNumbersAndTablesAsTheSpecSays() throws {
        #expect(try TOMLReader.parse("s = \"\"\"\r\none\"\"\"")["s"] == .string("one"))
        #expect(try TOMLReader.parse("s = \"\"\"a\"\"\"\"\"")["s"] == .string("a\"\""))
        #expect(try TOMLReader.parse("s = '''a'''''")["s"] == .string("a''"))
        #expect(try TOMLReader.parse("\u{FEFF}a = 1")["a"] == .integer(1))
        #expect(try TOMLReader.parse("x = -0.5e-0_1")["x"] == .float(-0.05))
        #expect(
            try TOMLReader.parse("[a.b]\nx = 1\n[a]\ny = 2")["a"]
                == .table(["b": .table(["x": .integer(1)]), "y": .integer(2)]))
    }

    @Test(arguments: [
        ("s = \"\"\"a\"\"\"\"\"\"\"", "line 1: too many quotes closing a multi-line string"),
        ("a.b = 1\n[a]", "line 2: table [a] was already defined by dotted keys"),
        ("a = {b = 1}\na.c = 2", "line 2: a is an inline table; it cannot be extended"),
        ("a = {b = 1}\n[a.c]", "line 2: a is an inline table; it cannot be extended"),
        ("a = {b.c = 1, b = {}}", "line 1: key b is defined twice"),
        ("[a.b]\nz = 9\n[a]\nb.t = 1", "line 4: b is a table defined by a header; dotted keys cannot add to it"),
        ("[[a]]\n[a]", "line 2: a is an array of tables; its elements start with [[a]]"),
        ("a = []\n[[a]]", "line 2: a is already an array; [[a]] cannot add to it"),
        ("x = 01.5", "line 1: leading zeros are not allowed: 01.5"),
        ("x = 1_e5", "line 1: misplaced underscore in number 1_e5"),
        ("x = 1.", "line 1: invalid number 1."),
        ("x = -0x1", "line 1: invalid number -0x1"),
        ("x = 9223372036854775808", "line 1: integer out of range: 9223372036854775808"),
        ("a = 1\na = 2\n", "line 2: key a is defined twice"),
        ("a = 1 # bell \u{7}", "line 1: control character U+0007 in a comment"),
        ("a = 1\rb = 2", "line 1: unexpected U+000D after value"),
        ("a = \"\"\"\none\ntwo", "line 1: unterminated multi-line string"),
    ])
    func refusesWhatTheSpecRefuses(input: String, expected: String) {
        expectRefusal(input, expected)
    }

    private func expectRefusal(
        _ input: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(throws: TOMLError.self, sourceLocation: sourceLocation) { try TOMLReader.parse(input) }
        do {
            _ = try TOMLReader.parse(input)
        } catch {
            #expect(error.description == expected, sourceLocation: sourceLocation)
        }
    }

    /// Hostile nesting is refused with an error, not a stack overflow (the reader before the cap
    /// crashed on each of these).
    @Test(arguments: ["arrays", "inline tables", "dotted key", "table header"])
    func capsTheNestingDepth(shape: String) {
        let input =
            switch shape {
            case "arrays": "x = " + String(repeating: "[", count: 100_000)
            case "inline tables": "x = " + String(repeating: "{a = ", count: 100_000)
            case "dotted key": String(repeating: "a.", count: 100_000) + "b = 1"
            default: "[" + String(repeating: "a.", count: 100_000) + "b]"
            }
        #expect {
            try TOMLReader.parse(input)
        } throws: { error in
            (error as? TOMLError)?.message == "tables and arrays nest deeper than \(TOMLReader.maximumDepth) levels"
        }
    }

    /// A large document is read whole: 20,000 keys in one table and 20,000 elements of an array
    /// of tables, each with a sub-table.
    @Test func readsALargeDocument() throws {
        var text = "[big]\n"
        for index in 0..<20_000 { text += "key\(index) = \(index)\n" }
        for index in 0..<20_000 { text += "[[items]]\nn = \(index)\n[items.sub]\nm = \(index)\n" }
        let document = try TOMLReader.read(text)
        guard case .table(let big)? = document.root["big"], case .array(let items)? = document.root["items"] else {
            Issue.record("big or items missing")
            return
        }
        #expect(big.count == 20_000 && big["key19999"] == .integer(19_999))
        #expect(items.count == 20_000)
        #expect(items.last == .table(["n": .integer(19_999), "sub": .table(["m": .integer(19_999)])]))
        #expect(document.line(of: ["big", "key19999"]) == 20_001)
    }

    @Test func acceptsNestingUpToTheCap() throws {
        let depth = TOMLReader.maximumDepth
        let text = "x = " + String(repeating: "[", count: depth - 1) + String(repeating: "]", count: depth - 1)
        var value = try TOMLReader.parse(text)["x"]
        var levels = 0
        while case .array(let items)? = value {
            levels += 1
            value = items.first
        }
        #expect(levels == depth - 1)
    }
}
