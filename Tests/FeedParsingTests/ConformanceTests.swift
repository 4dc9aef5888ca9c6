import BriefingCore
import Foundation
import Testing

@testable import FeedParsing

/// Runs the shared conformance corpus (feedparser 6.0.14's expectations for RSS/Atom, spec-derived
/// ones for JSON Feed) and fails below pinned agreement floors.
///
/// Set `FEED_CONFORMANCE_REPORT=/path` to write every disagreement to a file.
@Suite("Conformance")
struct ConformanceTests {
    static let sharedRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("../shared/feeds/cases").standardizedFileURL
    static let available = FileManager.default.fileExists(
        atPath: sharedRoot.appendingPathComponent("cases-dev.jsonl").path)

    /// Floors: the share of cases agreeing on every field, pinned slightly below what we reach.
    static let overallFloor = 0.975
    static let jsonFloor = 0.97

    @Test(
        "RSS and Atom cases agree with feedparser",
        .enabled(if: available, "shared corpus ../shared/feeds/cases not found; conformance skipped"))
    func feedparserCases() throws {
        let report = try Conformance.run(
            file: Self.sharedRoot.appendingPathComponent("cases-dev.jsonl"), json: false)
        report.print(label: "feedparser dev")
        #expect(report.overall >= Self.overallFloor, "overall agreement \(report.overall) below floor")
    }

    @Test(
        "JSON Feed cases agree with the spec",
        .enabled(if: available, "shared corpus ../shared/feeds/cases not found; conformance skipped"))
    func jsonFeedCases() throws {
        let report = try Conformance.run(
            file: Self.sharedRoot.appendingPathComponent("cases-jsonfeed-dev.jsonl"), json: true)
        report.print(label: "jsonfeed dev")
        #expect(report.overall >= Self.jsonFloor, "overall agreement \(report.overall) below floor")
    }
}

/// Compares parser output with one corpus file's expectations.
enum Conformance {
    struct Report {
        var cases = 0
        var agreeing = 0
        var fieldTotals: [String: Int] = [:]
        var fieldAgree: [String: Int] = [:]
        var failures: [String] = []

        var overall: Double { cases == 0 ? 0 : Double(agreeing) / Double(cases) }

        func print(label: String) {
            var lines = [
                "\(label): \(agreeing)/\(cases) cases agree on every field (\(percent(overall)))"
            ]
            for field in fieldTotals.keys.sorted() {
                let total = fieldTotals[field] ?? 0
                let agree = fieldAgree[field] ?? 0
                lines.append(
                    "  \(field): \(agree)/\(total) (\(percent(total == 0 ? 1 : Double(agree) / Double(total))))"
                )
            }
            Swift.print(lines.joined(separator: "\n"))
            if let path = ProcessInfo.processInfo.environment["FEED_CONFORMANCE_REPORT"] {
                let text =
                    lines.joined(separator: "\n") + "\n\n" + failures.joined(separator: "\n\n") + "\n"
                try? text.write(
                    toFile: path + "-" + label.replacingOccurrences(of: " ", with: "-"), atomically: true,
                    encoding: .utf8)
            }
        }

        private func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    }

    static func run(file: URL, json: Bool) throws -> Report {
        let directory = file.deletingLastPathComponent()
        let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        var report = Report()
        for line in lines {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let path = object["file"] as? String
            else { continue }
            let data = try Data(contentsOf: directory.appendingPathComponent(path))
            var baseURL: String? = nil
            var contentType: String? = nil
            if let http = object["http"] as? [String: Any] {
                let url = http["url"] as? String
                baseURL = url
                let headers = (http["response_headers"] as? [String: String]) ?? [:]
                for (key, value) in headers {
                    switch key.lowercased() {
                    case "content-type": contentType = value
                    case "content-location": baseURL = URLResolution.resolve(value, against: url)
                    default: break
                    }
                }
            }
            var checks: [(String, Bool, String)] = []
            let result = Result { () throws(FeedParsingError) in
                try FeedParser().parse(data, baseURL: baseURL, contentType: contentType)
            }
            if let expectedFormat = object["format"] as? String, !expectedFormat.isEmpty {
                let got = (try? result.get())?.format.rawValue
                checks.append(
                    (
                        "format", got == expectedFormat,
                        "format: expected \(expectedFormat) got \(got ?? "error")"
                    ))
            }
            if let expect = object["expect"] as? [String: Any] {
                switch result {
                case .failure(let error):
                    checks.append(("parse", false, "parse failed: \(error)"))
                case .success(let feed):
                    compare(feed, expect, json: json, into: &checks)
                }
            } else {
                let failed: Bool
                if case .failure = result { failed = true } else { failed = false }
                checks.append(("parse", failed, "expected a parse error"))
            }
            report.cases += 1
            var allAgree = true
            var messages: [String] = []
            for (field, agree, message) in checks {
                report.fieldTotals[field, default: 0] += 1
                if agree {
                    report.fieldAgree[field, default: 0] += 1
                } else {
                    allAgree = false
                    messages.append("  [\(field)] \(message)")
                }
            }
            if allAgree {
                report.agreeing += 1
            } else {
                report.failures.append(path + "\n" + messages.joined(separator: "\n"))
            }
        }
        return report
    }

