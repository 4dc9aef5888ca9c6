import Fetching
import Foundation
import History
import Rendering
import Summarization

/// The output formats of a briefing.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable {
    /// Plain text wrapped at a column.
    case text
    /// Markdown for mail clients and GitHub.
    case markdown
    /// HTML with inline CSS, for email.
    case html
    /// A complete MIME message (text and HTML alternatives).
    case email
}

/// When to fetch an item's web page for its full text (`[full_text]`).
public enum FullTextMode: String, Sendable, Hashable, CaseIterable {
    /// Fetch the page when the feed's text is shorter than `FullTextConfiguration.minimumWords`.
    case auto
    /// Always fetch the page.
    case always
    /// Never fetch pages; summarize what the feed carries.
    case never
}

/// Full-text settings (`[full_text]`).
public struct FullTextConfiguration: Sendable, Hashable {
    /// The mode for every feed. Default auto.
    public var mode: FullTextMode = .auto
    /// In auto mode, a feed text shorter than this many words is a teaser. Default 120.
    public var minimumWords = 120
    /// Most pages fetched in one run. Default 100.
    public var maxPages = 100
    /// Modes for single feeds, by feed URL (`[full_text.feeds]`).
    public var feeds: [String: FullTextMode] = [:]

    /// The mode for the feed at `location`.
    public func mode(for location: String) -> FullTextMode { feeds[location] ?? mode }
}

/// Mail delivery settings (`[email]`).
public struct EmailConfiguration: Sendable, Hashable {
    /// `smtp://host:587` (STARTTLS) or `smtps://host:465`. Required to send.
    public var smtpURL: String?
    /// The From address. Default "briefing <briefing@localhost>".
    public var from = "briefing <briefing@localhost>"
    /// Recipients. Required to send.
    public var to: [String] = []
    /// Require STARTTLS on smtp:// URLs. Default true.
    public var startTLS = true
    /// SMTP user name, if the server wants one.
    public var username: String?
    /// A file holding the SMTP password, readable only by its owner (mode 600 or 400). The
    /// environment variable BRIEFING_SMTP_PASSWORD, when set, is used instead. Never argv.
    public var passwordFile: String?
    /// A PEM file of CA certificates to trust for the mail server instead of the system's (for
    /// a server whose certificate a private CA signed). Default none: `CURL_CA_BUNDLE`, else
    /// `SSL_CERT_FILE` (and `SSL_CERT_DIR`), else the system store.
    public var caFile: String?
    /// A `mailto:` or `https://` address that unsubscribes a reader, written as the message's
    /// `List-Unsubscribe` header (RFC 2369) and at the end of the footer; it must pass
    /// ``Subscription/unsubscribeURL(_:)`` (``LinkPolicy``, at most 900 bytes). Default none:
    /// the footer then only says to remove the address from `to`.
    public var unsubscribe: String?
}

