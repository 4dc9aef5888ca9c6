import BriefingCore
import Foundation
import Rendering

/// The archive an `--output DIR/` keeps beside each day's files: `index.html`, a page linking to
/// every past briefing's HTML file, newest first, and `briefings.atom`, an Atom feed (RFC 4287)
/// of the most recent ``feedLimit`` briefings, each with its HTML as content.
///
/// The list of briefings is kept in `archive.json` in DIR (the manifest), not derived from the
/// state: the archive belongs to the directory it is published from, whatever state directory
/// or profile wrote to it, and it outlives the state's retention (`[state] keep` deletes old
/// briefings; the archive keeps listing them). Each entry is keyed by profile, edition and day:
/// adding a briefing of the same key replaces the entry (a second run of the day, `--force`),
/// so no day appears twice.
///
/// Every file is written with ``AtomicFile``: a reader sees the old archive or the new one. The
/// manifest goes first; the page and the feed are made from it, so a run killed between them
/// leaves files the next run makes again. An unreadable manifest stops the run with an error
/// naming it, rather than starting a new archive over the old one.
public struct BriefingArchive: Sendable {
    public static let manifestName = "archive.json"
    public static let indexName = "index.html"
    public static let feedName = "briefings.atom"
    /// The feed holds the 50 most recent briefings (the page lists all of them); older entries
    /// keep no content in the manifest.
    public static let feedLimit = 50

    /// The output directory.
    public var directory: String
    /// The archive's title, for the page and the feed.
    public var title: String

    public init(directory: String, title: String) {
        self.directory = directory
        self.title = title
    }

    /// One briefing in the archive.
    public struct Entry: Codable, Sendable, Hashable {
        /// The profile that made it, when there are several.
        public var profile: String?
        /// The edition, when a day has several.
        public var edition: String?
        /// The briefing's day, `YYYY-MM-DD`.
        public var day: String
        /// The heading, as the briefing shows it.
        public var title: String
        /// The briefing's HTML file, in the output directory.
        public var file: String
        /// When the briefing was made.
        public var published: Date
        /// When the entry last changed (its briefing was made again with other content).
        public var updated: Date
        public var stories: Int
        /// The counts line (`23 stories from 4 feeds`), the entry's summary.
        public var counts: String
        /// The briefing as an HTML fragment; kept for the ``BriefingArchive/feedLimit`` most recent.
        public var content: String?

        /// The entry's Atom id, a `urn:uuid:` derived from profile, edition and day alone, so
        /// that a briefing made again (another run, `--force`) keeps its id.
        public var id: String { BriefingArchive.uuid("entry\u{1F}\(profile ?? "")\u{1F}\(edition ?? "")\u{1F}\(day)") }

        var key: [String] { [profile ?? "", edition ?? "", day] }
    }

    /// What `archive.json` holds.
    struct Manifest: Codable {
        var version = 1
        /// The feed's Atom id, chosen at random when the archive is started.
        var feedID: String
        /// Newest first.
        var entries: [Entry]
    }

