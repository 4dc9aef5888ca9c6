import ArgumentParser
import Pipeline

/// `-c, --config FILE`: the configuration, for every command that reads one.
struct ConfigOption: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: "Configuration file (TOML). Default: $XDG_CONFIG_HOME/briefing/briefing.toml, if there is one.")
    var config: String?

    /// The configuration at `--config`, else at the default location, else the defaults; a bad
    /// or missing one exits with code 1.
    func load(needsFeeds: Bool, option: String? = "--feeds FILE.opml") throws -> BriefingConfiguration {
        try loadConfiguration(config, needsFeeds: needsFeeds, option: option)
    }
}

/// `--feeds FILE.opml`: one feed list instead of the configured lists.
struct FeedListOption: ParsableArguments {
    @Option(help: "Use this OPML feed list instead of the configured lists.")
    var feeds: String?

    /// The configuration at `config` (needing feed lists only without `--feeds`), with the list
    /// `--feeds` names instead of its own.
    func configuration(_ config: ConfigOption) throws -> BriefingConfiguration {
        var configuration = try config.load(needsFeeds: feeds == nil)
        if let feeds { configuration = configuration.reading([absolute(feeds)]) }
        return configuration
    }
}

/// `--since 24h`: a duration, read once.
struct SinceOption: ParsableArguments {
    @Option(
        help: "Take items published within this long (e.g. 24h, 3d) instead of those new since the last run.",
        transform: SinceOption.seconds)
    var since: Double?

    static func seconds(_ text: String) throws -> Double {
        guard let seconds = DurationText.seconds(text) else {
            throw ValidationError("expected a duration such as 24h or 3d")
        }
        return seconds
    }
}
