import BriefingCore
import FeedParsing
import Foundation

/// `briefing feeds import` and `export`: move feed lists in and out as OPML.
public enum FeedListEditing {
    /// What an import added.
    public struct ImportSummary: Sendable, Hashable {
        /// Feeds added.
        public var added: Int
        /// The added feeds that are local files (`file:` URLs), which the user may want to know of.
        public var localFiles: [String]
    }

    /// Merges the feeds of the OPML file at `source` into the list at `target` (created if
    /// missing), group by group, skipping feeds already there. Writes `target` atomically.
    ///
    /// Feeds must be http or https URLs or local files; a list naming anything else (`gopher:`,
    /// `ftp:`, `javascript:`) is refused whole, naming the feed, and nothing is written.
    public static func importList(from source: String, into target: String) throws(PipelineError) -> ImportSummary {
        let incoming = try read(source)
        for feed in incoming.sources where !LinkPolicy.isWebURL(feed.location) && !isLocalFile(feed.location) {
            throw PipelineError(
                input: source,
                message:
                    "feed \"\(feed.displayName)\" is at \(feed.location): only http, https and local files can be imported; nothing was imported"
            )
        }
        var list: FeedList
        if FileManager.default.fileExists(atPath: target) {
            list = try read(target)
        } else {
            list = FeedList(title: incoming.title ?? "Feeds", groups: [])
        }
        var known = Set(list.sources.map(\.location))
        var added = 0
        var localFiles: [String] = []
        for group in incoming.groups {
            let fresh = group.feeds.filter { known.insert($0.location).inserted }
            guard !fresh.isEmpty else { continue }
            added += fresh.count
            localFiles += fresh.map(\.location).filter(isLocalFile)
            if let index = list.groups.firstIndex(where: { $0.name == group.name }) {
                list.groups[index].feeds.append(contentsOf: fresh)
            } else {
                list.groups.append(FeedGroup(name: group.name, feeds: fresh))
            }
        }
        try AtomicFile.write(OPML.write(list), to: target)
        return ImportSummary(added: added, localFiles: localFiles)
    }

    /// A `file:` URL, the form a local path in an OPML file takes once resolved.
    private static func isLocalFile(_ location: String) -> Bool {
        location.lowercased().hasPrefix("file:")
    }

    /// Every configured list as one OPML document.
    public static func export(_ locations: [String]) throws(PipelineError) -> String {
        var merged = FeedList(title: "briefing feeds", groups: [])
        for location in locations {
            let list = try read(location)
            for group in list.groups {
                if let index = merged.groups.firstIndex(where: { $0.name == group.name }) {
                    merged.groups[index].feeds.append(contentsOf: group.feeds)
                } else {
                    merged.groups.append(group)
                }
            }
        }
        return OPML.write(merged)
    }

    static func read(_ path: String) throws(PipelineError) -> FeedList {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot read the file" : "no such file"
            throw PipelineError(input: path, message: reason)
        }
        do {
            return try OPML.read(data, baseURL: URL(fileURLWithPath: path).absoluteString)
        } catch {
            throw PipelineError(input: path, cause: .parse(error))
        }
    }
}