/// Everything a run needs to know, read from a TOML file. Every field documents its default;
/// `Config/briefing.toml` is the commented reference.
public struct BriefingConfiguration: Sendable {
    /// The briefing's heading. Default "Daily briefing".
    public var title = "Daily briefing"
    /// OPML feed lists (paths relative to the configuration file, or http(s) URLs). Required.
    public var feedLists: [String] = []
    /// Default output format. Default text.
    public var format: OutputFormat = .text
    /// Summary sentences per item. Default 3.
    public var sentences = 3
    /// Most words in each item's summary, whole sentences only (at least one); 0 for no limit.
    /// Default 0.
    public var words = 0
    /// Most items shown per section, newest first; 0 for no limit. Default 20.
    public var maxItemsPerSection = 20
    /// Most items in the whole briefing; 0 for no limit. Default 0.
    public var maxItems = 0
    /// How many stories the first section, "Top stories", holds: those carried by the most
    /// sources, taken out of their own sections (``TopStories``); 0 for no such section. Default 0.
    public var topStories = 0
    /// Items published longer ago than this many seconds are never shown; 0 for no limit.
    /// Default 7 days.
    public var maxItemAge: TimeInterval = 7 * 24 * 3600
    /// Time zone for dates in the briefing (an IANA name). Default "UTC".
    public var timeZone = "UTC"
    /// Column at which plain text is wrapped. Default 72.
    public var wrapColumn = 72
    /// The state directory. Default `$XDG_STATE_HOME/briefing`, else `~/.local/state/briefing`.
    public var stateDirectory: String = ConfigurationLocation.defaultStateDirectory()
    /// The PostgreSQL database that holds the state instead (`[state] url`,
    /// `postgresql://user@host:port/database`, no password in it), shared by any number of
    /// processes and machines; nil (the default) keeps the state in SQLite in `stateDirectory`.
    public var stateURL: String?
    /// The file holding the database's password (`[state] password_file`), mode 600 or
    /// stricter. Default none: then `BRIEFING_PG_PASSWORD`, else libpq's own `PGPASSFILE` or
    /// `~/.pgpass`.
    public var statePasswordFile: String?
    /// How long the state keeps what it no longer needs, in seconds (`[state] keep`); 0 keeps
    /// everything forever. Default 90 days.
    ///
    /// After each run, items first seen longer ago than this that their feed no longer lists
    /// are deleted (an item the feed still lists is kept however old, so it is never briefed
    /// again), and so are briefings made longer ago. A feed taken out of every feed list keeps
    /// its items for this long after it was last read; then they go, with its validators. At
    /// least `maxItemAge` when that is set: an item that leaves its feed and comes back later
    /// is then too old to be briefed again.
    public var retention: TimeInterval = 90 * 24 * 3600
    /// `briefing refresh` workers: how often a feed is due, leases and batches (`[refresh]`).
    public var refresh = RefreshConfiguration()
    /// Mail delivery.
    public var email = EmailConfiguration()
    /// Fetching articles' pages when feeds carry only a teaser.
    public var fullText = FullTextConfiguration()
    /// The fetch stage's limits.
    public var fetch = FetchConfiguration()
    /// The summarizer's weights.
    public var summarizer = SummarizerConfiguration()
    /// The briefing's `include` and `exclude` rules (see `FilterRule`); each feed's own apply
    /// too. Default none: every item.
    public var filter = ItemFilter()
    /// `[feeds."URL"]`: options of single feeds (filters, User-Agent, headers, credentials), by
    /// the feed's URL as its feed list names it. Default none.
    public var feeds: [String: FeedOptions] = [:]
    /// What the file says that still works but should change (former names), one line each.
    public var warnings: [String] = []
    /// The configuration file's name without its folder, for the footer of the briefing
    /// ("remove your address from to = in briefing.toml"). Default "briefing.toml".
    public var fileName = "briefing.toml"
    /// More than one briefing a day (`editions`), in time order; empty: one briefing a day.
    public var editions: [Edition] = []
    /// The profile's name (`[profiles.NAME]`); "" for the configuration itself, the one
    /// implicit profile of a file without profiles.
    public var profile = ""
    /// The `[profiles.NAME]` briefings, by name, each a whole configuration whose `[briefing]`
    /// options fall back to `[briefing]` and recipients to `[email] to`. Empty: one briefing,
    /// made from this configuration.
    public var profiles: [BriefingConfiguration] = []

    public init() {}

