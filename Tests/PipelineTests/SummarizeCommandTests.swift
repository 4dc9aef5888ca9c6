import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// `briefing summarize` through the executable: files, standard input, and the batch interface.
@Suite struct SummarizeCommandTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)
    static let article = Repository.root.appendingPathComponent("Tests/Fixtures/article.txt").path

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func printsTheChosenSentencesOnePerLine() throws {
        let run = try KilledRunTests.briefing(["summarize", Self.article, "--sentences", "2"])
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n")
        #expect(lines.count == 2)
        let text = try String(contentsOfFile: Self.article, encoding: .utf8)
        for line in lines { #expect(text.contains(line)) }
        #expect(!run.output.contains("Aurelia Airways agrees to buy regional carrier Skerry Air\n"))
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func readsStandardInput() throws {
        let piped = try FaultInjectionTests.shell(
            "'\(Repository.executable.path)' summarize - -s 1 < '\(Self.article)'")
        #expect(piped.status == 0)
        #expect(piped.output.split(separator: "\n").count == 1)
    }

    /// Standard input and pipes are under the same cap as a file: more than 10 MiB is refused,
    /// naming the input, and an endless one (/dev/zero) is not read past it (standard input used
    /// to be read without a cap, until memory ran out).
    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func standardInputAndPipesAreReadUnderTheCap() throws {
        let folder = Repository.temporaryDirectory("stdin-cap")
        defer { try? FileManager.default.removeItem(at: folder) }
        let big = folder.appendingPathComponent("big.txt")
        try Data(repeating: UInt8(ascii: "a"), count: 10 << 20 + 1).write(to: big)
        let briefing = "'\(Repository.executable.path)'"
        for command in ["summarize -", "feed inspect -"] {
            for input in [big.path, "/dev/zero"] {
                let run = try FaultInjectionTests.shell("\(briefing) \(command) < '\(input)'")
                #expect(run.status == 1, "\(command) < \(input)")
                #expect(run.output.prefix(300) == "briefing: -: input exceeds 10 MiB\n", "\(command) < \(input)")
            }
        }
        // A pipe of a file exactly at the cap is read whole.
        let fits = folder.appendingPathComponent("fits.txt")
        try Data(repeating: UInt8(ascii: "a"), count: 10 << 20).write(to: fits)
        let piped = try FaultInjectionTests.shell("cat '\(fits.path)' | \(briefing) feed inspect -")
        #expect(!piped.output.contains("exceeds"))
        // A pipe named as a path (bash's process substitution) is read like standard input: it
        // used to be "cannot read the file".
        let feed = Repository.root.appendingPathComponent("Feeds/samples/world.xml").path
        let substituted = try FaultInjectionTests.shell("\(briefing) feed inspect <(cat '\(feed)')")
        #expect(substituted.status == 0)
        #expect(substituted.output.hasPrefix("Feed: Harbour Post — World [rss20]\n"))
        let endless = try FaultInjectionTests.shell("\(briefing) feed inspect <(cat /dev/zero)")
        #expect(endless.status == 1)
        #expect(endless.output.hasSuffix(": file exceeds 10 MiB\n"))
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func batchGivesOneLinePerDocument() throws {
        let folder = Repository.temporaryDirectory("batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        let text = try String(contentsOfFile: Self.article, encoding: .utf8)
        let lines = try [
            ["id": "a", "text": text],
            ["id": "b", "text": "One short sentence. Another one follows here.", "title": "Short"],
        ].map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
        try lines.joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let run = try KilledRunTests.briefing(["summarize", "--batch", input.path, "--sentences", "2"])
        #expect(run.status == 0)
        let outputs = run.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(outputs.map { $0["id"] as? String } == ["a", "b"])
        let summary = try #require(outputs.first?["summary"] as? String)
        #expect(summary.split(separator: "\n").count == 2)

        try "{\"id\": 1, \"text\": 5}".write(to: input, atomically: true, encoding: .utf8)
        let bad = try KilledRunTests.briefing(["summarize", "--batch", input.path])
        #expect(bad.status == 1)
    }

    /// `--timings` prints, on standard error only, how the batch's CPU time splits between the
    /// summarizer and everything else (the share bench-peers checks against its 20% target); the
    /// output on standard output is the same as without it, and it is refused without `--batch`.
    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func timingsSplitTheBatchTimeOnStandardError() throws {
        let folder = Repository.temporaryDirectory("batch-timings")
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("in.jsonl")
        let text = try String(contentsOfFile: Self.article, encoding: .utf8)
        let line = String(decoding: try JSONSerialization.data(withJSONObject: ["id": "a", "text": text]), as: UTF8.self)
        try Array(repeating: line, count: 50).joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let briefing = "'\(Repository.executable.path)' summarize --batch '\(input.path)'"
        let plain = try FaultInjectionTests.shell("\(briefing) 2>/dev/null")
        let timed = try FaultInjectionTests.shell("\(briefing) --timings 2>/dev/null")
        #expect(plain.status == 0 && timed.status == 0)
        #expect(timed.output == plain.output)
        #expect(plain.output.split(separator: "\n").count == 50)
        let report = try FaultInjectionTests.shell("\(briefing) --timings 2>&1 >/dev/null")
        let match = try #require(
            report.output.firstMatch(
                of: /^briefing: timings: summarizing ([0-9.]+) ms of ([0-9.]+) ms CPU \(all threads\); JSON in and out, reading, writing and start-up: ([0-9.]+)%\n$/))
        let summarizing = try #require(Double(match.1)), total = try #require(Double(match.2))
        let share = try #require(Double(match.3))
        #expect(summarizing > 0 && summarizing <= total)
        #expect(share >= 0 && share < 100)
        // The figures are printed to 0.1 ms and 0.1%: the share agrees with them within that rounding.
        #expect(abs(share - 100 * (total - summarizing) / total) < 0.1 + 10 / total)

        let refused = try KilledRunTests.briefing(["summarize", "--timings", Self.article])
        #expect(refused.status == 64)
        #expect(refused.errors.contains("--timings goes with --batch"))
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func aMissingFileIsOneLineNamingIt() throws {
        let run = try FaultInjectionTests.shell("'\(Repository.executable.path)' summarize /nonexistent/file.txt")
        #expect(run.status == 1)
        #expect(run.output == "briefing: /nonexistent/file.txt: no such file\n")
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func extractFetchesAPageAndPrintsJSON() throws {
        let server = try TestHTTPServer { _ in
            .response(status: 200, headers: ["Content-Type": "text/html"], body: Data(FullTextTests.page.utf8))
        }
        defer { server.stop() }
        let run = try KilledRunTests.briefing(["extract", server.baseURL + "/quay", "--json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        #expect(object["title"] as? String == "Harbour authority approves new quay")
        #expect(object["site_name"] as? String == "Coast Times")
        #expect((object["text"] as? String)?.contains("£95 million") == true)
        #expect((object["text"] as? String)?.contains("cookies") == false)
        #expect(object["byline"] is NSNull)
    }
}
