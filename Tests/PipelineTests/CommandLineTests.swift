import BriefingCore
import Foundation
import TestSupport
import Testing

/// Every command's exit codes (README "Exit codes"), its error lines, and the one JSON
/// convention of every `--json` output, through the real executable.
@Suite struct CommandLineTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)

    /// Runs the executable in `folder` with `arguments`.
    static func briefing(_ arguments: [String], in folder: URL) throws -> ProcessRun {
        try ProcessRun.run(arguments, in: folder)
    }

    /// A folder with a configuration, a feed list of one sample feed, a page and evaluation data.
    static func fixture() throws -> URL {
        let folder = Repository.temporaryDirectory("cli")
        let feed = Repository.root.appendingPathComponent("Feeds/samples/world.xml").absoluteString
        try """
        <opml version="2.0"><head><title>T</title></head><body><outline text="World">
        <outline text="World" xmlUrl="\(feed)"/></outline></body></opml>
        """.write(to: folder.appendingPathComponent("list.opml"), atomically: true, encoding: .utf8)
        try """
        [briefing]
        feeds = ["list.opml"]
        max_item_age = "0"
        [state]
        directory = "state"
        """.write(to: folder.appendingPathComponent("briefing.toml"), atomically: true, encoding: .utf8)
        try """
        <html><head><title>Parks</title><link rel="canonical" href="https://news.example/a/b"></head><body>
        <article><p>The Steady Council in Leeds approved 12 new parks on Thursday, Mayor Ada Brook said.</p>
        <p>Work on the first of them starts in March and is to finish by the end of next year.</p></article>
        </body></html>
        """.write(to: folder.appendingPathComponent("page.html"), atomically: true, encoding: .utf8)
        try
            #"{"id":"a/1","text":"The council approved 12 parks. Work starts in March. It ends next year.","summary":"The council approved 12 parks."}"#
            .write(to: folder.appendingPathComponent("eval.jsonl"), atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            at: Repository.root.appendingPathComponent("Feeds/samples/world.xml"),
            to: folder.appendingPathComponent("feed.xml"))
        try "The council approved 12 parks on Thursday. Work starts in March.\n"
            .write(to: folder.appendingPathComponent("article.txt"), atomically: true, encoding: .utf8)
        return folder
    }

    /// Each command: arguments that succeed, and arguments whose input is missing.
    static let commands: [(name: String, succeeds: [String], missingInput: [String])] = [
        ("run", ["run", "--config", "briefing.toml", "--quiet"], ["run", "--config", "none.toml"]),
        ("summarize", ["summarize", "article.txt"], ["summarize", "none.txt"]),
        ("extract", ["extract", "page.html"], ["extract", "none.html"]),
        ("feed inspect", ["feed", "inspect", "feed.xml"], ["feed", "inspect", "none.xml"]),
        ("feeds check", ["feeds", "check", "--config", "briefing.toml"], ["feeds", "check", "--config", "none.toml"]),
        (
            "feeds import", ["feeds", "import", "list.opml", "--into", "copy.opml"],
            ["feeds", "import", "none.opml", "--into", "copy.opml"]
        ),
        (
            "feeds export", ["feeds", "export", "--config", "briefing.toml"],
            ["feeds", "export", "--config", "none.toml"]
        ),
        ("eval", ["eval", "--data", "eval.jsonl"], ["eval", "--data", "none.jsonl"]),
    ]

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"), arguments: commands.map(\.name))
    func everyCommandExitsZeroOneOr64(name: String) throws {
        let command = try #require(Self.commands.first { $0.name == name })
        let folder = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }

        let ok = try Self.briefing(command.succeeds, in: folder)
        #expect(ok.status == 0, "\(name): \(ok.errors)")

        let missing = try Self.briefing(command.missingInput, in: folder)
        #expect(missing.status == 1, "\(name): \(missing.errors)")
        #expect(missing.errors.hasPrefix("briefing: "), "\(name): \(missing.errors)")
        #expect(missing.errors.split(separator: "\n").count == 1, "\(name): \(missing.errors)")
        #expect(!missing.errors.contains("Usage:"))

        let unknown = try Self.briefing(command.succeeds + ["--no-such-option"], in: folder)
        #expect(unknown.status == 64, "\(name): \(unknown.errors)")
        #expect(unknown.errors.contains("Unknown option '--no-such-option'"))
        #expect(unknown.errors.contains("Usage:"))
    }

    /// `--version` alone is answered before the parser runs: the same line as the parser's own
    /// answer (given with another flag after it, which the parser reads), and exit code 0.
    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func versionIsTheParsersAnswer() throws {
        let folder = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fast = try Self.briefing(["--version"], in: folder)
        #expect(fast.status == 0)
        #expect(fast.output == "\(BriefingVersion.current)\n")
        #expect(fast.errors.isEmpty)
        let parsed = try Self.briefing(["--version", "--version"], in: folder)
        #expect(parsed.status == 0)
        #expect(parsed.output == fast.output)
        let help = try Self.briefing(["feeds", "--help"], in: folder)
        #expect(help.status == 0)
        for name in ["add", "list", "remove", "check", "import", "export"] {
            #expect(help.output.contains("  \(name) "), "\(name) missing from: \(help.output)")
        }
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func badArgumentValuesExit64() throws {
        let folder = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [
            ["run", "--format", "pdf"], ["run", "--since", "soon"], ["summarize", "article.txt", "--sentences", "0"],
            ["eval", "--data", "eval.jsonl", "--weight", "position"], ["eval"], ["feed", "inspect"],
            ["no-such-command"],
        ] {
            let result = try Self.briefing(arguments, in: folder)
            #expect(result.status == 64, "\(arguments): \(result.errors)")
        }
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func evalNamesAMissingFileInOneLine() throws {
        let folder = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try Self.briefing(["eval", "--data", "missing.jsonl"], in: folder)
        #expect(missing.status == 1)
        #expect(missing.errors == "briefing: eval: missing.jsonl: no such file\n")
        #expect(missing.output.isEmpty)

        try "{not json\n".write(to: folder.appendingPathComponent("bad.jsonl"), atomically: true, encoding: .utf8)
        let bad = try Self.briefing(["eval", "--data", "bad.jsonl"], in: folder)
        #expect(bad.status == 1)
        #expect(bad.errors == "briefing: eval: bad.jsonl: line 1: not a JSON object\n")
        #expect(!bad.errors.contains("Usage:"))
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func evalComparesAtAWordBudgetAndWritesTrainingData() throws {
        let folder = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scored = try Self.briefing(["eval", "--data", "eval.jsonl", "--words", "12", "--json"], in: folder)
        #expect(scored.status == 0, "\(scored.errors)")
        try Self.checkConvention(scored.output, "eval --words --json")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(scored.output.utf8)) as? [String: Any])
        let ours = try #require(object["briefing"] as? [String: Any])
        let lead = try #require(object["lead"] as? [String: Any])
        #expect((ours["words"] as? Double).map { $0 > 0 } == true)
        #expect((lead["words"] as? Double).map { $0 > 0 } == true)

        let written = try Self.briefing(["eval", "--data", "eval.jsonl", "--features", "features.jsonl"], in: folder)
        #expect(written.status == 0, "\(written.errors)")
        let lines = try String(contentsOf: folder.appendingPathComponent("features.jsonl"), encoding: .utf8)
        try Self.checkConvention(lines, "eval --features")
        let first = try #require(
            try JSONSerialization.jsonObject(with: Data(lines.split(separator: "\n")[0].utf8)) as? [String: Any])
        let names = try #require(first["names"] as? [String])
        let features = try #require(first["features"] as? [[Double]])
        #expect(names.contains("entities") && names.contains("numbers"))
        #expect(features.allSatisfy { $0.count == names.count })

        let renamed = try Self.briefing(["eval", "--data", "eval.jsonl", "--weight", "positionScale=2"], in: folder)
        #expect(renamed.status == 0, "\(renamed.errors)")
        let unknown = try Self.briefing(["eval", "--data", "eval.jsonl", "--weight", "positon=2"], in: folder)
        #expect(unknown.status == 64 && unknown.errors.contains("unknown weight 'positon'"), "\(unknown.errors)")
    }

    /// The JSON convention: parses, every key snake_case, no `\/`.
    static func checkConvention(_ text: String, _ label: String) throws {
        #expect(!text.contains("\\/"), "\(label): escaped slash")
        let lines = text.split(separator: "\n")
        #expect(!lines.isEmpty, "\(label): no output")
        for line in lines {
            let value = try JSONSerialization.jsonObject(with: Data(line.utf8))
            for key in keys(of: value) {
                #expect(key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(label): key \(key)")
            }
        }
    }

    static func keys(of value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.keys.map { $0 } + object.values.flatMap(keys(of:))
        }
        if let array = value as? [Any] { return array.flatMap(keys(of:)) }
        return []
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func everyJSONOutputFollowsOneConvention() throws {
        let folder = try Self.fixture()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outputs: [(String, [String])] = [
            ("eval", ["eval", "--data", folder.appendingPathComponent("eval.jsonl").path, "--json"]),
            ("feeds check", ["feeds", "check", "--config", "briefing.toml", "--json"]),
            ("feed inspect", ["feed", "inspect", "feed.xml", "--json"]),
            ("extract", ["extract", "page.html", "--json"]),
        ]
        for (label, arguments) in outputs {
            let result = try Self.briefing(arguments, in: folder)
            #expect(result.status == 0, "\(label): \(result.errors)")
            #expect(result.output.contains("/"), "\(label): expected a slash to check")
            try Self.checkConvention(result.output, label)
        }
        let eval = try Self.briefing(["eval", "--data", "eval.jsonl", "--json"], in: folder)
        #expect(eval.output.hasPrefix(#"{"data":"eval.jsonl","briefing":{"docs":1,"rouge1":"#))
        #expect(eval.output.contains(#","rouge_lsum":"#))
    }
}
