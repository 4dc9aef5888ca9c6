import Foundation

/// One of the day's briefings (`editions = ["06:30", "18:00"]`): its name and the local time
/// from which it is made.
///
/// A run makes the latest edition whose time has come in the profile's time zone (before the
/// first edition of the day, that is the previous day's last). Each edition has the items new
/// since the one before, its own files and its own title.
public struct Edition: Sendable, Hashable {
    /// `morning`, `evening`, or the name the configuration gives.
    public var name: String
    /// Minutes after midnight, local time.
    public var minute: Int

    public init(name: String, minute: Int) {
        self.name = name
        self.minute = minute
    }

    /// The name an edition at `minute` gets when the configuration lists times only: morning
    /// before 12:00, afternoon before 17:00, evening from 17:00.
    public static func defaultName(minute: Int) -> String {
        minute < 12 * 60 ? "morning" : minute < 17 * 60 ? "afternoon" : "evening"
    }

    /// `HH:MM`.
    public var time: String { String(format: "%02d:%02d", minute / 60, minute % 60) }

    /// The edition's title for a briefing titled `title`: "Evening briefing" for the default
    /// title, else "TITLE, evening edition".
    public func title(for title: String) -> String {
        let defaultTitle = BriefingConfiguration().title
        if title == defaultTitle { return name.prefix(1).uppercased() + name.dropFirst() + " briefing" }
        return "\(title), \(name) edition"
    }

    /// Minutes after midnight in `HH:MM` (00:00 to 23:59), or nil.
    static func minute(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }
}

/// Which edition a run makes, and of which day.
public struct EditionChoice: Sendable, Hashable {
    /// The briefing's day, YYYY-MM-DD in the profile's time zone.
    public var day: String
    /// Nil for a configuration without editions.
    public var edition: Edition?

    /// The edition of `now`: the latest edition time at or before it, in `timeZone`; before the
    /// day's first edition, the previous day's last. `named` picks one instead (of today).
    static func of(
        _ now: Date, editions: [Edition], named: String?, timeZone: TimeZone
    ) -> EditionChoice {
        let today = DailyJob.day(of: now, in: timeZone)
        guard !editions.isEmpty else { return EditionChoice(day: today, edition: nil) }
        if let named, let edition = editions.first(where: { $0.name == named }) {
            return EditionChoice(day: today, edition: edition)
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: now)
        let minute = (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
        if let edition = editions.last(where: { $0.minute <= minute }) {
            return EditionChoice(day: today, edition: edition)
        }
        let yesterday = calendar.date(byAdding: .day, value: -1, to: now) ?? now
        return EditionChoice(day: DailyJob.day(of: yesterday, in: timeZone), edition: editions.last)
    }
}

extension TableReader {
    /// `editions`: an array of `HH:MM` times (named morning, afternoon, evening by the time of
    /// day) or a table of names to times; in time order. Two editions at one time, or two
    /// with one name, are refused.
    mutating func editions(_ key: String) throws(ConfigurationError) -> [Edition]? {
        var editions: [Edition] = []
        func time(_ value: TOMLValue, _ name: String?) throws(ConfigurationError) -> Int {
            guard case .string(let text) = value, let minute = Edition.minute(text) else {
                let found = if case .string(let text) = value { text } else { value.typeName }
                throw fail(key, "expected times such as \"06:30\"\(name.map { " for \($0)" } ?? ""), found \(found)")
            }
            return minute
        }
        switch take(key) {
        case nil: return nil
        case .array(let values)?:
            let minutes = try values.map { (value) throws(ConfigurationError) in try time(value, nil) }
            var count: [String: Int] = [:]
            for minute in minutes { count[Edition.defaultName(minute: minute), default: 0] += 1 }
            editions = minutes.map { minute in
                let name = Edition.defaultName(minute: minute)
                // Two mornings are told apart by their times.
                return Edition(
                    name: (count[name] ?? 0) > 1
                        ? "\(name)-\(Edition(name: "", minute: minute).time.replacingOccurrences(of: ":", with: ""))"
                        : name,
                    minute: minute)
            }
        case .table(let table)?:
            for (name, value) in table.sorted(by: { $0.key < $1.key }) {
                guard BriefingConfiguration.isValidName(name) else {
                    throw fail(key, "edition name \(name): use letters, digits, - and _ only (it names files)")
                }
                editions.append(Edition(name: name, minute: try time(value, name)))
            }
        case let other?:
            throw fail(
                key,
                "expected an array of times such as [\"06:30\", \"18:00\"] or a table of names to times, found \(other.typeName)"
            )
        }
        editions.sort { $0.minute < $1.minute }
        for (a, b) in zip(editions, editions.dropFirst()) where a.minute == b.minute {
            throw fail(key, "two editions at \(a.time)")
        }
        return editions
    }
}

extension BriefingConfiguration {
    /// The briefings a run makes: the profiles, or this configuration itself when there are none.
    public var briefings: [BriefingConfiguration] { profiles.isEmpty ? [self] : profiles }

