import BriefingCore
import Foundation
import History

/// `briefing state migrate | export | import`: the schema of the configured state, and the
/// whole state as JSON Lines (`StateTransfer`), to move it from one back end to another.
public struct StateMaintenance: Sendable {
    public var location: StateLocation

    /// The state of `configuration`, or the directory `stateDirectory` (`--state-dir`).
    public init(configuration: BriefingConfiguration, stateDirectory: String? = nil) throws(PipelineError) {
        do {
            location = try configuration.stateLocation(directory: stateDirectory)
        } catch {
            throw PipelineError(input: error.path, cause: .state(error))
        }
    }

    public init(location: StateLocation) {
        self.location = location
    }

    /// Opens (and so migrates) the state; returns the version it had and the one it has.
    public func migrate() throws(PipelineError) -> (from: Int, to: Int) {
        let store = try open()
        let now = try storeCall(location.description) { () throws(StateError) in try store.schemaVersion() }
        return (store.versionAtOpen, now)
    }

    /// The state as JSON Lines, written atomically to `output`, or to standard output when it
    /// is nil or `-`. The state is opened read-only: it is exported at the version it has.
    public func export(to output: String?) throws(PipelineError) {
        let store = try open(readOnly: true)
        if let output, output != "-" {
            var bytes: [UInt8] = []
            try storeCall(location.description) { () throws(StateError) in
                try StateTransfer.export(store) { line in
                    bytes.append(contentsOf: line)
                    bytes.append(0x0A)
                }
            }
            try AtomicFile.write(bytes: bytes, to: output)
        } else {
            let buffer = OutputBuffer()
            try storeCall(location.description) { () throws(StateError) in
                try StateTransfer.export(store) { line in
                    buffer.bytes.append(contentsOf: line)
                    buffer.bytes.append(0x0A)
                    buffer.flushIfFull()
                }
            }
            buffer.flush()
        }
    }

    /// Imports the export in `input` (a file, or `-`: standard input) into the state, migrated
    /// first, in one transaction (see `StateTransfer.importing`).
    public func importing(from input: String, replace: Bool) throws(PipelineError) -> StateTransfer.Imported {
        let path = input == "-" ? "/dev/stdin" : input
        let name = input == "-" ? "standard input" : input
        guard let reader = LineReader(path: path) else {
            throw PipelineError(input: name, message: LineReader.reason(path))
        }
        let store = try open()
        do {
            return try StateTransfer.importing(into: store, from: reader, name: name, replace: replace)
        } catch {
            throw PipelineError(input: name, cause: .state(error))
        }
    }

    private func open(readOnly: Bool = false) throws(PipelineError) -> StateStore {
        let location = self.location
        return try storeCall(location.description) { () throws(StateError) in
            try StateStore(location: location, readOnly: readOnly)
        }
    }
}
