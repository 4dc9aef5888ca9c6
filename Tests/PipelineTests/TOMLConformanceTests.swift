import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// Runs every case of the toml-test suite in `../shared/toml-test` (the TOML 1.0.0 file list;
/// SOURCES.md there): each `valid/X.toml` must decode to `valid/X.json`, each `invalid/X.toml`
/// must be refused. Dates and times are not supported: a valid case that has one must be refused
/// with the reader's "dates and times are not supported" error, and the invalid cases about dates
/// and times are counted apart. The counts are pinned exactly, so that a regression fails.
@Suite("TOML conformance")
struct TOMLConformanceTests {
    static let suite = Repository.shared.appendingPathComponent("toml-test")
    static let fileList = suite.appendingPathComponent("files-toml-1.0.0")
    static let available = FileManager.default.fileExists(atPath: fileList.path)
    static let required = ProcessInfo.processInfo.environment["CI"] == "true"

    /// Pinned: every case of the suite's TOML 1.0.0 list.
    static let validPassing = 191
    static let invalidRefused = 426
    static let dateCasesValid = 19
    static let dateCasesInvalid = 73

    @Test(
        "toml-test: valid cases decode, invalid ones are refused",
        .enabled(if: available || required, "../shared/toml-test not found; TOML conformance skipped"))
    func suiteCases() throws {
        try #require(Self.available, "CI=true, but ../shared/toml-test (files-toml-1.0.0) is missing")
        let report = try TOMLConformance.run(suite: Self.suite, list: Self.fileList)
        print(report.summary)
        #expect(
            report.failures.isEmpty,
            "\(report.failures.count) cases fail:\n\(report.failures.joined(separator: "\n"))")
        #expect(report.validPassing == Self.validPassing && report.validTotal == Self.validPassing)
        #expect(report.invalidRefused == Self.invalidRefused && report.invalidTotal == Self.invalidRefused)
        #expect(report.dateValid == Self.dateCasesValid && report.dateInvalid == Self.dateCasesInvalid)
    }
}

/// Checks the reader against toml-test's cases and their tagged JSON.
enum TOMLConformance {
    struct Report {
        var validTotal = 0
        var validPassing = 0
        var invalidTotal = 0
        var invalidRefused = 0
        /// Cases about dates and times, refused as expected.
        var dateValid = 0
        var dateInvalid = 0
        var failures: [String] = []

        var summary: String {
            "toml-test: valid \(validPassing)/\(validTotal), invalid \(invalidRefused)/\(invalidTotal), "
                + "datetime cases \(dateValid + dateInvalid) refused (\(dateValid) valid, \(dateInvalid) invalid)"
        }
    }

    static let dateTypes: Set<String> = ["datetime", "datetime-local", "date-local", "time-local"]
    static let dateFolders = [
        "invalid/datetime/", "invalid/local-date/", "invalid/local-time/", "invalid/local-datetime/",
    ]

