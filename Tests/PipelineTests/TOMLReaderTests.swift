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
        #expect(throws: TOMLError.self) { try TOMLReader.parse(input) }
        do {
            _ = try TOMLReader.parse(input)
        } catch {
            #expect(error.description == expected)
        }
    }
}
