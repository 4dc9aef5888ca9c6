import BriefingCore
import Fetching
import Foundation

/// What `[feeds."URL"]` says about one feed: its full-text mode, filters, and how to fetch it
/// (User-Agent, extra headers, HTTP basic authentication). The URL is the feed's as its feed
/// list names it.
public struct FeedOptions: Sendable, Hashable {
    /// The feed's own `include` and `exclude` rules; the briefing's apply too. Default none.
    public var filter = ItemFilter()
    /// The User-Agent sent for this feed, instead of `[fetch] user_agent`. Default none.
    public var userAgent: String?
    /// Extra request headers, checked when read. Sent to the feed URL's origin only. Default none.
    public var headers: [HTTPHeaderField] = []
    /// The user name for HTTP basic authentication. Default none.
    public var username: String?
    /// Where the password comes from; required with `username`. Never the command line.
    public var password: PasswordSource?

    /// Where a feed's password is read from, when the feed is fetched.
    public enum PasswordSource: Sendable, Hashable {
        /// A file only its owner may read (mode 600 or 400), as `[email] password_file`.
        case file(String)
        /// An environment variable, by name.
        case environment(String)
    }

    public init() {}

    /// `request` with this feed's User-Agent, headers and credentials. The password is read
    /// here, for each run, so that it never sits in the configuration; a password that cannot
    /// be read fails the feed, naming where it was looked for (never the password).
    func apply(to request: FetchRequest, environment: [String: String]) throws(FetchError) -> FetchRequest {
        var request = request
        request.userAgent = userAgent ?? request.userAgent
        request.headers = headers
        guard let username, let password else { return request }
        let secret: String
        switch password {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                throw FetchError(
                    url: request.url, kind: .other,
                    message:
                        "the password for \(username) is read from the environment variable \(name), which is not set")
            }
            secret = value
        case .file(let path):
            do {
                // The SMTP password's rules: a file of the user's own, readable by nobody else.
                secret = try Credentials.password(environment: [:], file: path) ?? ""
            } catch {
                throw FetchError(url: request.url, kind: .other, message: "password_file: \(error)")
            }
        }
        request.credentials = BasicCredentials(username: username, password: secret)
        return request
    }
}

extension FeedOptions {
    /// The options a `[feeds."URL"]` table may set, in the order they are read: recorded from
    /// the reader itself.
    static var optionNames: [String] {
        let log = OptionLog()
        guard let document = try? TOMLReader.read("[feeds.\"u\"]") else { return [] }
        var reader = TableReader(document: document, path: "names.toml", log: log)
        var fullText = FullTextConfiguration()
        _ = try? reader.feedTables(fullText: &fullText, folder: URL(fileURLWithPath: "/"))
        return log.names.filter { $0.hasPrefix("feeds.u.") }.map { String($0.dropFirst("feeds.u.".count)) }
    }
}

extension TableReader {
    /// The `include` and `exclude` rules of this table, each read as ``FilterRule`` reads it; a
    /// rule that cannot be read is an error naming the option and its line.
    /// The table's `include` and `exclude` rules; a list the table does not set is `base`'s.
    mutating func filter(inheriting base: ItemFilter = ItemFilter()) throws(ConfigurationError) -> ItemFilter {
        var filter = base
        if let include = try rules("include") { filter.include = include }
        if let exclude = try rules("exclude") { filter.exclude = exclude }
        return filter
    }

    private mutating func rules(_ key: String) throws(ConfigurationError) -> [FilterRule]? {
        guard let texts = try strings(key) else { return nil }
        var rules: [FilterRule] = []
        for text in texts {
            do {
                rules.append(try FilterRule(text))
            } catch {
                throw fail(key, error.description)
            }
        }
        return rules
    }