    /// Reads the configuration at `path`; relative feed-list paths are resolved against its folder.
    public static func load(path: String) throws(ConfigurationError) -> BriefingConfiguration {
        let url = URL(fileURLWithPath: path)
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file as UTF-8" : "no such file"
            throw ConfigurationError(path: path, message: reason)
        }
        return try parse(text, path: path)
    }

    private static func resolve(_ path: String, against folder: URL) -> String {
        ConfigurationLocation.absolute(path, against: folder.path)
    }

    /// Reads configuration `text`; `path` names it in errors and anchors relative paths.
    public static func parse(_ text: String, path: String) throws(ConfigurationError) -> BriefingConfiguration {
        try parse(text, path: path, log: nil)
    }

    /// Every option and table the parser reads, by full name (`fetch.timeout`, `full_text.feeds`),
    /// in the order it reads them: recorded from the parser itself, so the list cannot fall behind.
    public static var knownOptions: [String] {
        let log = OptionLog()
        _ = try? parse("[briefing]\nfeeds = [\"feeds.opml\"]", path: "known.toml", log: log)
        // A profile takes every [briefing] option: those are not listed again under profiles.NAME.
        let briefing = Set(log.names.filter { $0.hasPrefix("briefing.") }.map { $0.dropFirst("briefing.".count) })
        return log.names.filter { name in
            guard name.hasPrefix("profiles.NAME.") else { return true }
            return !briefing.contains(name.dropFirst("profiles.NAME.".count))
        }
    }

    private static func parse(
        _ text: String, path: String, log: OptionLog?
    ) throws(ConfigurationError) -> BriefingConfiguration {
        let document: TOMLDocument
        do {
            document = try TOMLReader.read(text)
        } catch {
            throw ConfigurationError(path: path, line: error.line, message: error.message)
        }
        var reader = TableReader(document: document, path: path, log: log)
        var configuration = BriefingConfiguration()
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        configuration.fileName = URL(fileURLWithPath: path).lastPathComponent

        var briefing = try reader.table("briefing")
        try readBriefingOptions(&briefing, into: &configuration, folder: folder, path: path)
        guard !configuration.feedLists.isEmpty else {
            throw ConfigurationError(path: path, message: "briefing.feeds: name at least one OPML feed list")
        }
        try briefing.finish()

        var state = try reader.table("state")
        if let directory = try state.string("directory") {
            configuration.stateDirectory = resolve(directory, against: folder)
        }
        if let url = try state.string("url") {
            do {
                try StateLocation.checkPostgresURL(url)
            } catch {
                throw state.fail("url", error.message)
            }
            configuration.stateURL = url
        }
        if let file = try state.string("password_file") {
            guard configuration.stateURL != nil else {
                throw state.fail("password_file", "is for a PostgreSQL state: set [state] url too")
            }
            configuration.statePasswordFile = resolve(file, against: folder)
        }
        configuration.retention = try state.duration("keep", example: "90d or 26w") ?? configuration.retention
        if configuration.retention > 0, configuration.maxItemAge > 0,
            configuration.retention < configuration.maxItemAge
        {
            throw state.fail(
                "keep",
                "\(DurationText.describe(configuration.retention)) is shorter than briefing.max_item_age (\(DurationText.describe(configuration.maxItemAge))); an item that left its feed and came back would be briefed again: keep at least as long, or 0 to keep everything"
            )
        }
        try state.finish()

        var email = try reader.table("email")
        configuration.email.smtpURL = try email.string("smtp_url")
        if let url = configuration.email.smtpURL {
            let lower = url.lowercased()
            guard lower.hasPrefix("smtp://") || lower.hasPrefix("smtps://") else {
                throw email.fail("smtp_url", "expected smtp:// or smtps://, found \(url)")
            }
        }
        configuration.email.from = try email.singleLineString("from") ?? configuration.email.from
        configuration.email.to = try email.singleLineStrings("to") ?? []
        configuration.email.startTLS = try email.boolean("starttls") ?? true
        configuration.email.username = try email.singleLineString("username")
        configuration.email.passwordFile = try email.string("password_file").map { resolve($0, against: folder) }
        if let caFile = try email.string("ca_file") {
            guard !caFile.isEmpty else { throw email.fail("ca_file", "name a PEM file of CA certificates") }
            configuration.email.caFile = resolve(caFile, against: folder)
        }
        if let unsubscribe = try email.string("unsubscribe") {
            guard let url = Subscription.unsubscribeURL(unsubscribe) else {
                throw email.fail(
                    "unsubscribe",
                    "expected a mailto: address or an http(s) URL of at most \(Subscription.urlLimit) bytes, found \(unsubscribe)"
                )
            }
            configuration.email.unsubscribe = url
        }
        try email.finish()

        var fullText = try reader.table("full_text")
        if let mode = try fullText.string("mode") {
            guard let value = FullTextMode(rawValue: mode) else {
                throw fullText.fail("mode", "expected \(FullTextMode.choices), found \(mode)")
            }
            configuration.fullText.mode = value
        }
        configuration.fullText.minimumWords =
            try fullText.integer("min_words", in: 0...100_000) ?? configuration.fullText.minimumWords
        configuration.fullText.maxPages =
            try fullText.integer("max_pages", in: 0...100_000) ?? configuration.fullText.maxPages
        var perFeed = try fullText.table("feeds")
        for key in perFeed.remainingKeys {
            guard let mode = try perFeed.string(key) else { continue }
            guard let value = FullTextMode(rawValue: mode) else {
                throw perFeed.fail(key, "expected \(FullTextMode.choices), found \(mode)")
            }
            configuration.fullText.feeds[key] = value
        }
        try perFeed.finish()
        try fullText.finish()
        configuration.feeds = try reader.feedTables(fullText: &configuration.fullText, folder: folder)

        var fetch = try reader.table("fetch")
        var fetchConfiguration = configuration.fetch
        fetchConfiguration.maxConcurrent =
            try fetch.integer("concurrency", in: 1...256) ?? fetchConfiguration.maxConcurrent
        fetchConfiguration.maxPerHost = try fetch.integer("per_host", in: 1...64) ?? fetchConfiguration.maxPerHost
        fetchConfiguration.connectTimeout =
            try fetch.number("connect_timeout", in: 0.1...600) ?? fetchConfiguration.connectTimeout
        fetchConfiguration.totalTimeout = try fetch.number("timeout", in: 0.1...3600) ?? fetchConfiguration.totalTimeout
        fetchConfiguration.lowSpeedBytesPerSecond =
            try fetch.integer("low_speed_limit", in: 0...1_000_000_000) ?? fetchConfiguration.lowSpeedBytesPerSecond
        fetchConfiguration.lowSpeedSeconds =
            try fetch.integer("low_speed_time", in: 1...3600) ?? fetchConfiguration.lowSpeedSeconds
        fetchConfiguration.maxBodyBytes =
            try fetch.integer("max_body_bytes", in: 1024...1_073_741_824) ?? fetchConfiguration.maxBodyBytes
        fetchConfiguration.maxRedirects =
            try fetch.integer("max_redirects", in: 0...50) ?? fetchConfiguration.maxRedirects
        fetchConfiguration.maxAttempts = try fetch.integer("attempts", in: 1...10) ?? fetchConfiguration.maxAttempts
        fetchConfiguration.retryBaseDelay =
            try fetch.number("retry_delay", in: 0...600) ?? fetchConfiguration.retryBaseDelay
        fetchConfiguration.maxRetryAfter =
            try fetch.number("max_retry_after", in: 0...3600) ?? fetchConfiguration.maxRetryAfter
        fetchConfiguration.userAgent = try fetch.string("user_agent") ?? fetchConfiguration.userAgent
        fetchConfiguration.allowPrivateNetworks =
            try fetch.boolean("allow_private_networks") ?? fetchConfiguration.allowPrivateNetworks
        fetchConfiguration.caFile = try fetch.string("ca_file").map { resolve($0, against: folder) }
        try fetch.finish()
        configuration.fetch = fetchConfiguration

        var refresh = try reader.table("refresh")
        for (key, example) in [("interval", "1h or 30m"), ("lease", "10m or 1h")] {
            guard let seconds = try refresh.duration(key, example: example) else { continue }
            guard seconds > 0 else { throw refresh.fail(key, "must be longer than 0, such as \(example)") }
            if key == "interval" { configuration.refresh.interval = seconds } else { configuration.refresh.lease = seconds }
        }
        configuration.refresh.batch = try refresh.integer("batch", in: 1...100_000) ?? configuration.refresh.batch
        try refresh.finish()

        var summarizer = try reader.table("summarizer")
        var weightsTable = try summarizer.table("weights")
        var weights = configuration.summarizer.weights
        for key in weightsTable.remainingKeys {
            guard let value = try weightsTable.number(key, in: -1000...1000) else { continue }
            guard let name = SummarizerWeights.canonicalName(key) else {
                let known = SummarizerWeights.names.sorted()
                let hint = TableReader.suggestion(for: key, among: known).map { "; did you mean \($0)?" } ?? ""
                throw weightsTable.fail(key, "unknown weight\(hint) (known: \(known.joined(separator: ", ")))")
            }
            if name != key {
                configuration.warnings.append(
                    "config: \(path): summarizer.weights.\(key) is now called \(name); the old name will stop working in the next release"
                )
            }
            weights[name: name] = value
        }
        try weightsTable.finish()
        try summarizer.finish()
        configuration.summarizer.weights = weights
        do {
            try configuration.summarizer.validate()
        } catch {
            throw ConfigurationError(path: path, message: "summarizer.weights: \(error)")
        }
        try readProfiles(&reader, into: &configuration, folder: folder, path: path)
        try reader.finish()
        return configuration
    }

    /// Reads the options of one briefing, from `[briefing]` or from a `[profiles.NAME]` table,
    /// over the values `configuration` has already (the defaults, or for a profile those of
    /// `[briefing]`): the one reader of these options, so that a profile accepts every option
    /// `[briefing]` does. Checks that need the whole file (such as feeds being required) are the
    /// caller's.
    static func readBriefingOptions(
        _ briefing: inout TableReader, into configuration: inout BriefingConfiguration, folder: URL, path: String
    ) throws(ConfigurationError) {
        configuration.title = try briefing.singleLineString("title") ?? configuration.title
        if let lists = try briefing.strings("feeds") {
            guard !lists.isEmpty else {
                throw ConfigurationError(
                    path: path, message: "\(briefing.name).feeds: name at least one OPML feed list")
            }
            configuration.feedLists = lists.map { resolve($0, against: folder) }
        }
        if let format = try briefing.string("format") {
            guard let value = OutputFormat(rawValue: format) else {
                throw briefing.fail(
                    "format", "expected \(OutputFormat.choices), found \(format)")
            }
            configuration.format = value
        }
        configuration.sentences = try briefing.integer("sentences", in: 1...20) ?? configuration.sentences
        configuration.words = try briefing.integer("words", in: 0...10_000) ?? configuration.words
        configuration.maxItemsPerSection =
            try briefing.integer("max_items_per_section", in: 0...10_000) ?? configuration.maxItemsPerSection
        configuration.maxItems = try briefing.integer("max_items", in: 0...100_000) ?? configuration.maxItems
        configuration.maxItemAge =
            try briefing.duration("max_item_age", example: "36h or 7d") ?? configuration.maxItemAge
        if let zone = try briefing.string("time_zone") {
            guard TimeZone(identifier: zone) != nil else {
                throw ConfigurationError(path: path, message: "\(briefing.name).time_zone: unknown time zone \(zone)")
            }
            configuration.timeZone = zone
        }
        configuration.wrapColumn = try briefing.integer("wrap_column", in: 20...1000) ?? configuration.wrapColumn
        configuration.editions = try briefing.editions("editions") ?? configuration.editions
        configuration.topStories = try briefing.integer("top_stories", in: 0...100) ?? configuration.topStories
        // A profile's include or exclude list replaces the briefing's; the one it does not set
        // falls back, as every other option does.
        configuration.filter = try briefing.filter(inheriting: configuration.filter)
    }
}

