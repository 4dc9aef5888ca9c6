import BriefingCore
import FeedParsing
import Fetching
import Foundation

/// `briefing feeds add`, `list` and `remove`: one feed at a time.
extension FeedListEditing {
    /// One feed of a list, for `feeds list`.
    public struct Entry: Sendable, Hashable {
        /// The list file.
        public var list: String
        public var section: String
        public var title: String?
        public var url: String
    }

    /// What `add` did.
    public struct Addition: Sendable, Hashable {
        public var list: String
        public var section: String
        /// Feeds added, with what discovery learnt of each.
        public var added: [FeedDiscovery.Found]
        /// Feeds the list already had (anywhere in it), which were left as they were.
        public var present: [FeedDiscovery.Found]
        /// Advertised candidates that are not feeds or could not be fetched.
        public var rejected: [FeedDiscovery.Rejected]
    }

    /// Discovers the feeds behind `address` and adds them to the list at `target` (created if
    /// missing) in group `section`, by default the list's first group, or "Feeds" in an empty
    /// list. With several feeds found, adds none unless `all` is set: the error lists them.
    public static func add(
        _ address: String, section: String?, all: Bool, into target: String,
        fetch: FetchConfiguration = FetchConfiguration()
    ) async throws(PipelineError) -> Addition {
        var list =
            FileManager.default.fileExists(atPath: target) ? try read(target) : FeedList(title: "Feeds", groups: [])
        let outcome = try await FeedDiscovery(fetcher: Fetcher(configuration: fetch)).discover(address)
        let skipped = outcome.rejected.map { "\n  skipped \($0.url): \($0.reason)" }.joined()
        guard !outcome.feeds.isEmpty else {
            let paths = FeedDiscovery.usualPaths.joined(separator: ", ")
            throw PipelineError(
                input: address,
                cause: .selfContained(
                    "no feed found: \(address) is not a feed, and neither the feeds it advertises nor \(paths) on its host are\(skipped)"
                ))
        }
        guard outcome.feeds.count == 1 || all else {
            let lines = outcome.feeds.map { "\n  \($0.url)  \(describe($0))" }.joined()
            throw PipelineError(
                input: address,
                cause: .selfContained(
                    "\(address): \(outcome.feeds.count) feeds found; nothing was added; use --all or give one of these URLs:\(lines)\(skipped)"
                ))
        }
        let group = section ?? list.groups.first?.name ?? "Feeds"
        let known = Set(list.sources.map { key($0.location) })
        var addition = Addition(list: target, section: group, added: [], present: [], rejected: outcome.rejected)
        for feed in outcome.feeds {
            if known.contains(key(feed.url)) || addition.added.contains(where: { key($0.url) == key(feed.url) }) {
                addition.present.append(feed)
            } else {
                addition.added.append(feed)
            }
        }
        guard !addition.added.isEmpty else { return addition }
        let sources = addition.added.map { FeedSource(location: $0.url, title: $0.title, group: group) }
        if let index = list.groups.firstIndex(where: { $0.name == group }) {
            list.groups[index].feeds.append(contentsOf: sources)
        } else {
            list.groups.append(FeedGroup(name: group, feeds: sources))
        }
        try AtomicFile.write(OPML.write(list), to: target)
        return addition
    }

    /// "Harbour Post (RSS 2.0, 12 items)".
    public static func describe(_ feed: FeedDiscovery.Found) -> String {
        "\(feed.title ?? "(untitled)") (\(details(feed)))"
    }

    /// "RSS 2.0, 12 items".
    public static func details(_ feed: FeedDiscovery.Found) -> String {
        "\(feed.format.name), \(feed.items) item\(feed.items == 1 ? "" : "s")"
    }

    /// Every feed of the lists at `locations`, list by list, in list order.
    public static func entries(_ locations: [String]) throws(PipelineError) -> [Entry] {
        var entries: [Entry] = []
        for location in locations {
            for group in try read(location).groups {
                entries += group.feeds.map {
                    Entry(list: location, section: group.name, title: $0.title, url: $0.location)
                }
            }
        }
        return entries
    }

    /// The entries as aligned columns: section, title, URL.
    public static func table(_ entries: [Entry]) -> String {
        let sectionWidth = entries.map(\.section.count).max() ?? 0
        let titleWidth = entries.map { ($0.title ?? "").count }.max() ?? 0
        return entries.map { entry in
            let title = entry.title ?? ""
            return entry.section + String(repeating: " ", count: sectionWidth - entry.section.count) + "  " + title
                + String(repeating: " ", count: titleWidth - title.count) + "  " + entry.url
        }.joined(separator: "\n")
    }

    /// One JSON object per entry: list, section, title, url.
    public static func json(_ entry: Entry) -> String {
        JSONValue.object([
            ("list", .string(entry.list)), ("section", .string(entry.section)), ("title", JSONValue(entry.title)),
            ("url", .string(entry.url)),
        ]).text
    }

    /// Removes the feed whose URL is `query` (every copy of it, from every list that has it), or
    /// else the one feed whose title is `query` (compared without regard to case). A title that
    /// several feeds have removes none: the error lists them. Returns what was removed.
    public static func remove(_ query: String, from locations: [String]) throws(PipelineError) -> [Entry] {
        let all = try entries(locations)
        var matches = all.filter { key($0.url) == key(query) }
        if matches.isEmpty {
            matches = all.filter { $0.title?.caseInsensitiveCompare(query) == .orderedSame }
            if matches.count > 1 {
                let lines = matches.map { "\n  \($0.url)  \($0.section) in \($0.list)" }.joined()
                throw PipelineError(
                    input: query,
                    message:
                        "\(matches.count) feeds have this title; nothing was removed; give one of these URLs:\(lines)")
            }
        }
        guard !matches.isEmpty else {
            throw PipelineError(input: query, message: "no feed in the configured lists has this URL or title")
        }
        for location in Set(matches.map(\.list)).sorted() {
            var list = try read(location)
            let urls = Set(matches.filter { $0.list == location }.map { key($0.url) })
            for index in list.groups.indices {
                list.groups[index].feeds.removeAll { urls.contains(key($0.location)) }
            }
            list.groups.removeAll { $0.feeds.isEmpty }
            try AtomicFile.write(OPML.write(list), to: location)
        }
        return matches
    }

    /// A URL as compared for duplicates: as the link policy writes it (lowercase scheme,
    /// spaces encoded), the host lowercased.
    private static func key(_ url: String) -> String {
        let normalized = LinkPolicy.webURL(url) ?? url
        guard var components = URLComponents(string: normalized), let host = components.host else { return normalized }
        components.host = host.lowercased()
        return components.string ?? normalized
    }
}
