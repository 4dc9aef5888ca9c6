import Foundation
import TestSupport
import Testing

/// `feed inspect` of a feed of 1 MiB or more sets the allocator up for it (CProcessHeap): its
/// heap is advised for huge pages while it works, and the output is the feed's, whole.
///
/// The running process is looked at from outside: its output (several MiB, more than a pipe
/// holds) is left unread after the first block, so that it waits, mid-write, until the test has
/// read its /proc/PID/smaps.
@Suite struct LargeFeedProcessTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    static func feed(items: Int) -> String {
        var text =
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title><link>https://big.example/</link>"
        for index in 0..<items {
            text += "<item><title>Item \(index): the council approved \(index) new parks</title>"
            text += "<link>https://big.example/\(index)</link><guid>big-\(index)</guid>"
            text += "<description>&lt;p&gt;The mayor said on Monday that \(index * 7) trees would be planted "
            text += "by March, at a cost of $\(index * 1000).&lt;/p&gt;</description></item>"
        }
        return text + "</channel></rss>"
    }

    /// The flags of the process's `[heap]` mappings, from smaps.
    static func heapFlags(_ smaps: String) -> [String] {
        var flags: [String] = []
        var inHeap = false
        for line in smaps.split(separator: "\n") {
            if let first = line.first, first.isHexDigit, line.contains("-") {
                inHeap = line.hasSuffix("[heap]")
            } else if inHeap, line.hasPrefix("VmFlags:") {
                flags.append(String(line.dropFirst("VmFlags:".count)))
            }
        }
        return flags
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func aLargeFeedsProcessAdvisesItsHeapAndPrintsEveryItem() throws {
        #if os(Linux)
            let folder = Repository.temporaryDirectory("large-feed")
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("big.xml")
            let text = Self.feed(items: 8_000)
            #expect(text.utf8.count > 1 << 20)
            try text.write(to: file, atomically: true, encoding: .utf8)

            let process = Process()
            process.executableURL = Repository.executable
            process.arguments = ["feed", "inspect", "--json", file.path]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // The first block of output: the feed is parsed, the rest waits on this pipe.
            var data = output.fileHandleForReading.availableData
            // Read to its end: String(contentsOfFile:) stops after the first block of a /proc file.
            let smapsFile = try #require(FileHandle(forReadingAtPath: "/proc/\(process.processIdentifier)/smaps"))
            let smaps = String(decoding: smapsFile.readDataToEndOfFile(), as: UTF8.self)
            try smapsFile.close()
            data.append(output.fileHandleForReading.readDataToEndOfFile())
            process.waitUntilExit()

            #expect(process.terminationStatus == 0)
            let flags = Self.heapFlags(smaps)
            #expect(!flags.isEmpty, "smaps names the heap")
            #expect(flags.contains { $0.split(separator: " ").contains("hg") }, "heap advised for huge pages: \(flags)")
            let feed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let items = try #require(feed["items"] as? [[String: Any]])
            #expect(items.count == 8_000)
            #expect(items.last?["title"] as? String == "Item 7999: the council approved 7999 new parks")
            #expect((items.first?["summary_text"] as? String)?.hasSuffix("at a cost of $0.") == true)
        #endif
    }

    /// In `--batch`, a large feed parsed alone (the first, and one left over at the end) maps its
    /// items on every core and the others one thread each: every line is still the feed's whole
    /// `feed inspect --json` output, with its id first.
    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func aBatchOfLargeFeedsGivesEachWhole() throws {
        let folder = Repository.temporaryDirectory("large-batch")
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = folder.appendingPathComponent("big.xml")
        try Self.feed(items: 6_000).write(to: feed, atomically: true, encoding: .utf8)
        let single = try KilledRunTests.briefing(["feed", "inspect", "--json", feed.path])
        #expect(single.status == 0)
        let body = single.output.trimmingCharacters(in: .newlines).dropFirst()
        let batch = folder.appendingPathComponent("feeds.jsonl")
        try (1...4).map { #"{"id":\#($0),"path":"big.xml"}"# }.joined(separator: "\n")
            .write(to: batch, atomically: true, encoding: .utf8)
        // On two cores or more: the first alone, then two together, then the last alone.
        let run = try KilledRunTests.briefing(["feed", "inspect", "--batch", batch.path])
        #expect(run.status == 0)
        let lines = run.output.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        for (index, line) in lines.enumerated() {
            #expect(line == "{\"id\":\(index + 1),\(body)", "line \(index + 1)")
        }
    }
}