/// A configuration file that cannot be used: the file, the line when one is to blame, and what
/// is wrong.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    /// The line the offending option (or syntax error) is on, when known.
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "config: \(path): " + (line.map { "line \($0): " } ?? "") + message }
}

/// Reads typed values out of one TOML table and refuses keys nobody asked for, so that a
/// misspelt option is an error rather than silently ignored. Every error it makes names the
/// option and the line it was defined on; `fail` makes such errors for checks done by callers.
struct TableReader {
    private var table: [String: TOMLValue]
    private let document: TOMLDocument
    private let path: String
    private let keys: [String]
    /// The keys asked for, present or not: the options this table knows.
    private var used: Set<String> = []
    private let log: OptionLog?

    /// A reader of the document's root table; `path` names the file in errors; `log`, when
    /// given, records the name of every option asked for.
    init(document: TOMLDocument, path: String, log: OptionLog? = nil) {
        self.init(table: document.root, document: document, path: path, keys: [], log: log)
    }

    private init(table: [String: TOMLValue], document: TOMLDocument, path: String, keys: [String], log: OptionLog?) {
        self.table = table
        self.document = document
        self.path = path
        self.keys = keys
        self.log = log
    }

    var remainingKeys: [String] { table.keys.filter { !used.contains($0) }.sorted() }