    static func run(suite: URL, list: URL) throws -> Report {
        var report = Report()
        let names = try String(contentsOf: list, encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { $0.hasSuffix(".toml") }
        for name in names {
            let bytes = try Data(contentsOf: suite.appendingPathComponent(name))
            // Strict UTF-8, as the configuration loader reads files; invalid bytes are refused.
            let outcome: Result<[String: TOMLValue], TOMLError>? = String(validating: bytes, as: UTF8.self).map {
                text in Result { () throws(TOMLError) in try TOMLReader.parse(text) }
            }
            if name.hasPrefix("valid/") {
                report.validTotal += 1
                let jsonURL = suite.appendingPathComponent(String(name.dropLast(5)) + ".json")
                let json = try JSONSerialization.jsonObject(
                    with: Data(contentsOf: jsonURL), options: [.fragmentsAllowed])
                if hasDate(json) {
                    report.validTotal -= 1
                    if case .failure(let error)? = outcome, error.message.contains("dates and times are not supported")
                    {
                        report.dateValid += 1
                    } else {
                        report.failures.append(
                            "\(name): has a date or time, expected the date error, got \(describe(outcome))")
                    }
                    continue
                }
                switch outcome {
                case .success(let table)?:
                    if let difference = difference(.table(table), json, at: "") {
                        report.failures.append("\(name): \(difference)")
                    } else {
                        report.validPassing += 1
                    }
                default:
                    report.failures.append("\(name): refused: \(describe(outcome))")
                }
            } else {
                let refused: Bool
                if case .success? = outcome { refused = false } else { refused = true }
                if dateFolders.contains(where: name.hasPrefix) {
                    if refused { report.dateInvalid += 1 } else { report.failures.append("\(name): accepted") }
                    continue
                }
                report.invalidTotal += 1
                if refused { report.invalidRefused += 1 } else { report.failures.append("\(name): accepted") }
            }
        }
        return report
    }

    private static func describe(_ outcome: Result<[String: TOMLValue], TOMLError>?) -> String {
        switch outcome {
        case nil: return "not UTF-8"
        case .failure(let error)?: return error.description
        case .success?: return "accepted"
        }
    }

    private static func hasDate(_ json: Any) -> Bool {
        if let array = json as? [Any] { return array.contains(where: hasDate) }
        guard let object = json as? [String: Any] else { return false }
        if let type = object["type"] as? String, object["value"] is String, object.count == 2 {
            return dateTypes.contains(type)
        }
        return object.values.contains(where: hasDate)
    }

    /// Nil when `value` is what the tagged JSON `json` describes, else where and how they differ.
    static func difference(_ value: TOMLValue, _ json: Any, at path: String) -> String? {
        if let array = json as? [Any] {
            guard case .array(let items) = value, items.count == array.count else {
                return "\(path): expected an array of \(array.count), found \(value)"
            }
            for (offset, (item, expected)) in zip(items, array).enumerated() {
                if let difference = difference(item, expected, at: "\(path)[\(offset)]") { return difference }
            }
            return nil
        }
        guard let object = json as? [String: Any] else { return "\(path): unexpected JSON \(json)" }
        if let type = object["type"] as? String, let text = object["value"] as? String, object.count == 2 {
            return scalarDifference(value, type: type, text: text)
                ? "\(path): expected \(type) \(text), found \(value)" : nil
        }
        guard case .table(let table) = value else { return "\(path): expected a table, found \(value)" }
        let keys = Dictionary(uniqueKeysWithValues: table.map { (Array($0.key.unicodeScalars), $0.value) })
        let expectedKeys = Dictionary(uniqueKeysWithValues: object.map { (Array($0.key.unicodeScalars), $0.value) })
        guard Set(keys.keys) == Set(expectedKeys.keys) else {
            return "\(path): expected keys \(object.keys.sorted()), found \(table.keys.sorted())"
        }
        for (key, expected) in expectedKeys {
            guard let item = keys[key] else { continue }
            if let difference = difference(item, expected, at: path + "." + String(String.UnicodeScalarView(key))) {
                return difference
            }
        }
        return nil
    }

    /// True when `value` is not the scalar tagged `type` with text `text` (strings compared
    /// scalar by scalar, numbers by value, `nan` with `nan`).
    private static func scalarDifference(_ value: TOMLValue, type: String, text: String) -> Bool {
        switch (type, value) {
        case ("string", .string(let string)):
            return Array(string.unicodeScalars) != Array(text.unicodeScalars)
        case ("integer", .integer(let integer)):
            return Int(text) != integer
        case ("bool", .boolean(let boolean)):
            return text != String(boolean)
        case ("float", .float(let float)):
            switch text {
            case "nan", "+nan", "-nan": return !float.isNaN
            case "inf", "+inf": return float != .infinity
            case "-inf": return float != -.infinity
            default: return Double(text) != float
            }
        default:
            return true
        }
    }
}
