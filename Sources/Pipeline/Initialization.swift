import BriefingCore
import FeedParsing
import Foundation

/// `briefing init`: a newcomer's configuration and feed list, written where `run` looks.
public enum Initialization {
    /// What `write` made.
    public struct Outcome: Sendable, Hashable {
        /// The configuration file written.
        public var configuration: String
        /// The feed list written beside it.
        public var feedList: String
        /// Feeds in the feed list.
        public var feeds: Int
    }

    /// The feed list `write` makes when no feeds are given: valid OPML with no feeds, and a
    /// comment saying how to add some.
    public static let emptyFeedList = """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Your feeds. Add one from a site's address with
               briefing feeds add https://example.com/
             or those of another reader's OPML export with
               briefing feeds import FILE.opml
             Outline groups become the briefing's sections. -->
        <opml version="2.0">
          <head>
            <title>My feeds</title>
          </head>
          <body>
          </body>
        </opml>

        """

    /// Writes the reference configuration to `configuration` and the feed list it names
    /// (`feeds.opml`) beside it, creating the folder. Each of `feeds` is an http(s) feed URL,
    /// added as it is, or an OPML file whose feeds are merged in.
    ///
    /// Never overwrites: when either file exists, nothing is written and the error names it.
    /// Each file is written atomically; when a feed list cannot be read, nothing is left behind.
    public static func write(configuration: String, feeds: [String]) throws(PipelineError) -> Outcome {
        let folder = URL(fileURLWithPath: configuration).deletingLastPathComponent()
        let feedList = folder.appendingPathComponent(ReferenceConfiguration.feedList).path
        for path in [configuration, feedList] where FileManager.default.fileExists(atPath: path) {
            throw PipelineError(
                input: path, message: "already exists; nothing was written (edit it, or move it away first)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw PipelineError(input: folder.path, message: "cannot make the folder: \(error.localizedDescription)")
        }
        var seen: Set<String> = []
        let urls = feeds.filter { LinkPolicy.isWebURL($0) && seen.insert($0).inserted }
        var count = urls.count
        do throws(PipelineError) {
            if urls.isEmpty {
                try AtomicFile.write(emptyFeedList, to: feedList)
            } else {
                let sources = urls.map { FeedSource(location: $0, group: "Feeds") }
                try AtomicFile.write(
                    OPML.write(FeedList(title: "My feeds", groups: [FeedGroup(name: "Feeds", feeds: sources)])),
                    to: feedList)
            }
            for file in feeds where !LinkPolicy.isWebURL(file) {
                count += try FeedListEditing.importList(from: file, into: feedList).added
            }
            try AtomicFile.write(ReferenceConfiguration.text, to: configuration)
        } catch {
            unlink(feedList)
            throw error
        }
        return Outcome(configuration: configuration, feedList: feedList, feeds: count)
    }
}