    /// An error about option `key` of this table: its full name, its line and `message`.
    func fail(_ key: String, _ message: String) -> ConfigurationError {
        let name = (keys + [key]).joined(separator: ".")
        return ConfigurationError(path: path, line: document.line(of: keys + [key]), message: "\(name): \(message)")
    }

    /// The table's full name, as errors write it (`briefing`, `profiles.markets`).
    var name: String { keys.joined(separator: ".") }

    /// True when the reader records the options asked for (`BriefingConfiguration.knownOptions`).
    var logging: Bool { log != nil }

    mutating func take(_ key: String) -> TOMLValue? {
        used.insert(key)
        log?.names.append((keys + [key]).joined(separator: "."))
        return table[key]
    }

    mutating func table(_ key: String) throws(ConfigurationError) -> TableReader {
        switch take(key) {
        case nil: return TableReader(table: [:], document: document, path: path, keys: keys + [key], log: log)
        case .table(let child)?:
            return TableReader(table: child, document: document, path: path, keys: keys + [key], log: log)
        case let other?: throw fail(key, "expected a table, found \(other.typeName)")
        }
    }

    mutating func string(_ key: String) throws(ConfigurationError) -> String? {
        switch take(key) {
        case nil: return nil
        case .string(let value)?: return value
        case let other?: throw fail(key, "expected a string, found \(other.typeName)")
        }
    }

