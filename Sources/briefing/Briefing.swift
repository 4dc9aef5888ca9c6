import ArgumentParser
import BriefingCore
import Foundation

struct BriefingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "briefing",
        abstract: "Short, factual daily briefings from news feeds and web pages.",
        discussion: """
            Exit codes, the same for every command: 0 success; 1 nothing usable (bad \
            configuration, unreadable input, every feed failed, another run in progress); 2 done, \
            but some feeds failed (or sending failed); 64 a bad command line (unknown option, \
            missing or invalid argument: the usage is printed).
            """,
        version: BriefingVersion.current,
        subcommands: [
            InitCommand.self, RunCommand.self, RefreshCommand.self, StateCommand.self, SummarizeCommand.self,
            ExtractCommand.self, FeedsCommand.self,
            FeedCommand.self,
            EvalCommand.self,
        ]
    )
}

/// The entry point. It is synchronous, so that `--version`, `--help`, a bad command line, the
/// synchronous commands and the work of asynchronous ones that needs no task (`feed inspect`,
/// `summarize` and `extract` of a local file: ``PlainlyParsable/runSynchronously()``) never
/// start the concurrency runtime (its threads and dispatch queues cost about a millisecond of
/// start-up, issue 17); an asynchronous command runs in a task while the main thread serves the
/// main queue, as an `async` main would.
@main
enum BriefingMain {
    static func main() {
        // `briefing --version` alone is answered before the parser builds its command tree,
        // which in a binary with the runtime linked in costs a scan of every protocol
        // conformance (Mirror, String(describing:)); the output is the parser's own.
        if CommandLine.arguments.dropFirst().elementsEqual(["--version"]) {
            print(BriefingVersion.current)
            return
        }
        let arguments = Array(CommandLine.arguments.dropFirst())
        let parsed: any ParsableCommand
        if let plain = CommandDispatch.parsePlainly(arguments) {
            do {
                if try plain.runSynchronously() { BriefingCommand.exit() }
            } catch {
                BriefingCommand.exit(withError: error)
            }
            parsed = plain
        } else {
            do {
                parsed = try CommandDispatch.parseByParser(arguments)
            } catch {
                BriefingCommand.exit(withError: error)
            }
        }
        guard let asynchronous = parsed as? any AsyncParsableCommand else {
            var command = parsed
            do {
                try command.run()
                BriefingCommand.exit()
            } catch {
                BriefingCommand.exit(withError: error)
            }
        }
        Task.detached {
            var command = asynchronous
            do {
                try await command.run()
                BriefingCommand.exit()
            } catch {
                BriefingCommand.exit(withError: error)
            }
        }
        dispatchMain()
    }
}

/// Keeps `value` alive until the process exits, for a command that ends once it has written its
/// output: releasing a large feed's thousands of strings and arrays one by one costs about a
/// tenth of `feed inspect`'s wall time (issue 17), and the operating system takes the memory
/// back at exit anyway. The box is retained once more and never released.
func keepUntilExit<Value>(_ value: Value) {
    _ = Unmanaged.passRetained(KeptUntilExit(value))
}

private final class KeptUntilExit<Value> {
    let value: Value
    init(_ value: Value) { self.value = value }
}

/// Prints `message` on standard error, prefixed with the program name.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("briefing: \(message)\n".utf8))
}

/// Exit codes shared by the commands (documented in README). A bad command line exits with
/// swift-argument-parser's 64 (EX_USAGE from sysexits.h), for every command.
enum Exit {
    static let failure = ExitCode(1)
    static let partial = ExitCode(2)
}
