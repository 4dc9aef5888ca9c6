import Foundation
import History

extension BriefingConfiguration {
    /// Where the state is: the PostgreSQL database of `[state] url` with its password, else the
    /// state directory (`directory`, given by `--state`, overrides both).
    ///
    /// The password comes from `[state] password_file` (which must be mode 600 or stricter: a
    /// file others can read is refused), else the environment's `BRIEFING_PG_PASSWORD`, else
    /// none, which leaves it to libpq (`PGPASSFILE`, `~/.pgpass`). Never from the command line,
    /// where every user of the machine could read it.
    public func stateLocation(
        directory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(StateError) -> StateLocation {
        if let directory { return .directory(directory) }
        guard let url = stateURL else { return .directory(stateDirectory) }
        if let file = statePasswordFile {
            return .postgres(url: url, password: try Self.password(from: file))
        }
        if let password = environment["BRIEFING_PG_PASSWORD"], !password.isEmpty {
            return .postgres(url: url, password: password)
        }
        return .postgres(url: url, password: nil)
    }

    /// The state as messages name it: the database URL without any password, or the directory.
    public var stateName: String {
        stateURL.map { StateLocation.postgres(url: $0, password: nil).description } ?? stateDirectory
    }

    /// The first line of `file`, refused when the file can be read or written by others.
    static func password(from file: String) throws(StateError) -> String {
        var status = stat()
        guard stat(file, &status) == 0 else {
            throw StateError(path: file, message: "[state] password_file: \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & 0o077 == 0 else {
            let mode = String(status.st_mode & 0o777, radix: 8)
            throw StateError(
                path: file,
                message: "[state] password_file: mode \(mode) lets others read it; make it private (chmod 600)")
        }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw StateError(path: file, message: "[state] password_file: cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        let password = text.prefix { $0 != "\n" && $0 != "\r" }
        guard !password.isEmpty else { throw StateError(path: file, message: "[state] password_file: is empty") }
        return String(password)
    }
}
