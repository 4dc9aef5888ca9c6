import ArgumentParser

/// Parses the command line into the command it names, as `BriefingCommand.parseAsRoot` does, at
/// a fraction of its start-up cost (issue 17).
///
/// The root parser builds the whole command tree and reflects over it (the argument sets of
/// every command on the path, the completion-script check, the help names of the command stack),
/// which costs about 12 M instructions, more than a small feed's whole `feed inspect`. A command
/// line that names a command without subcommands by its leading words (`feed inspect FILE`,
/// `summarize -`) is parsed by that command alone; anything else, and anything that command's
/// parser does not accept as an instance of itself (help, a bad option, a failed validation,
/// `--experimental-dump-help`, `--generate-completion-script`), is parsed again by the root
/// parser, so that usage, messages and exit codes are the root parser's own.
///
/// The shortcut is exact because the commands with subcommands (`feed`, `feeds`, `state`) have
/// no arguments of their own, and none sets a default subcommand that the leading words could
/// skip (`CommandDispatchTests` checks both); `--version`, which the root answers from any
/// command's arguments, always goes to the root parser.
enum CommandDispatch {
    /// The command `arguments` (without the program's name) name, parsed and validated.
    static func parse(_ arguments: [String]) throws -> any ParsableCommand {
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
