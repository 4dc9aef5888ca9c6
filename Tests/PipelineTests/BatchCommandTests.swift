import Foundation
import TestSupport
import Testing

/// `extract --batch`, `feed inspect FILE...` and `feed inspect --batch` through the executable:
/// one JSON line per input, in input order, errors as lines, exit 2 when some failed.
@Suite struct BatchCommandTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)
    static let feed = Repository.root.appendingPathComponent("Feeds/samples/world.xml")

    static func objects(_ output: String) -> [[String: Any]] {
        output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func extractBatchGivesOneLinePerPageInOrder() throws {
        let folder = Repository.temporaryDirectory("extract-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = """
            <html><head><title>Parks</title></head><body><article><p>The council approved 12 new parks \
            on Thursday, the mayor said.</p><p>Work starts in March.</p></article></body></html>
            """
        try page.write(to: folder.appendingPathComponent("page.html"), atomically: true, encoding: .utf8)
        let lines: [[String: Any]] = [
            ["id": "file", "path": "page.html", "url": "https://news.example/parks"],
            ["id": 2, "html": page],
            ["id": "gone", "path": "none.html"],
        ]
        let input = folder.appendingPathComponent("pages.jsonl")
        try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n\n").write(to: input, atomically: true, encoding: .utf8)
        let run = try KilledRunTests.briefing(["extract", "--batch", input.path])
        #expect(run.status == 2)
        let outputs = Self.objects(run.output)
        #expect(outputs.count == 3)
        #expect(outputs.first?["id"] as? String == "file")
        #expect(outputs.dropFirst().first?["id"] as? Int == 2)
        #expect(outputs.first?["title"] as? String == "Parks")
        #expect((outputs.first?["text"] as? String)?.hasPrefix("The council approved 12 new parks") == true)
        #expect(outputs.first?["text"] as? String == outputs.dropFirst().first?["text"] as? String)
        #expect(outputs.last?["error"] as? String == "none.html: no such file")

        // A page's file is read to the body cap and no further, counted after gunzip: a gzip
        // bomb (20 MiB of zeros in 20 KiB) and /dev/zero each give an error line (both used to
        // be read whole, /dev/zero until memory ran out), and the page after them is extracted.
        let bomb = try FaultInjectionTests.shell(
            "head -c 20971520 /dev/zero | gzip -c > '\(folder.appendingPathComponent("bomb.html.gz").path)'")
        #expect(bomb.status == 0)
        let capped: [[String: Any]] = [
            ["id": "bomb", "path": "bomb.html.gz"], ["id": "zero", "path": "/dev/zero"], lines[0],
        ]
        try capped.map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let cappedRun = try KilledRunTests.briefing(["extract", "--batch", input.path])
        #expect(cappedRun.status == 2)
        let cappedOutputs = Self.objects(cappedRun.output)
        #expect(cappedOutputs.map { $0["error"] as? String } == [
            "bomb.html.gz: file exceeds 10 MiB", "/dev/zero: file exceeds 10 MiB", nil,
        ])
        #expect(cappedOutputs.last?["title"] as? String == "Parks")
        // Keys: id, then those of extract --json, in order.
        #expect(run.output.hasPrefix(#"{"id":"file","title":"Parks","byline":null,"published":null,"site_name""#))

        try lines[0...1].map { String(decoding: try JSONSerialization.data(withJSONObject: $0), as: UTF8.self) }
            .joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        #expect(try KilledRunTests.briefing(["extract", "--batch", input.path]).status == 0)
        try "{\"id\": 1, \"html\": ".write(to: input, atomically: true, encoding: .utf8)
        #expect(try KilledRunTests.briefing(["extract", "--batch", input.path]).status == 1)
        #expect(
            try KilledRunTests.briefing(["extract", "--batch", folder.appendingPathComponent("no").path]).status == 1)
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func feedInspectTakesSeveralFilesAndABatch() throws {
        let folder = Repository.temporaryDirectory("feed-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let single = try KilledRunTests.briefing(["feed", "inspect", "--json", Self.feed.path])
        #expect(single.status == 0)
        let many = try KilledRunTests.briefing(["feed", "inspect", Self.feed.path, Self.feed.path, "none.xml"])
        #expect(many.status == 2)
        let lines = many.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        // Each line is the single-feed JSON with "source" first.
        let body = single.output.trimmingCharacters(in: .newlines).dropFirst()
        #expect(lines.first == #"{"source":"\#(Self.feed.path)","# + body)
        #expect(lines.last == #"{"source":"none.xml","error":"no such file"}"#)
        // An endless batch file stops at its first line, named, instead of filling memory (it
        // used to read as an empty batch, exit 0, once memory ran out).
        for command in [["feed", "inspect"], ["summarize"], ["extract"]] {
            let endlessBatch = try KilledRunTests.briefing(command + ["--batch", "/dev/zero"])
            #expect(endlessBatch.status == 1)
            #expect(endlessBatch.errors == "briefing: /dev/zero:1: a line longer than 64 MiB\n")
        }
        // A device or FIFO named as a feed is read up to the cap, not without end.
        let endless = try KilledRunTests.briefing(["feed", "inspect", Self.feed.path, "/dev/zero"])
        #expect(endless.status == 2)
        #expect(endless.output.hasSuffix(#"{"source":"/dev/zero","error":"file exceeds 10 MiB"}"# + "\n"))

        let input = folder.appendingPathComponent("feeds.jsonl")
        try [
            #"{"id":"world","path":"\#(Self.feed.path)"}"#,
            #"{"id":"inline","xml":"<rss><channel><title>T</title><item><title>A &amp; B</title></item></channel></rss>"}"#,
            #"{"id":"page","xml":"<html><body>no feed</body></html>"}"#,
        ].joined(separator: "\n").write(to: input, atomically: true, encoding: .utf8)
        let batch = try KilledRunTests.briefing(["feed", "inspect", "--batch", input.path])
        #expect(batch.status == 2)
        let outputs = Self.objects(batch.output)
        #expect(outputs.map { $0["id"] as? String } == ["world", "inline", "page"])
        #expect(batch.output.hasPrefix(#"{"id":"world","# + body))
        let items = outputs.dropFirst().first?["items"] as? [[String: Any]]
        #expect(items?.first?["title"] as? String == "A & B")
        #expect(outputs.last?["error"] != nil)
    }
}