    mutating func strings(_ key: String) throws(ConfigurationError) -> [String]? {
        switch take(key) {
        case nil: return nil
        case .string(let value)?: return [value]
        case .array(let values)?:
            var result: [String] = []
            for value in values {
                guard case .string(let text) = value else {
                    throw fail(key, "expected an array of strings, found \(value.typeName) in it")
                }
                result.append(text)
            }
            return result
        case let other?: throw fail(key, "expected an array of strings, found \(other.typeName)")
        }
    }

    /// A string that goes into a mail header or an SMTP command: control characters (CR and LF
    /// above all, which would let the value add lines such as `Bcc:`) are refused.
    mutating func singleLineString(_ key: String) throws(ConfigurationError) -> String? {
        try string(key).map { (value) throws(ConfigurationError) in try singleLine(key, value) }
    }

    /// Strings that go into a mail header, each checked as `singleLineString` checks one.
    mutating func singleLineStrings(_ key: String) throws(ConfigurationError) -> [String]? {
        guard let values = try strings(key) else { return nil }
        for value in values { _ = try singleLine(key, value) }
        return values
    }

    private func singleLine(_ key: String, _ value: String) throws(ConfigurationError) -> String {
        guard let bad = value.unicodeScalars.first(where: { $0.value < 0x20 && $0 != "\t" || $0.value == 0x7F }) else {
            return value
        }
        let names: [Unicode.Scalar: String] = ["\r": "a carriage return", "\n": "a line feed", "\0": "a NUL byte"]
        throw fail(
            key,
            "must be a single line of text, found \(names[bad] ?? "a control character") "
                + "(\(String(format: "U+%04X", bad.value))), which could add lines to the mail header or the SMTP dialogue"
        )
    }

    mutating func boolean(_ key: String) throws(ConfigurationError) -> Bool? {
        switch take(key) {
        case nil: return nil
        case .boolean(let value)?: return value
        case let other?: throw fail(key, "expected true or false, found \(other.typeName)")
        }
    }

    /// A duration such as `36h` (see `DurationText`), in seconds; `example` shows the form in the error.
    mutating func duration(_ key: String, example: String) throws(ConfigurationError) -> TimeInterval? {
        guard let text = try string(key) else { return nil }
        guard let seconds = DurationText.seconds(text) else {
            throw fail(key, "expected a duration such as \(example), found \(text)")
        }
        return seconds
    }

    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int? {
        switch take(key) {
        case nil: return nil
        case .integer(let value)?:
            guard range.contains(value) else {
                throw fail(key, "\(value) is out of range (\(range.lowerBound) to \(range.upperBound))")
            }
            return value
        case let other?: throw fail(key, "expected an integer, found \(other.typeName)")
        }
    }

    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigurationError) -> Double? {
        let value: Double
        switch take(key) {
        case nil: return nil
        case .integer(let number)?: value = Double(number)
        case .float(let number)?: value = number
        case let other?: throw fail(key, "expected a number, found \(other.typeName)")
        }
        guard range.contains(value) else {
            throw fail(key, "\(value) is out of range (\(range.lowerBound) to \(range.upperBound))")
        }
        return value
    }

    /// Refuses the first key nobody asked for, suggesting the asked-for key nearest to it.
    func finish() throws(ConfigurationError) {
        if let unknown = remainingKeys.first {
            let hint = Self.suggestion(for: unknown, among: used).map { "; did you mean \($0)?" } ?? ""
            throw fail(unknown, "unknown option" + hint)
        }
    }

    /// The key of `known` nearest to `key` (Damerau-Levenshtein distance, ignoring case and `-`
    /// for `_`), when it is near enough to be a typo: at most 1 edit for keys of up to 5
    /// characters, 2 up to 11, 3 beyond. Ties go to the alphabetically first.
    static func suggestion(for key: String, among known: some Collection<String>) -> String? {
        let typed = Array(key.lowercased().replacingOccurrences(of: "-", with: "_"))
        let threshold = typed.count <= 5 ? 1 : typed.count <= 11 ? 2 : 3
        let scored = known.map { ($0, editDistance(typed, Array($0.lowercased()))) }
        guard let best = scored.min(by: { ($0.1, $0.0) < ($1.1, $1.0) }), best.1 <= threshold else { return nil }
        return best.0
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
    /// two neighbouring characters, each one edit.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previousRow: [Int] = []
        var row = Array(0...b.count)
        for i in 1...a.count {
            let earlierRow = previousRow
            previousRow = row
            row = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previousRow[j] + 1, row[j - 1] + 1, previousRow[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    row[j] = min(row[j], earlierRow[j - 2] + 1)
                }
            }
        }
        return row[b.count]
    }
}