    /// Adds a briefing to the archive, replacing the entry of the same profile, edition and day,
    /// and rewrites the manifest, the page and the feed. Returns the three paths.
    ///
    /// - Parameters:
    ///   - briefing: the briefing as its files were rendered (``BriefingRenderer/renditions(_:)``):
    ///     the entry takes its heading, counts and HTML fragment, not a rendering of its own.
    ///   - day: the briefing's day (`YYYY-MM-DD`).
    ///   - profile: the profile's name, when there are profiles.
    ///   - edition: the edition's name, when a day has several.
    ///   - file: the name of the briefing's HTML file in the directory.
    ///   - now: the run's clock, for the entry's `updated`.
    @discardableResult
    public func add(
        _ briefing: BriefingRenditions, day: String, profile: String? = nil, edition: String? = nil, file: String,
        now: Date
    ) throws(PipelineError) -> [String] {
        var manifest = try readManifest()
        var heading = briefing.heading
        if let edition, !edition.isEmpty { heading += " (\(edition))" }
        var entry = Entry(
            profile: profile, edition: edition, day: day, title: heading, file: file, published: briefing.date,
            updated: now, stories: briefing.stories, counts: briefing.countLine, content: briefing.htmlFragment)
        if let old = manifest.entries.first(where: { $0.key == entry.key }),
            old.content == entry.content, old.title == entry.title, old.file == entry.file
        {
            // The same briefing shown again: nothing changed, and readers are not told it did.
            entry.updated = old.updated
            entry.published = old.published
        }
        manifest.entries.removeAll { $0.key == entry.key }
        manifest.entries.append(entry)
        manifest.entries.sort { a, b in
            a.published != b.published ? a.published > b.published : a.key.lexicographicallyPrecedes(b.key)
        }
        for index in manifest.entries.indices.dropFirst(Self.feedLimit) { manifest.entries[index].content = nil }

        let paths = [Self.manifestName, Self.indexName, Self.feedName].map {
            (directory as NSString).appendingPathComponent($0)
        }
        let data: Data
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            encoder.dateEncodingStrategy = .secondsSince1970
            data = try encoder.encode(manifest)
        } catch {
            throw PipelineError(input: paths[0], message: "cannot encode the archive: \(error)")
        }
        try AtomicFile.write(String(decoding: data, as: UTF8.self) + "\n", to: paths[0])
        try AtomicFile.write(index(manifest), to: paths[1])
        try AtomicFile.write(feed(manifest), to: paths[2])
        return paths
    }

    /// The manifest in the directory, or a new one when there is none.
    func readManifest() throws(PipelineError) -> Manifest {
        let path = (directory as NSString).appendingPathComponent(Self.manifestName)
        guard FileManager.default.fileExists(atPath: path) else {
            return Manifest(feedID: "urn:uuid:" + UUID().uuidString.lowercased(), entries: [])
        }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let decoder = JSONDecoder()
            decoder.dateDecodingStrategy = .secondsSince1970
            return try decoder.decode(Manifest.self, from: data)
        } catch {
            throw PipelineError(
                input: path,
                message:
                    "cannot read the archive's list of briefings (\(error)); move the file away to start a new archive")
        }
    }

    // MARK: The page

    /// `index.html`: every briefing, newest first, linking to its file.
    func index(_ manifest: Manifest) -> String {
        let name = Self.text(title)
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
            <title>\(Self.escape(name)) — archive</title>
            <link rel="alternate" type="application/atom+xml" title="\(Self.escape(name))" href="\(Self.feedName)">
            </head>
            <body style="margin:0;padding:24px;background:#f6f6f3;font-family:Georgia,'Times New Roman',serif;color:#1d1d1b;">
            <div style="max-width:680px;margin:0 auto;background:#ffffff;padding:28px 32px;">
            <h1 style="font-size:26px;margin:0 0 4px 0;">\(Self.escape(name))</h1>
            <p style="font-family:Helvetica,Arial,sans-serif;font-size:13px;color:#6b6b66;">Past briefings, newest first. Subscribe: <a href="\(Self.feedName)">\(Self.feedName)</a> (the \(Self.feedLimit) most recent).</p>
            <ul style="font-size:16px;line-height:1.6;">

            """
        for entry in manifest.entries {
            var meta = entry.counts
            if let profile = entry.profile { meta = Self.text(profile) + " · " + meta }
            html +=
                "<li><a href=\"\(Self.escape(Self.fileReference(entry.file)))\">\(Self.escape(Self.text(entry.title)))</a> <span style=\"font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#6b6b66;\">\(Self.escape(meta))</span></li>\n"
        }
        if manifest.entries.isEmpty { html += "<li>No briefings yet.</li>\n" }
        html += "</ul>\n</div></body></html>\n"
        return html
    }

    // MARK: The feed

    /// `briefings.atom`: the ``feedLimit`` most recent briefings, each with its HTML as escaped
    /// `type="html"` content. Links are relative to the feed's own address (the directory).
    func feed(_ manifest: Manifest) -> String {
        let entries = manifest.entries.prefix(Self.feedLimit)
        let updated = entries.map(\.updated).max() ?? Date(timeIntervalSince1970: 0)
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
            <id>\(Self.escape(manifest.feedID))</id>
            <title>\(Self.escape(Self.text(title)))</title>
            <updated>\(Self.timestamp(updated))</updated>
            <author><name>briefing</name></author>
            <generator version="\(Self.escape(BriefingVersion.current))">briefing</generator>
            <link rel="self" type="application/atom+xml" href="\(Self.feedName)"/>
            <link rel="alternate" type="text/html" href="\(Self.indexName)"/>

            """
        for entry in entries {
            xml += """
                <entry>
                <id>\(entry.id)</id>
                <title>\(Self.escape(Self.text(entry.title)))</title>
                <published>\(Self.timestamp(entry.published))</published>
                <updated>\(Self.timestamp(entry.updated))</updated>
                <link rel="alternate" type="text/html" href="\(Self.escape(Self.fileReference(entry.file)))"/>
                <summary>\(Self.escape(entry.counts))</summary>
                <content type="html">\(Self.escape(entry.content ?? ""))</content>
                </entry>

                """
        }
        xml += "</feed>\n"
        return xml
    }

    // MARK: Helpers

    /// A `urn:uuid:` from `name`: 128 bits of two FNV-1a hashes, marked as a version 8 (custom)
    /// UUID of the RFC 9562 variant. Stable across runs and machines.
    static func uuid(_ name: String) -> String {
        let high = StableHash.fnv1a64("briefing archive 0\u{1F}" + name)
        let low = StableHash.fnv1a64("briefing archive 1\u{1F}" + name)
        var bytes =
            (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return "urn:uuid:" + parts.joined(separator: "-")
    }

    /// RFC 3339 in UTC, as Atom wants it.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// A file name as a relative reference: every byte that is not unreserved (RFC 3986)
    /// percent-encoded, so that no name can become another scheme, path or attribute.
    static func fileReference(_ name: String) -> String {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        var result = ""
        for byte in name.utf8 {
            if unreserved.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += String(format: "%%%02X", byte)
            }
        }
        // "." and ".." alone would name directories.
        return result == "." || result == ".." ? "./" + result.replacingOccurrences(of: ".", with: "%2E") : result
    }

    /// Configuration and feed text made one line: controls become spaces, bidirectional
    /// controls go (as ``LinkPolicy`` and the renderers treat them).
    static func text(_ value: String) -> String {
        let scalars = value.unicodeScalars.filter { !BidiControls.contains($0) }.map {
            $0.value < 0x20 || (0x7F...0x9F).contains($0.value) ? " " : $0
        }
        return String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
    }

    /// Escaped for XML and HTML text and attributes (``MarkupEscaping``: by scalar, and what
    /// XML 1.0 does not allow replaced).
    static func escape(_ text: String) -> String { MarkupEscaping.escape(text) }
}
