import Foundation

extension BriefingConfiguration {
    /// The configuration a command runs on: the file at `path` when one is given (a missing
    /// file is then an error), else the file at the default location when it exists, else the
    /// built-in defaults with the state in the XDG default.
    ///
    /// `needsFeeds` says that the command takes its feeds from the configuration (no `--feeds`
    /// was given): then running on the defaults is pointless, and the error says what to run,
    /// or to pass `option` (such as `--feeds FILE.opml`) when the command has one.
    public static func loadOrDefault(
        path: String?, needsFeeds: Bool, option: String? = "--feeds FILE.opml",
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ConfigurationError) -> BriefingConfiguration {
        if let path { return try load(path: path) }
        let defaultPath = ConfigurationLocation.defaultPath(environment: environment)
        if FileManager.default.fileExists(atPath: defaultPath) { return try load(path: defaultPath) }
        guard !needsFeeds else {
            throw ConfigurationError(
                path: ConfigurationLocation.abbreviated(defaultPath, environment: environment),
                message: option.map { option in
                    "no configuration file and no \(option.prefix { $0 != " " }): run \"briefing init\" to make one, or pass \(option)"
                } ?? #"no configuration file: run "briefing init" to make one"#
            )
        }
        var configuration = BriefingConfiguration()
        configuration.stateDirectory = ConfigurationLocation.defaultStateDirectory(environment: environment)
        return configuration
    }
}

extension ConfigurationLocation {
    /// `path` with the home folder written as `~`, for messages.
    public static func abbreviated(
        _ path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        guard let home = environment["HOME"], !home.isEmpty, home != "/", path.hasPrefix(home + "/") else {
            return path
        }
        return "~" + path.dropFirst(home.count)
    }
}