    /// The `[feeds."URL"]` tables, by URL. A feed's `full_text` goes into `fullText.feeds`, where
    /// `[full_text.feeds]` puts its modes (the two may not disagree).
    mutating func feedTables(fullText: inout FullTextConfiguration, folder: URL) throws(ConfigurationError) -> [String:
        FeedOptions]
    {
        var tables = try table("feeds")
        var result: [String: FeedOptions] = [:]
        for location in tables.remainingKeys {
            var feed = try tables.table(location)
            var options = FeedOptions()
            if let text = try feed.string("full_text") {
                guard let mode = FullTextMode(rawValue: text) else {
                    throw feed.fail("full_text", "expected \(FullTextMode.choices), found \(text)")
                }
                if let other = fullText.feeds[location], other != mode {
                    throw feed.fail(
                        "full_text", "\(mode.rawValue), but [full_text.feeds] gives this feed \(other.rawValue)")
                }
                fullText.feeds[location] = mode
            }
            options.filter = try feed.filter()
            if let agent = try feed.string("user_agent") {
                if let problem = HTTPHeaderField.valueProblem(agent) { throw feed.fail("user_agent", problem) }
                options.userAgent = agent
            }
            var headers = try feed.table("headers")
            var names: Set<String> = []
            for name in headers.remainingKeys {
                guard let value = try headers.string(name) else { continue }
                let header = HTTPHeaderField(name: name, value: value)
                if let problem = header.problem { throw headers.fail(name, problem) }
                guard names.insert(name.lowercased()).inserted else {
                    throw headers.fail(name, "header \(name) is given twice")
                }
                options.headers.append(header)
            }
            try headers.finish()
            options.username = try feed.string("username")
            let file = try feed.string("password_file")
            let variable = try feed.string("password_env")
            if let username = options.username {
                if let problem = Self.usernameProblem(username) { throw feed.fail("username", problem) }
                if names.contains("authorization") {
                    throw feed.fail("username", "give either username or an Authorization header, not both")
                }
                switch (file, variable) {
                case (let file?, nil):
                    guard !file.isEmpty else { throw feed.fail("password_file", "name the file holding the password") }
                    options.password = .file(ConfigurationLocation.absolute(file, against: folder.path))
                case (nil, let variable?):
                    guard !variable.isEmpty, !variable.contains("=") else {
                        throw feed.fail("password_env", "name the environment variable holding the password")
                    }
                    options.password = .environment(variable)
                case (.some, .some):
                    throw feed.fail("password_env", "give either password_file or password_env, not both")
                case (nil, nil):
                    throw feed.fail(
                        "username",
                        "needs a password: password_file (a file only you can read) or password_env (an environment variable)"
                    )
                }
            } else if file != nil || variable != nil {
                throw feed.fail(file != nil ? "password_file" : "password_env", "a password needs a username")
            }
            try feed.finish()
            result[location] = options
        }
        try tables.finish()
        return result
    }

    /// Why `username` cannot be a basic-authentication user name, or nil (RFC 7617: no colon,
    /// no control characters).
    private static func usernameProblem(_ username: String) -> String? {
        if username.isEmpty { return "an empty user name" }
        if username.contains(":") { return "a user name for basic authentication may not hold a colon" }
        if let bad = username.unicodeScalars.first(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "holds \(HTTPHeaderField.describe(bad)), which a user name may not"
        }
        return nil
    }
}

/// The filters of one run, the briefing's and each feed's, compiled once.
struct RunFilters {
    private let briefing: ItemFilter.Matcher
    private let options: [String: FeedOptions]
    private var feeds: [String: ItemFilter.Matcher] = [:]

    init(_ configuration: BriefingConfiguration) {
        briefing = ItemFilter.Matcher(configuration.filter)
        options = configuration.feeds
    }

    /// Whether the briefing's filter and that of the feed at `location` both keep `item`.
    mutating func keeps(_ item: FeedItem, from location: String) -> Bool {
        let feed: ItemFilter.Matcher?
        if let known = feeds[location] {
            feed = known
        } else if let filter = options[location]?.filter, !filter.isEmpty {
            feed = ItemFilter.Matcher(filter)
            feeds[location] = feed
        } else {
            feed = nil
        }
        guard !briefing.isEmpty || feed != nil else { return true }
        let subject = FilterSubject(item)
        return briefing.decide(subject).kept && (feed?.decide(subject).kept ?? true)
    }
}
