import ArgumentParser
import Testing

@testable import briefing

/// `CommandDispatch` reads every command line as the root parser does: the same command with
/// the same values, or the same error with the same message and exit code.
@Suite struct CommandDispatchTests {
    /// Good and bad command lines of several commands, plain and not.
    static let commandLines: [[String]] = [
        // feed inspect
        ["feed", "inspect", "a.xml"], ["feed", "inspect", "--json", "a.xml"], ["feed", "inspect", "a.xml", "--json"],
        ["feed", "inspect", "--json", "-"], ["feed", "inspect", "a.xml", "b.xml", "--json"],
        ["feed", "inspect", "--base-url", "http://x/", "a.xml"], ["feed", "inspect", "--base-url=http://x/", "a.xml"],
        ["feed", "inspect", "--content-type", "text/xml; charset=latin1", "--json", "a.xml"],
        ["feed", "inspect", "--batch", "feeds.jsonl", "--json"], ["feed", "inspect", "--batch", "-"],
        ["feed", "inspect", "--json", "--json", "a.xml"], ["feed", "inspect", "--", "--json"],
        ["feed", "inspect", "help"], ["feed", "inspect", "http://example.com/feed"],
        ["feed", "inspect"], ["feed", "inspect", "--json"], ["feed", "inspect", "a.xml", "--batch", "b.jsonl"],
        ["feed", "inspect", "--bogus", "a.xml"], ["feed", "inspect", "-j", "a.xml"], ["feed", "inspect", "--base-url"],
        ["feed", "inspect", "--base-url", "--json", "a.xml"], ["feed", "inspect", "--base-url=", "a.xml"],
        ["feed", "inspect", "--json=yes", "a.xml"], ["feed", "inspect", "-h"], ["feed", "inspect", "--help"],
        ["feed", "inspect", "a.xml", "--version"], ["feed", "inspect", "--experimental-dump-help"],
        ["feed", "inspect", "--generate-completion-script", "bash"], ["feed", "inspect", "a.xml", "-help"],
        ["feed"], ["feed", "bogus"], ["feed", "--json", "inspect", "a.xml"], ["help", "feed", "inspect"],
        // summarize
        ["summarize", "a.txt"], ["summarize", "-"], ["summarize", "--sentences", "2", "a.txt"],
        ["summarize", "--sentences=5", "a.txt"], ["summarize", "-s", "2", "a.txt"],
        ["summarize", "--words", "40", "a.txt"],
        ["summarize", "--ratio", "0.5", "a.txt"], ["summarize", "--ratio", "1.5", "a.txt"],
        ["summarize", "--words", "40", "--ratio", "0.5", "a.txt"], ["summarize", "--sentences", "0", "a.txt"],
        ["summarize", "--sentences", "two", "a.txt"], ["summarize", "--sentences", "+2", "a.txt"],
        ["summarize", "--explain", "a.txt"], ["summarize", "--batch", "b.jsonl"], ["summarize", "a.txt", "b.txt"],
        ["summarize", "--config", "c.toml", "a.txt"], ["summarize", "-c", "c.toml", "a.txt"], ["summarize"],
        ["summarize", "--batch", "b.jsonl", "a.txt"], ["summarize", "--batch", "b.jsonl", "--timings"],
        ["summarize", "--timings", "a.txt"],
        // extract
        ["extract", "a.html"], ["extract", "--json", "a.html"], ["extract", "--url", "http://x/a", "a.html"],
        ["extract", "--batch", "pages.jsonl"], ["extract"], ["extract", "a.html", "b.html"], ["extract", "--url"],
        // commands without a plain reading, and the root
        ["run", "--dry-run"], ["run", "--since", "24h", "--dry-run"], ["run", "--since", "soon"],
        ["feeds", "list", "--json"], ["feeds", "check", "--feeds", "f.opml"], ["feeds", "test", "title:x"],
        ["state", "export", "-o", "-"], ["state", "import", "--replace"], ["init"], ["eval", "--data", "d.jsonl"],
        [], ["--version"], ["--help"], ["-h"], ["help"], ["bogus"], ["--experimental-dump-help"],
    ]

    @Test(arguments: commandLines)
    func readsTheCommandLineAsTheRootParserDoes(_ words: [String]) throws {
        let expected = Result { try BriefingCommand.parseAsRoot(words) }
        let actual = Result { try CommandDispatch.parse(words) }
        switch (expected, actual) {
        case (.success(let expected), .success(let actual)):
            #expect(ObjectIdentifier(type(of: expected)) == ObjectIdentifier(type(of: actual)))
            #expect(String(describing: expected) == String(describing: actual))
        case (.failure(let expected), .failure(let actual)):
            #expect(BriefingCommand.fullMessage(for: expected) == BriefingCommand.fullMessage(for: actual))
            #expect(BriefingCommand.exitCode(for: expected) == BriefingCommand.exitCode(for: actual))
        default:
            Issue.record("the root parser gives \(expected), the dispatch \(actual)")
        }
    }

    /// The usual command lines take the short ways, which the test above compares.
    @Test func plainCommandLinesSkipTheParser() throws {
        #expect(FeedCommand.Inspect.parsePlainly(["--json", "a.xml"])?.files == ["a.xml"])
        #expect(SummarizeCommand.parsePlainly(["--sentences", "2", "-"])?.sentences == 2)
        #expect(ExtractCommand.parsePlainly(["--json", "a.html"])?.json == true)
        #expect(FeedCommand.Inspect.parsePlainly(["-j", "a.xml"]) == nil)
        #expect(SummarizeCommand.parsePlainly(["--sentences", "0", "a.txt"]) == nil, "fails validation")
        #expect(CommandDispatch.parsePlainly(["feed", "inspect", "--json", "a.xml"]) is FeedCommand.Inspect)
        #expect(CommandDispatch.parsePlainly(["summarize", "--ratio", "0.5", "-"]) is SummarizeCommand)
        #expect(CommandDispatch.parsePlainly(["feeds", "list", "--json"]) == nil, "not plainly parsable")
        let leaf = try #require(CommandDispatch.parseLeaf(["feeds", "list", "--json"]) as? FeedsCommand.List)
        #expect(leaf.json)
        #expect(CommandDispatch.parseLeaf(["feed", "inspect", "a.xml", "--version"]) == nil)
        #expect(CommandDispatch.parseLeaf(["feed"]) == nil)
    }

    /// The shortcut is exact only while the commands with subcommands take no arguments of their
    /// own and have no default subcommand: the root parser would read those before the words
    /// naming the subcommand, or descend without them.
    @Test func commandGroupsHaveNoArgumentsOfTheirOwn() throws {
        func check(_ command: any ParsableCommand.Type) {
            let subcommands = command.configuration.subcommands
            guard !subcommands.isEmpty else { return }
            #expect(command.configuration.defaultSubcommand == nil, "\(command)")
            let usage = command.usageString()
            #expect(usage == "\(command._commandName) <subcommand>", "\(command): \(usage)")
            subcommands.forEach(check)
        }
        check(BriefingCommand.self)
    }
}
