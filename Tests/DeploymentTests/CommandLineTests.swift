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