    private static func normalized(_ text: String?) -> String? {
        text.map(collapse)
    }

    /// White space runs (no-break spaces included) as one space, trimmed: the comparison ignores
    /// layout.
    private static func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace || $0 == "\u{00A0}" }).joined(separator: " ")
    }

    private static func check(
        _ field: String, _ expected: Any?, _ got: String?, into checks: inout [(String, Bool, String)]
    ) {
        let expectedText = (expected as? String).map(collapse)
        let gotText = normalized(got)
        checks.append(
            (
                field, expectedText == gotText,
                "\(field): expected \(debug(expectedText)) got \(debug(gotText))"
            ))
    }

    private static func debug(_ text: String?) -> String {
        text.map { "\"" + String($0.prefix(160)) + "\"" } ?? "nil"
    }

    private static func length(_ value: Any?) -> String {
        if let number = value as? NSNumber { return number.intValue.description }
        if let text = value as? String, let number = Int(text) { return number.description }
        return "nil"
    }

    static func compare(
        _ feed: Feed, _ expect: [String: Any], json: Bool, into checks: inout [(String, Bool, String)]
    ) {
        let expectedFeed = expect["feed"] as? [String: Any] ?? [:]
        check("feed.title", expectedFeed["title"], feed.title, into: &checks)
        check("feed.link", expectedFeed["link"], feed.link, into: &checks)
        let entries = expect["entries"] as? [[String: Any]] ?? []
        checks.append(
            (
                "entries.count", entries.count == feed.items.count,
                "entries: expected \(entries.count) got \(feed.items.count)"
            ))
        for (entry, item) in zip(entries, feed.items) {
            check("title", entry["title"], item.title, into: &checks)
            check("link", entry["link"], item.link, into: &checks)
            if entry["id"] is String { check("id", entry["id"], item.id, into: &checks) }
            check(
                "published", entry["published"], item.published.map(FeedInspection.timestamp), into: &checks
            )
            check("updated", entry["updated"], item.updated.map(FeedInspection.timestamp), into: &checks)
            let author = (entry["author_name"] as? String) ?? (entry["author"] as? String)
            check("author", author, item.author, into: &checks)
            let contents = entry["content"] as? [[String: Any]] ?? []
            if (entry["summary_copied_from_content"] as? Bool) == true {
                // feedparser copied the content's (sanitized) HTML into the summary: compare its text.
                let contentType = contents.first?["type"] as? String ?? "text/html"
                let copied = (entry["summary"] as? String).map {
                    contentType == "text/plain" ? $0 : ContentText.plainText(fromHTML: $0)
                }
                check("summary", copied, item.summaryText ?? item.contentText, into: &checks)
            } else {
                check("summary", entry["summary"], item.summaryText, into: &checks)
            }
            check("content", contents.first?["text"], item.contentText, into: &checks)
            let expectedEnclosures = (entry["enclosures"] as? [[String: Any]] ?? []).map { enclosure in
                "\(enclosure["url"] as? String ?? "nil") \(enclosure["type"] as? String ?? "nil") \(length(enclosure["length"]))"
            }
            let gotEnclosures = item.enclosures.map {
                "\($0.url) \($0.type ?? "nil") \($0.length?.description ?? "nil")"
            }
            checks.append(
                (
                    "enclosures", expectedEnclosures == gotEnclosures,
                    "enclosures: expected \(expectedEnclosures) got \(gotEnclosures)"
                ))
        }
    }
}
