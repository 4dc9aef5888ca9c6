import ArgumentParser
import Foundation
import Pipeline

/// `briefing state migrate | export | import`.
struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Migrate the state's schema; export it, or import an export, as JSON Lines.",
        discussion: """
            The state is the configured one ([state] url for PostgreSQL, else the state \
            directory), or --state-dir. To move a SQLite state into PostgreSQL: `briefing state \
            export --config old.toml > state.jsonl`, then `briefing state import state.jsonl` \
            with the PostgreSQL configuration.
            """,
        subcommands: [Migrate.self, Export.self, Import.self]
    )

    /// `--config` and `--state-dir`: which state.
    struct Target: ParsableArguments {
        @OptionGroup var config: ConfigOption

        @Option(help: "State directory (SQLite) instead of the configured state.")
        var stateDir: String?

        func maintenance() throws -> StateMaintenance {
            let configuration = try config.load(needsFeeds: false)
            return try orExit { () throws(PipelineError) in
                try StateMaintenance(configuration: configuration, stateDirectory: stateDir.map(absolute))
            }
        }
    }

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate", abstract: "Bring the state's schema to this version; print the versions.")

        @OptionGroup var target: Target

        func run() throws {
            let maintenance = try target.maintenance()
            let (from, to) = try orExit { () throws(PipelineError) in try maintenance.migrate() }
            print(
                from == to
                    ? "\(maintenance.location): schema version \(to), up to date"
                    : "\(maintenance.location): schema version \(from) -> \(to)")
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write the whole state as JSON Lines (a header, then one line per row).")

        @OptionGroup var target: Target

        @Option(name: .shortAndLong, help: "Write to this file (atomically), or - for standard output (the default).")
        var output: String?

        func run() throws {
            let maintenance = try target.maintenance()
            try orExit { () throws(PipelineError) in try maintenance.export(to: output) }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Load an export into the state, in one transaction.",
            discussion: """
                Refuses a state that holds anything (unless --replace) and an export of another \
                schema version (run `briefing state migrate` on the older one first). A line \
                that cannot be read stops the import, naming the file and line: nothing is stored.
                """)

        @OptionGroup var target: Target

        @Flag(help: "Replace what the state holds.")
        var replace = false

        @Argument(help: "The export (JSON Lines), or - for standard input (the default).")
        var file: String = "-"

        func run() throws {
            let maintenance = try target.maintenance()
            let imported = try orExit { () throws(PipelineError) in
                try maintenance.importing(from: file, replace: replace)
            }
            let counts = imported.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            printError(
                "imported \(imported.total) rows into \(maintenance.location) (schema version \(imported.version))"
                    + (counts.isEmpty ? "" : ": " + counts.joined(separator: ", ")))
        }
    }
}
