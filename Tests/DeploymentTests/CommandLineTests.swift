import Foundation
import TestSupport
import Testing

/// Every `briefing` command line in `deploy/` (the manifests' containers, the units' `Exec*=`,
/// the shell blocks of its READMEs and of README's "Running at scale")
/// names commands and options that the built binary has, so that the files cannot drift from the
/// program. Command lines that need a part of issue 19 not in this binary yet are reported and
/// wait: the strict test then skips, and bites once the parts are merged.
@Suite struct CommandLineTests {
    static let hasExecutable = FileManager.default.isExecutableFile(atPath: Repository.executable.path)
    static let interface: CommandLineInterface? = hasExecutable ? try? CommandLineInterface.ofBuiltExecutable() : nil
    /// The awaited commands and options the binary lacks (all of them when it cannot be read).
    static let lacking: [String] = interface?.lacking ?? CommandLineInterface.awaited.sorted()

    static func commandLines() throws -> [DeploymentFiles.CommandLine] {
        var lines = try DeploymentFiles.systemdCommands() + DeploymentFiles.documentedCommands()
        if KubernetesManifestTests.validatorAvailable || Tool.onCI {
            lines += try DeploymentFiles.kubernetesCommands()
        }
        return lines
    }

    @Test func documentedCommandLinesAreSplitAsAShellWould() throws {
        #expect(
            DeploymentFiles.shellWords(#"briefing refresh --worker-id "$(hostname)-1"   # runs until SIGTERM"#)
                == ["briefing", "refresh", "--worker-id", "$(hostname)-1"])
        #expect(
            DeploymentFiles.shellWords("briefing state export --config a.toml > state.jsonl  # from SQLite")
                == ["briefing", "state", "export", "--config", "a.toml"])
        #expect(DeploymentFiles.shellWords("briefing state import < state.jsonl") == ["briefing", "state", "import"])
        let documented = try DeploymentFiles.documentedCommands()
        let readme = documented.filter { $0.file == "README.md" }.map {
            $0.words.dropFirst().prefix(2).joined(separator: " ")
        }
        #expect(
            Set(readme).isSuperset(of: ["state migrate", "state export", "state import", "run --no-refresh"]),
            "\(readme)")
        #expect(
            documented.contains {
                $0.file == "deploy/systemd/README.md" && $0.words.starts(with: ["briefing", "state", "migrate"])
            })
    }

    /// The checker itself: it refuses what the binary does not have, and accepts what it does.
    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func theCheckerRefusesWhatTheBinaryDoesNotHave() throws {
        let interface = try #require(Self.interface, "briefing --experimental-dump-help")
        #expect(interface.check(["briefing", "run", "--config", "x.toml", "--dry-run", "--profile", "a"]) == .valid)
        #expect(interface.check(["briefing", "feeds", "list", "--json"]) == .valid)
        #expect(interface.check(["briefing", "summarize", "-"]) == .valid)
        #expect(interface.check(["briefing", "run", "--config=x.toml"]) == .valid)
        let refused: [(words: [String], what: String)] = [
            (["run", "--bogus"], "an unknown option"),
            (["run", "--config"], "an option without its value"),
            (["frobnicate"], "an unknown command"),
            (["run", "--dry-run=yes"], "a flag with a value"),
            (["feeds"], "a command group without its subcommand"),
            (["summarize", "a", "b"], "one argument too many"),
        ]
        for (words, what) in refused {
            guard case .invalid = interface.check(["briefing"] + words) else {
                Issue.record("\(what) passed: briefing \(words.joined(separator: " "))")
                continue
            }
        }
    }

    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func noCommandLineNamesWhatTheBinaryLacksExceptIssue19sAwaitedParts() throws {
        let interface = try #require(Self.interface, "briefing --experimental-dump-help")
        let lines = try Self.commandLines()
        #expect(lines.count >= 2, "command lines found: \(lines)")
        for line in lines {
            switch interface.check(line.words) {
            case .valid: break
            case .awaiting(let why):
                print("deploy: waiting for issue 19's other parts: \(line): \(why)")
            case .invalid(let why):
                Issue.record("\(line): \(why)")
            }
        }
    }

    /// The built binary's interface with what issue 19's other parts agreed to add, where it
    /// lacks it: `refresh [--config FILE] [--state-dir DIR] [--worker-id ID] [--once] [--batch N]
    /// [--lease DURATION]`, `run --no-refresh`, `state migrate|export|import [--config FILE]
    /// [--state-dir DIR]`.
    static func agreedInterface() throws -> CommandLineInterface {
        let run = try ProcessRun.run(["--experimental-dump-help"])
        var dump = try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
        var root = try #require(dump["command"] as? [String: Any])
        var subcommands = try #require(root["subcommands"] as? [[String: Any]])
        func option(_ name: String) -> [String: Any] {
            ["kind": "option", "names": [["kind": "long", "name": name]]]
        }
        func flag(_ name: String) -> [String: Any] {
            ["kind": "flag", "names": [["kind": "long", "name": name]]]
        }
        let names = subcommands.compactMap { $0["commandName"] as? String }
        if !names.contains("refresh") {
            subcommands.append([
                "commandName": "refresh",
                "arguments": [
                    option("config"), option("state-dir"), option("worker-id"), flag("once"), option("batch"),
                    option("lease"),
                ],
            ])
        }
        if !names.contains("state") {
            let each = ["migrate", "export", "import"].map { name -> [String: Any] in
                ["commandName": name, "arguments": [option("config"), option("state-dir")]]
            }
            subcommands.append(["commandName": "state", "subcommands": each])
        }
        if let index = subcommands.firstIndex(where: { $0["commandName"] as? String == "run" }) {
            var arguments = subcommands[index]["arguments"] as? [[String: Any]] ?? []
            let hasFlag = arguments.contains {
                ($0["names"] as? [[String: Any]])?.contains { $0["name"] as? String == "no-refresh" } == true
            }
            if !hasFlag { arguments.append(flag("no-refresh")) }
            subcommands[index]["arguments"] = arguments
        }
        root["subcommands"] = subcommands
        dump["command"] = root
        return try CommandLineInterface(json: JSONSerialization.data(withJSONObject: dump))
    }

    /// Before the merge too: every command line fits the interface the parts agreed on.
    @Test(.enabled(if: hasExecutable, "needs the built briefing executable"))
    func everyCommandLineFitsTheAgreedInterface() throws {
        let interface = try Self.agreedInterface()
        #expect(interface.lacking.isEmpty)
        let lines = try Self.commandLines()
        #expect(lines.count >= 10, "\(lines)")
        for line in lines {
            #expect(interface.check(line.words) == .valid, "\(line)")
        }
        guard case .invalid = interface.check(["briefing", "refresh", "--workers-id", "a"]) else {
            Issue.record("a misspelt option of an agreed command passed")
            return
        }
    }

    @Test(
        .enabled(if: hasExecutable, "needs the built briefing executable"),
        .enabled(
            if: lacking.isEmpty,
            "skipped: this briefing lacks \(lacking.joined(separator: ", ")) (issue 19's workers, compose and pg parts); it runs once they are merged"
        ))
    func everyCommandLineIsOneTheBinaryAccepts() throws {
        let interface = try #require(Self.interface, "briefing --experimental-dump-help")
        let lines = try Self.commandLines()
        let kinds = Set(lines.compactMap { $0.words.dropFirst().first })
        #expect(kinds.isSuperset(of: ["refresh", "run", "state"]), "\(kinds)")
        for line in lines {
            #expect(interface.check(line.words) == .valid, "\(line)")
        }
    }
}