/// The names of the options a parse asked for (see `BriefingConfiguration.knownOptions`).
final class OptionLog {
    var names: [String] = []
}

extension CaseIterable where Self: RawRepresentable, RawValue == String {
    /// The allowed values for errors: "text, markdown, html or email".
    static var choices: String { listing(allCases.map(\.rawValue)) }
}

/// `names` as a sentence lists them: "a, b or c".
func listing(_ names: [String]) -> String {
    guard let last = names.last, names.count > 1 else { return names.joined() }
    return names.dropLast().joined(separator: ", ") + " or " + last
}

/// Where the configuration lives when no `--config` is given.
public enum ConfigurationLocation {
    /// `path` made absolute against `folder` (by default the working directory): URLs and
    /// absolute paths are kept as they are, `~/` is the home directory, `.` and `..` are resolved.
    /// Every relative path the configuration or the command line gives goes through here.
    public static func absolute(
        _ path: String, against folder: String = FileManager.default.currentDirectoryPath
    ) -> String {
        if path.contains("://") || path.hasPrefix("/") { return path }
        if path.hasPrefix("~/") { return NSHomeDirectory() + String(path.dropFirst(1)) }
        return URL(fileURLWithPath: folder, isDirectory: true).appendingPathComponent(path).standardizedFileURL.path
    }

    /// `$XDG_CONFIG_HOME/briefing/briefing.toml`, else `~/.config/briefing/briefing.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let base = environment["XDG_CONFIG_HOME"], !base.isEmpty {
            return base + "/briefing/briefing.toml"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/briefing/briefing.toml"
    }

    /// `$XDG_STATE_HOME/briefing`, else `~/.local/state/briefing`.
    public static func defaultStateDirectory(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String {
        if let base = environment["XDG_STATE_HOME"], !base.isEmpty {
            return base + "/briefing"
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.local/state/briefing"
    }
}

/// Durations written as a number and a unit: `90m`, `36h`, `7d`, `2w`; `0` means none.
public enum DurationText {
    /// Seconds in `text`, or nil when it is not a duration.
    public static func seconds(_ text: String) -> TimeInterval? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "0" { return 0 }
        guard let unit = trimmed.last, let value = Double(trimmed.dropLast()), value >= 0, value.isFinite else {
            return nil
        }
        let seconds: TimeInterval
        switch unit {
        case "s": seconds = value
        case "m": seconds = value * 60
        case "h": seconds = value * 3600
        case "d": seconds = value * 86400
        case "w": seconds = value * 7 * 86400
        default: return nil
        }
        // Longer than this is no duration a person means (and would overflow dates and `describe`).
        return seconds <= maximumSeconds ? seconds : nil
    }

    /// The longest duration accepted: 1,000 years.
    public static let maximumSeconds: TimeInterval = 1000 * 365.25 * 86400

    /// `seconds` written back in the largest unit that divides it: `7d`, `36h`, `90m`, `45s`.
    public static func describe(_ seconds: TimeInterval) -> String {
        guard seconds.isFinite, abs(seconds) < 1e15 else { return "\(seconds)s" }
        for (unit, size) in [("d", 86400.0), ("h", 3600), ("m", 60)]
        where seconds >= size && seconds.truncatingRemainder(dividingBy: size) == 0 {
            return "\(Int(seconds / size))\(unit)"
        }
        return seconds == seconds.rounded() ? "\(Int(seconds))s" : "\(seconds)s"
    }
}
