import ArgumentParser

/// Parses the command line into the command it names, as `BriefingCommand.parseAsRoot` does, at
/// a fraction of its start-up cost (issue 17).
///
/// The root parser builds the whole command tree and reflects over it (the argument sets of
/// every command on the path, the completion-script check, the help names of the command stack),
/// which costs about 12 M instructions, more than a small feed's whole `feed inspect`. So, first,
/// a command line that names a ``PlainlyParsable`` command by its leading words and uses only its
/// plain forms (`feed inspect --json FILE`, `summarize -`) is read without the parser. Else one
/// that names a command without subcommands is parsed by that command's parser alone (about 2.5 M
/// instructions less). Anything else, and anything that command's parser does not accept as an
/// instance of itself (help, a bad option, a failed validation, `--experimental-dump-help`,
/// `--generate-completion-script`), is parsed again by the root parser, so that usage, messages
/// and exit codes are the root parser's own.
///
/// The shortcuts are exact because the commands with subcommands (`feed`, `feeds`, `state`) have
/// no arguments of their own, and none sets a default subcommand that the leading words could
/// skip (`CommandDispatchTests` checks both, and reads a list of command lines both ways);
/// `--version`, which the root answers from any command's arguments, always goes to the root
/// parser.
enum CommandDispatch {
    /// The command `arguments` (without the program's name) name, parsed and validated.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
        if let command = parsePlainly(arguments) { return command }
        return try parseByParser(arguments)
    }

    /// The command `arguments` name when it reads them without the argument parser.
    static func parsePlainly(_ arguments: [String]) -> (any PlainlyParsable)? {
        guard let (command, rest) = leaf(arguments), let plain = command as? any PlainlyParsable.Type else {
            return nil
        }
        return plain.parsePlainly(rest)
    }

    /// The command `arguments` name, read by the argument parser: by the parser of the command
    /// they name, else by the root parser.
    static func parseByParser(_ arguments: [String]) throws -> any ParsableCommand {
        if let command = parseLeaf(arguments) { return command }
        return try BriefingCommand.parseAsRoot(arguments)
    }

    /// The command without subcommands that the leading words of `arguments` name, parsed from
    /// the words after them by its own parser; nil when the words name no such command, or when
    /// the root parser must see them.
    static func parseLeaf(_ arguments: [String]) -> (any ParsableCommand)? {
        guard let (command, rest) = leaf(arguments) else { return nil }
        guard !rest.contains(where: { $0 == "--version" || $0.hasPrefix("--version=") }) else { return nil }
        guard let parsed = try? command.parseAsRoot(Array(rest)),
            ObjectIdentifier(type(of: parsed)) == ObjectIdentifier(command)
        else { return nil }
        return parsed
    }

    /// The command without subcommands that the leading words of `arguments` name (by name or
    /// alias, as the root parser matches them), and the words after them.
    static func leaf(_ arguments: [String]) -> (any ParsableCommand.Type, ArraySlice<String>)? {
        var command: any ParsableCommand.Type = BriefingCommand.self
        var rest = arguments[...]
        while case let subcommands = command.configuration.subcommands, !subcommands.isEmpty {
            guard let word = rest.first,
                let next = subcommands.first(where: {
                    $0._commandName == word || $0.configuration.aliases.contains(word)
                })
            else { return nil }
            command = next
            rest = rest.dropFirst()
        }
        return (command, rest)
    }
}

/// A command whose plainest command lines are read without the argument parser (issue 17):
/// even one command's parser costs about 8 M instructions at start-up, as it reflects over the
/// command's properties (each first dynamic cast or generic type of the run scans the binary's
/// ~6,000 protocol conformances). A command line of long flags and options it declares here, and
/// of positional words, is read by ``PlainCommandLine``; anything else goes to the parser.
/// `CommandDispatchTests` checks that both read each of a list of command lines alike.
protocol PlainlyParsable: ParsableCommand {
    /// The long names (without `--`) of the flags and options a plain command line may use.
    static var plainFlags: [String] { get }
    static var plainOptions: [String] { get }
    /// The command `line` describes, every property set; nil when the argument parser must read
    /// the line (a wrong number of positional words, a value that is not of its type).
    init?(plain line: PlainCommandLine)
    /// Does the command's work and returns true when none of it needs the concurrency runtime
    /// (`feed inspect` of a local file); returns false, having done nothing, when `run()` must do
    /// it. By default, false.
    func runSynchronously() throws -> Bool
}

extension PlainlyParsable {
    func runSynchronously() throws -> Bool { false }

    /// The command `words` describe, validated; nil when the argument parser must read them.
    static func parsePlainly(_ words: ArraySlice<String>) -> Self? {
        guard let line = PlainCommandLine(words, flags: plainFlags, options: plainOptions),
            var command = Self(plain: line), (try? command.validate()) != nil
        else { return nil }
        return command
    }
}

/// The words of a plain command line: `--FLAG`, `--OPTION VALUE` or `--OPTION=VALUE` for names
/// the command declares, each at most once, and positional words (`-` among them).
struct PlainCommandLine {
    private(set) var flags: [String] = []
    private(set) var options: [(name: String, value: String)] = []
    private(set) var positionals: [String] = []

    /// Nil for any other word: a short option, `--`, a name not declared, a name repeated, an
    /// option without a value or with one that starts with `-`.
    init?(_ words: ArraySlice<String>, flags flagNames: [String], options optionNames: [String]) {
        var rest = words
        while let word = rest.popFirst() {
            guard word.hasPrefix("-"), word != "-" else {
                positionals.append(word)
                continue
            }
            guard word.hasPrefix("--") else { return nil }
            var name = word.dropFirst(2)
            var value: String?
            if let equals = name.firstIndex(of: "=") {
                value = String(name[name.index(after: equals)...])
                name = name[..<equals]
            }
            guard !flags.contains(where: { $0 == name }), !options.contains(where: { $0.name == name }) else {
                return nil
            }
            if flagNames.contains(where: { $0 == name }) {
                guard value == nil else { return nil }
                flags.append(String(name))
            } else if optionNames.contains(where: { $0 == name }) {
                if value == nil { value = rest.popFirst() }
                guard let value, !value.isEmpty, !value.hasPrefix("-") else { return nil }
                options.append((String(name), value))
            } else {
                return nil
            }
        }
    }

    /// Whether the line gives flag `name`.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value the line gives option `name`.
    func option(_ name: String) -> String? { options.first { $0.name == name }?.value }

    /// The value of option `name` as a `T`; `.some(nil)` when it is not given, nil when it does
    /// not read as a `T`.
    func option<T: ExpressibleByArgument>(_ name: String, as type: T.Type) -> T?? {
        guard let text = option(name) else { return .some(nil) }
        guard let value = T(argument: text) else { return nil }
        return .some(value)
    }
}