    /// The briefings `names` picks (each a name or a comma list; empty: every one), in the
    /// configuration's order.
    ///
    /// - Throws: for a name that is no profile, naming the known ones.
    public func briefings(named names: [String]) throws(ConfigurationError) -> [BriefingConfiguration] {
        let wanted = names.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard !wanted.isEmpty else { return briefings }
        let known = profiles.map(\.profile)
        for name in wanted where !known.contains(name) {
            let hint = TableReader.suggestion(for: name, among: known).map { "; did you mean \($0)?" } ?? ""
            let list = known.isEmpty ? "the configuration has no [profiles]" : "known: \(known.joined(separator: ", "))"
            throw ConfigurationError(path: "--profile", message: "unknown profile \(name)\(hint) (\(list))")
        }
        return profiles.filter { wanted.contains($0.profile) }
    }

    /// Every configured feed list of every briefing, each once.
    public var allFeedLists: [String] {
        var seen = Set<String>()
        return briefings.flatMap(\.feedLists).filter { seen.insert($0).inserted }
    }

    /// The same configuration reading `lists` instead of its feed lists, and so do its profiles
    /// (`--feeds FILE.opml`).
    public func reading(_ lists: [String]) -> BriefingConfiguration {
        var copy = self
        copy.feedLists = lists
        copy.profiles = profiles.map { $0.reading(lists) }
        return copy
    }

    /// Profile and edition names go into file names: letters, digits, `-` and `_`.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64
            && name.unicodeScalars.allSatisfy {
                $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_")
            }
    }

    /// Reads `[profiles.NAME]` tables: each starts from `[briefing]` (as read into
    /// `configuration`), reads the same options through `readBriefingOptions`, and adds `to`
    /// (recipients, else `[email] to`).
    static func readProfiles(
        _ reader: inout TableReader, into configuration: inout BriefingConfiguration, folder: URL, path: String
    ) throws(ConfigurationError) {
        var table = try reader.table("profiles")
        // The option log records one profile's options under profiles.NAME.
        let names = table.remainingKeys.isEmpty && table.logging ? ["NAME"] : table.remainingKeys
        for name in names {
            guard isValidName(name) else {
                throw table.fail(name, "profile name: use letters, digits, - and _ only (it names files)")
            }
            var profileTable = try table.table(name)
            var profile = configuration
            profile.profile = name
            profile.profiles = []
            profile.warnings = []
            try readBriefingOptions(&profileTable, into: &profile, folder: folder, path: path)
            profile.email.to = try profileTable.singleLineStrings("to") ?? configuration.email.to
            if profile.retention > 0, profile.maxItemAge > 0, profile.retention < profile.maxItemAge {
                throw profileTable.fail(
                    "max_item_age",
                    "\(DurationText.describe(profile.maxItemAge)) is longer than state.keep (\(DurationText.describe(profile.retention))); keep the state at least as long"
                )
            }
            try profileTable.finish()
            if table.logging { continue }
            configuration.profiles.append(profile)
        }
        try table.finish()
    }
}
