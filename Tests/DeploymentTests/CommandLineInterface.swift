import Foundation
import TestSupport

/// The built `briefing`'s own description of its commands and options (swift-argument-parser's
/// `--experimental-dump-help`), and a check of a command line against it: the files in
/// `deploy/` then cannot name a command or an option the program does not have.
struct CommandLineInterface: Sendable {
    struct Command: Decodable, Sendable {
        var commandName: String
        var subcommands: [Command]?
        var arguments: [Argument]?
    }

    struct Argument: Decodable, Sendable {
        struct Name: Decodable, Sendable {
            var kind: String
            var name: String
        }
        /// `option` (takes a value), `flag` or `positional`.
        var kind: String
        var names: [Name]?
        var isRepeating: Bool?
    }

    private struct Dump: Decodable {
        var command: Command
    }

    let root: Command

    init(json: Data) throws {
        root = try JSONDecoder().decode(Dump.self, from: json).command
    }

    /// The description printed by the built executable.
    static func ofBuiltExecutable() throws -> CommandLineInterface {
        let run = try ProcessRun.run(["--experimental-dump-help"])
        guard run.status == 0 else {
            throw DeploymentFiles.Failure(
                description: "briefing --experimental-dump-help exited \(run.status): \(run.errors)")
        }
        return try CommandLineInterface(json: Data(run.output.utf8))
    }

    /// What a command line amounts to against this interface.
    enum Verdict: Equatable, Sendable {
        case valid
        /// The command line needs a command or an option this binary does not have yet, one of
        /// those issue 19's other parts add (`awaited`): it is checked once they are merged.
        case awaiting(String)
        case invalid(String)
    }

    /// Commands and options that issue 19 adds in parts built beside this one (branches
    /// workers, compose, pg): a command line needing one of them, on a binary without it, is
    /// `awaiting`, not `invalid`.
    static let awaited: Set<String> = ["refresh", "state", "run --no-refresh"]

    /// Checks `words` (the program's name first): each word names a subcommand while there is
    /// one of that name; after that, every `--long` or `-s` word must be an option or flag of
    /// the command reached (an option takes the next word, or `=value`), and the remaining
    /// words must fit its positional arguments.
    func check(_ words: [String]) -> Verdict {
        var command = root
        var path: [String] = []
        var rest = words.dropFirst()
        while let word = rest.first, !word.hasPrefix("-") {
            guard let next = command.subcommands?.first(where: { $0.commandName == word }) else { break }
            command = next
            path.append(word)
            rest = rest.dropFirst()
        }
        let arguments = command.arguments ?? []
        let positionals = arguments.filter { $0.kind == "positional" }
        var positionalCount = 0
        while let word = rest.first {
            rest = rest.dropFirst()
            if word.hasPrefix("-"), word != "-" {
                let isLong = word.hasPrefix("--")
                let spelled = isLong ? String(word.dropFirst(2)) : String(word.dropFirst())
                let name = spelled.split(separator: "=", maxSplits: 1).first.map(String.init) ?? spelled
                let hasInlineValue = spelled.contains("=")
                let match = arguments.first { argument in
                    argument.kind != "positional"
                        && (argument.names ?? []).contains {
                            $0.name == name && ($0.kind == "short" ? !isLong : isLong)
                        }
                }
                guard let match else {
                    return missing((path + [word]).joined(separator: " "))
                }
                if match.kind == "option", !hasInlineValue {
                    guard rest.first != nil else { return .invalid("\(word) needs a value") }
                    rest = rest.dropFirst()
                } else if match.kind == "flag", hasInlineValue {
                    return .invalid("\(word): the flag takes no value")
                }
            } else {
                if positionalCount >= positionals.count, positionals.last?.isRepeating != true {
                    if path.isEmpty || command.subcommands?.isEmpty == false {
                        return missing((path + [word]).joined(separator: " "))
                    }
                    return .invalid("\(word): briefing \(path.joined(separator: " ")) takes no more arguments")
                }
                positionalCount += 1
            }
        }
        if path.isEmpty { return .invalid("no command") }
        if command.subcommands?.isEmpty == false,
            !(command.arguments ?? []).contains(where: { $0.kind == "positional" })
        {
            // A command group alone (`briefing feeds`) only prints its usage.
            return .invalid("briefing \(path.joined(separator: " ")) needs a subcommand")
        }
        return .valid
    }

    /// `awaiting` when `thing` (a subcommand, or "command --option") is one issue 19 adds,
    /// `invalid` otherwise.
    private func missing(_ thing: String) -> Verdict {
        let key = thing.trimmingCharacters(in: .whitespaces)
        if Self.awaited.contains(key) {
            return .awaiting("this briefing has no `\(key)` yet (issue 19's other parts add it)")
        }
        return .invalid("briefing has no `\(key)`")
    }

    /// The awaited commands and options this binary lacks.
    var lacking: [String] {
        Self.awaited.sorted().filter { item in
            if case .awaiting = check(["briefing"] + item.split(separator: " ").map(String.init) + probeTail(item)) {
                return true
            }
            return false
        }
    }

    /// Words that make a probe of `item` a complete command line where it exists.
    private func probeTail(_ item: String) -> [String] {
        item == "state" ? ["migrate"] : []
    }
}
