import BriefingCore
import Foundation

/// The run state, in SQLite (a state directory, the default) or PostgreSQL (`StateLocation`): feeds' validators and error counts, the items each fetched feed
/// carried, every item each profile was shown and the briefing it appeared in, and the
/// briefings made (by profile, day and edition) with their delivery status.
///
/// SQLite is opened in WAL mode, its schema versioned by `PRAGMA user_version`; PostgreSQL keeps
/// the version in `schema_version`; either is migrated on open.
/// A run is two halves, each one transaction: the refresh (`store(_:)`: feeds' outcomes and
/// their items, for every profile) and, per profile, the briefing (`commit(_:)`: the briefing
/// and the items it showed), which composes from `seenItems` and `unseenStoredItems`. A run
/// killed at any point leaves the state of the last completed transaction, and stored items
/// not yet shown are composed by the next run. With `keep` set, the refresh also deletes what
/// the history no longer needs, so that the state stays the same size over years, and each run
/// reads only the items it fetched and those it has not shown.
public final class StateStore {
    /// The database file inside the state directory.
    public static let fileName = "state.db"

    let database: any SQLConnection
    /// Where the state is: the state directory, or (PostgreSQL) the database URL without any
    /// password; what errors about the state name.
    public let directory: String
    public let location: StateLocation
    /// The schema version the state had when it was opened, before migrating (`briefing state
    /// migrate` reports it); 0 for a state made by this open.
    public private(set) var versionAtOpen = 0

    /// Opens (creating if needed) the state in `directory`.
    ///
    /// - Parameter readOnly: for `--dry-run`; a missing state then reads as empty.
    public convenience init(directory: String, readOnly: Bool = false) throws(StateError) {
        try self.init(location: .directory(directory), readOnly: readOnly)
    }

    /// Opens the state at `location`: a directory holding `state.db` (made if needed), or a
    /// PostgreSQL database, migrated to this program's schema on open.
    ///
    /// - Parameter readOnly: for `--dry-run`; a missing SQLite state then reads as empty, and a
    ///   PostgreSQL connection refuses writes (`default_transaction_read_only`).
    public init(location: StateLocation, readOnly: Bool = false) throws(StateError) {
        self.location = location
        self.directory = location.description
        switch location {
        case .postgres(let url, let password):
            let connection = try PostgresDatabase(url: url, password: password, readOnly: readOnly)
            database = connection
            versionAtOpen = try Self.migrate(connection, readOnly: readOnly)
        case .directory(let directory):
            let path = (directory as NSString).appendingPathComponent(Self.fileName)
            if readOnly && !FileManager.default.fileExists(atPath: path) {
                database = try Database(path: ":memory:")
                try Self.migrate(database)
                return
            }
            if !readOnly {
                try Self.makeDirectory(directory)
            }
            let file = try Database(path: path, readOnly: readOnly)
            database = file
            if !readOnly {
                var version = 0
                try Self.retryingWhileBusy { () throws(StateError) in
                    // Before anything writes the header: a new file is made with incremental vacuum.
                    try file.execute("PRAGMA auto_vacuum = INCREMENTAL")
                    try file.execute("PRAGMA journal_mode = WAL")
                    try file.execute("PRAGMA synchronous = NORMAL")
                    try file.execute("PRAGMA foreign_keys = ON")
                    version = try Self.migrate(file)
                    try Self.enableIncrementalVacuum(file)
                }
                versionAtOpen = version
            }
        }
    }

    /// Runs the set-up of an opened state again while SQLite answers "database is locked".
    ///
    /// Several processes opening one new state at once (refresh workers started together)
    /// contend for it: switching to WAL needs the file to itself, and SQLite returns
    /// SQLITE_BUSY at once, without the busy timeout, where waiting could deadlock. Every step
    /// is idempotent (the pragmas, and `migrate`, which rereads the version under the write
    /// lock), so the whole set-up is simply tried again, for up to about 30 seconds.
    private static func retryingWhileBusy(_ body: () throws(StateError) -> Void) throws(StateError) {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch {
                attempt += 1
                guard attempt < 300, error.message.hasPrefix("database is locked") else { throw error }
                usleep(UInt32(50_000 + Int.random(in: 0..<50_000)))
            }
        }
    }

    /// Lets the file shrink when retention deletes rows.
    ///
    /// Deleted rows leave free pages that SQLite reuses, so a state under retention stops
    /// growing either way; but a file grown over years of keeping everything would stay at its
    /// largest forever. So the file is in `auto_vacuum = INCREMENTAL` mode, and every commit
    /// that deletes rows ends with `PRAGMA incremental_vacuum`, which hands the free pages back
    /// to the file system (cheap: it moves only pages at the end of the file).
    ///
    /// New files get the mode before their first table (set first thing in `init`). A file
    /// made before it needs one `VACUUM` to change mode: it rewrites the whole file once,
    /// needs as much free disk again while it runs, and cannot run inside a transaction. It is
    /// done here, after the migrations, whenever the file still reads `auto_vacuum = 0`: a
    /// VACUUM killed halfway leaves the file as it was (VACUUM is atomic), and the next open
    /// simply does it again. It is best effort: on a disk too full for the copy the run goes
    /// on with the file as it is (retention still stops its growth) and the next open tries
    /// again. Running `VACUUM` on every run instead would rewrite the whole state daily.
    private static func enableIncrementalVacuum(_ database: Database) throws(StateError) {
        guard try database.query("PRAGMA auto_vacuum").first?.first?.int == 0 else { return }
        try database.execute("PRAGMA auto_vacuum = INCREMENTAL")
        try? database.execute("VACUUM")
    }

    private static func makeDirectory(_ directory: String) throws(StateError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw StateError(path: directory, message: "not a directory") }
            return
        }
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw StateError(path: directory, message: "cannot create the state directory")
        }
    }

    /// Schema versions, applied in order; each runs in its own transaction. Version N is the
    /// same schema on both back ends (SQLite's `user_version`, PostgreSQL's `schema_version`),
    /// so that a state exported at version N imports into either. On PostgreSQL, stored items'
    /// ids sort by code point (`COLLATE "C"`) as SQLite sorts them, whatever the database's
    /// locale, so that a briefing lists its items in the same order on both.
    static let migrations: [Migration] = [
        Migration(sqlite: """
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_success REAL,
            last_attempt REAL,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE TABLE briefings (
            id INTEGER PRIMARY KEY,
            day TEXT NOT NULL,
            created_at REAL NOT NULL,
            payload TEXT NOT NULL,
            files TEXT NOT NULL DEFAULT '',
            delivery TEXT NOT NULL DEFAULT 'none',
            delivery_error TEXT
        );
        CREATE INDEX briefings_day ON briefings(day);
        CREATE TABLE items (
            feed TEXT NOT NULL,
            item_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen REAL NOT NULL,
            briefing_id INTEGER REFERENCES briefings(id) ON DELETE SET NULL,
            PRIMARY KEY (feed, item_id)
        );
        """, postgres: """
        CREATE TABLE feeds (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            last_success DOUBLE PRECISION,
            last_attempt DOUBLE PRECISION,
            error_count INTEGER NOT NULL DEFAULT 0,
            last_error TEXT
        );
        CREATE TABLE briefings (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            day TEXT NOT NULL,
            created_at DOUBLE PRECISION NOT NULL,
            payload TEXT NOT NULL,
            files TEXT NOT NULL DEFAULT '',
            delivery TEXT NOT NULL DEFAULT 'none',
            delivery_error TEXT
        );
        CREATE INDEX briefings_day ON briefings(day);
        CREATE TABLE items (
            feed TEXT NOT NULL,
            item_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen DOUBLE PRECISION NOT NULL,
            briefing_id BIGINT REFERENCES briefings(id) ON DELETE SET NULL,
            PRIMARY KEY (feed, item_id)
        );
        """),
        // Retention: old items of a feed are found by age without reading the feed's whole
        // history, and a deleted briefing's items (ON DELETE SET NULL, and the items `--force`
        // frees) are found without scanning every item.
        Migration(sqlite: """
        CREATE INDEX IF NOT EXISTS items_feed_first_seen ON items(feed, first_seen);
        CREATE INDEX IF NOT EXISTS items_briefing ON items(briefing_id);
        """, postgres: """
        CREATE INDEX IF NOT EXISTS items_feed_first_seen ON items(feed, first_seen);
        CREATE INDEX IF NOT EXISTS items_briefing ON items(briefing_id);
        """),
        // Profiles and editions: what was shown is kept per profile (the rows of before belong
        // to the implicit profile, ''), briefings name their profile and edition, and each
        // fetched feed's items are stored, so that a profile composes its briefing from them
        // even when the feed answers 304 because another profile's run fetched it first.
        Migration(sqlite: """
        CREATE TABLE seen_items (
            feed TEXT NOT NULL,
            item_id TEXT NOT NULL,
            profile TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            first_seen REAL NOT NULL,
            briefing_id INTEGER REFERENCES briefings(id) ON DELETE SET NULL,
            PRIMARY KEY (feed, item_id, profile)
        );
        INSERT INTO seen_items (feed, item_id, profile, content_hash, first_seen, briefing_id)
            SELECT feed, item_id, '', content_hash, first_seen, briefing_id FROM items;
        DROP TABLE items;
        ALTER TABLE seen_items RENAME TO items;
        CREATE INDEX items_feed_first_seen ON items(feed, first_seen);
        CREATE INDEX items_briefing ON items(briefing_id);
        ALTER TABLE briefings ADD COLUMN profile TEXT NOT NULL DEFAULT '';
        ALTER TABLE briefings ADD COLUMN edition TEXT NOT NULL DEFAULT '';
        CREATE INDEX briefings_profile_day ON briefings(profile, day);
        CREATE TABLE stored_items (
            feed TEXT NOT NULL,
            item_id TEXT NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen REAL NOT NULL,
            feed_title TEXT,
            title TEXT,
            link TEXT,
            published REAL,
            updated REAL,
            author TEXT,
            summary_text TEXT,
            content_text TEXT,
            PRIMARY KEY (feed, item_id)
        );
        CREATE INDEX stored_items_feed_first_seen ON stored_items(feed, first_seen);
        """, postgres: """
        CREATE TABLE seen_items (
            feed TEXT NOT NULL,
            item_id TEXT NOT NULL,
            profile TEXT NOT NULL DEFAULT '',
            content_hash TEXT NOT NULL,
            first_seen DOUBLE PRECISION NOT NULL,
            briefing_id BIGINT REFERENCES briefings(id) ON DELETE SET NULL,
            CONSTRAINT seen_items_pkey PRIMARY KEY (feed, item_id, profile)
        );
        INSERT INTO seen_items (feed, item_id, profile, content_hash, first_seen, briefing_id)
            SELECT feed, item_id, '', content_hash, first_seen, briefing_id FROM items;
        DROP TABLE items;
        ALTER TABLE seen_items RENAME TO items;
        ALTER TABLE items RENAME CONSTRAINT seen_items_pkey TO items_pkey;
        CREATE INDEX items_feed_first_seen ON items(feed, first_seen);
        CREATE INDEX items_briefing ON items(briefing_id);
        ALTER TABLE briefings ADD COLUMN profile TEXT NOT NULL DEFAULT '';
        ALTER TABLE briefings ADD COLUMN edition TEXT NOT NULL DEFAULT '';
        CREATE INDEX briefings_profile_day ON briefings(profile, day);
        CREATE TABLE stored_items (
            feed TEXT NOT NULL,
            item_id TEXT COLLATE "C" NOT NULL,
            content_hash TEXT NOT NULL,
            first_seen DOUBLE PRECISION NOT NULL,
            feed_title TEXT,
            title TEXT,
            link TEXT,
            published DOUBLE PRECISION,
            updated DOUBLE PRECISION,
            author TEXT,
            summary_text TEXT,
            content_text TEXT,
            PRIMARY KEY (feed, item_id)
        );
        CREATE INDEX stored_items_feed_first_seen ON stored_items(feed, first_seen);
        """),
        // A stored item's categories, so that a `category:` filter rule judges an item composed
        // from the store (after a 304, or for another profile) as it judges one just fetched.
        // One string, the categories joined by U+001F (which no category holds: controls are
        // removed from feed text).
        Migration(sqlite: """
        ALTER TABLE stored_items ADD COLUMN categories TEXT NOT NULL DEFAULT '';
        """, postgres: """
        ALTER TABLE stored_items ADD COLUMN categories TEXT NOT NULL DEFAULT '';
        """),
        // Refresh workers (issue 19): each feed's host, when it is next due, and the lease of the
        // worker refreshing it; feeds no longer listed stay, inactive, with their history. One
        // row per host and slot bounds the fetches in flight to a host across workers
        // (`FeedLeases.swift`).
        Migration(sqlite: """
        ALTER TABLE feeds ADD COLUMN host TEXT;
        ALTER TABLE feeds ADD COLUMN next_due REAL;
        ALTER TABLE feeds ADD COLUMN leased_by TEXT;
        ALTER TABLE feeds ADD COLUMN leased_until REAL;
        ALTER TABLE feeds ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE feeds ADD COLUMN spread INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX feeds_due ON feeds(active, next_due);
        CREATE TABLE host_slots (
            host TEXT NOT NULL,
            slot INTEGER NOT NULL,
            holder TEXT,
            held_until REAL,
            PRIMARY KEY (host, slot)
        );
        """, postgres: """
        ALTER TABLE feeds ADD COLUMN host TEXT;
        ALTER TABLE feeds ADD COLUMN next_due DOUBLE PRECISION;
        ALTER TABLE feeds ADD COLUMN leased_by TEXT;
        ALTER TABLE feeds ADD COLUMN leased_until DOUBLE PRECISION;
        ALTER TABLE feeds ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE feeds ADD COLUMN spread INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX feeds_due ON feeds(active, next_due);
        CREATE TABLE host_slots (
            host TEXT NOT NULL,
            slot INTEGER NOT NULL,
            holder TEXT,
            held_until DOUBLE PRECISION,
            PRIMARY KEY (host, slot)
        );
        """),
        // Compose: a briefing is recorded once. Its key is the profile, the day, the edition and
        // what it was made from (`made_from`: the feed lists and `--since`, as `Briefing.madeFrom`
        // in the payload, copied out here), so that of two composers racing for the same
        // briefing one records it and the other's insert conflicts and stores nothing. Earlier
        // duplicates of one key (made by `--force` before it replaced, or by runs that raced
        // before the key) fold into the newest, which a run shows again; what the older ones
        // showed stays shown, their items moved to the newest.
        Migration(sqlite: """
        ALTER TABLE briefings ADD COLUMN made_from TEXT NOT NULL DEFAULT '';
        UPDATE briefings SET made_from = coalesce(json_extract(payload, '$.madeFrom'), '')
            WHERE json_valid(payload) AND json_type(payload, '$.madeFrom') = 'text';
        UPDATE items SET briefing_id = (SELECT max(n.id) FROM briefings o JOIN briefings n
                ON n.profile = o.profile AND n.day = o.day AND n.edition = o.edition AND n.made_from = o.made_from
                WHERE o.id = items.briefing_id)
            WHERE briefing_id IS NOT NULL;
        DELETE FROM briefings WHERE id < (SELECT max(n.id) FROM briefings n WHERE n.profile = briefings.profile
            AND n.day = briefings.day AND n.edition = briefings.edition AND n.made_from = briefings.made_from);
        CREATE UNIQUE INDEX briefings_key ON briefings(profile, day, edition, made_from);
        """, postgres: """
        ALTER TABLE briefings ADD COLUMN made_from TEXT NOT NULL DEFAULT '';
        UPDATE briefings SET made_from = CASE WHEN payload LIKE '{%}'
            THEN coalesce(payload::jsonb ->> 'madeFrom', '') ELSE '' END;
        UPDATE items SET briefing_id = (SELECT max(n.id) FROM briefings o JOIN briefings n
                ON n.profile = o.profile AND n.day = o.day AND n.edition = o.edition AND n.made_from = o.made_from
                WHERE o.id = items.briefing_id)
            WHERE briefing_id IS NOT NULL;
        DELETE FROM briefings WHERE id < (SELECT max(n.id) FROM briefings n WHERE n.profile = briefings.profile
            AND n.day = briefings.day AND n.edition = briefings.edition AND n.made_from = briefings.made_from);
        CREATE UNIQUE INDEX briefings_key ON briefings(profile, day, edition, made_from);
        """),
    ]

    /// Brings the schema to the newest version. SQLite keeps the version in `user_version` and
    /// applies each version in its own transaction. PostgreSQL keeps it in `schema_version` and
    /// applies all the versions missing in one transaction under an advisory lock, so that two
    /// processes starting at once do not both migrate (the second waits, then finds nothing to do).
    /// Returns the version before.
    @discardableResult
    static func migrate(_ database: any SQLConnection, readOnly: Bool = false) throws(StateError) -> Int {
        var before: Int64 = 0
        switch database.dialect {
        case .sqlite:
            let version = try database.query("PRAGMA user_version").first?.first?.int ?? 0
            before = version
            try checkKnown(version, in: database)
            for index in Int(version)..<migrations.count {
                try database.transaction { () throws(StateError) in
                    // Read again under the write lock: another process opening the same new state
                    // may have applied this version since.
                    let current = try database.query("PRAGMA user_version").first?.first?.int ?? 0
                    guard current == index else { return }
                    try database.execute(migrations[index].sql(for: database.dialect))
                    try database.execute("PRAGMA user_version = \(index + 1)")
                }
            }
        case .postgres where readOnly:
            let exists = try database.query("SELECT to_regclass('schema_version') IS NOT NULL").first?.first?.int
            let version =
                exists == 1
                ? try database.query("SELECT coalesce(max(version), 0) FROM schema_version").first?.first?.int ?? 0 : 0
            before = version
            try checkKnown(version, in: database)
            guard version == migrations.count else {
                throw StateError(
                    path: database.location,
                    message:
                        "state schema version \(version) is older than this program's (\(migrations.count)) and cannot be migrated read-only: run once without --dry-run"
                )
            }
        case .postgres:
            before = try database.transaction { () throws(StateError) -> Int64 in
                try database.query("SELECT pg_advisory_xact_lock(?)", [.integer(postgresMigrationLock)])
                try database.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                let version =
                    try database.query("SELECT coalesce(max(version), 0) FROM schema_version").first?.first?.int ?? 0
                try checkKnown(version, in: database)
                guard version < migrations.count else { return version }
                for index in Int(version)..<migrations.count {
                    try database.execute(migrations[index].sql(for: database.dialect))
                }
                try database.execute("DELETE FROM schema_version")
                try database.query("INSERT INTO schema_version (version) VALUES (?)", [.integer(Int64(migrations.count))])
                return version
            }
        }
        return Int(before)
    }

    /// The key of the advisory lock PostgreSQL migrations run under ("briefing" in ASCII).
    static let postgresMigrationLock: Int64 = 0x6272_6965_6669_6E67

    private static func checkKnown(_ version: Int64, in database: any SQLConnection) throws(StateError) {
        guard version <= migrations.count else {
            throw StateError(
                path: database.location,
                message: "state schema version \(version) is newer than this program knows (\(migrations.count))")
        }
    }

    /// The schema version of the state (for `briefing state` and tests).
    public func schemaVersion() throws(StateError) -> Int {
        switch database.dialect {
        case .sqlite: return Int(try database.query("PRAGMA user_version").first?.first?.int ?? 0)
        case .postgres:
            return Int(try database.query("SELECT coalesce(max(version), 0) FROM schema_version").first?.first?.int ?? 0)
        }
    }

    // MARK: Reading

    /// What is known of one feed.
    public func feed(_ url: String) throws(StateError) -> FeedState? {
        let rows = try database.query(
            "SELECT etag, last_modified, last_success, last_attempt, error_count, last_error FROM feeds WHERE url = ?",
            [.text(url)])
        guard let row = rows.first else { return nil }
        return FeedState(
            url: url, etag: row[0].string, lastModified: row[1].string,
            lastSuccess: row[2].double.map(Date.init(timeIntervalSince1970:)),
            lastAttempt: row[3].double.map(Date.init(timeIntervalSince1970:)),
            errorCount: Int(row[4].int ?? 0), lastError: row[5].string)
    }

    /// Content hashes of the items among `ids` seen before from `feed`, by item id.
    ///
    /// Only the rows asked for are read (by primary key, in chunks under SQLite's limit on
    /// bound variables), so a run costs what it fetched, however long the history.
    ///
    /// - Parameter excludingBriefings: leave out the items shown in these briefings (for
    ///   `--force`, which makes them again).
    /// - Parameter profile: whose "already shown" state; '' is the implicit profile of a
    ///   configuration without profiles.
    public func seenItems(
        feed: String, ids: some Sequence<String>, profile: String = "", excludingBriefings excluded: [Int64] = []
    ) throws(StateError) -> [String: String] {
        var result: [String: String] = [:]
        let unique = Array(Set(ids))
        for start in stride(from: 0, to: unique.count, by: Self.idsPerLookup) {
            let chunk = unique[start..<min(start + Self.idsPerLookup, unique.count)]
            var values: [SQLValue] = [.text(feed)] + chunk.map(SQLValue.text) + [.text(profile)]
            values += excluded.map(SQLValue.integer)
            let rows = try database.query(
                Self.seenItemsQuery(count: chunk.count, excluding: excluded.count), values)
            for row in rows {
                if let id = row[0].string, let hash = row[1].string { result[id] = hash }
            }
        }
        return result
    }

    /// Ids bound in one lookup; SQLite allows 32,766 variables (999 before 3.32).
    static let idsPerLookup = 500

    static func seenItemsQuery(count: Int, excluding: Int) -> String {
        let marks = Array(repeating: "?", count: count).joined(separator: ", ")
        var sql = "SELECT item_id, content_hash FROM items WHERE feed = ? AND item_id IN (\(marks)) AND profile = ?"
        if excluding > 0 {
            let excluded = Array(repeating: "?", count: excluding).joined(separator: ", ")
            sql += " AND (briefing_id IS NULL OR briefing_id NOT IN (\(excluded)))"
        }
        return sql
    }

    /// The stored items of `feed` that `profile` has not been shown, or has been shown in
    /// another version (then `shownHash` is that version's hash), first seen at `since` or later.
    ///
    /// This is the compose half of a run: a profile's briefing is made from what any run
    /// fetched, so a feed that answers 304 (another profile's run fetched it first) still gives
    /// each profile its items once. Read by index: the feed's items first seen since `since`
    /// (the run passes now minus `max_item_age`: an item first stored before that is too old to
    /// show), each joined by primary key to the profile's record of it.
    ///
    /// - Parameter excludingBriefings: records of these briefings count as not shown (`--force`).
    public func unseenStoredItems(
        feed: String, profile: String = "", since: Date? = nil, excludingBriefings excluded: [Int64] = []
    ) throws(StateError) -> [StoredItem] {
        var values: [SQLValue] = [.text(profile)] + excluded.map(SQLValue.integer)
        values += [.text(feed), .real(since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude)]
        return try database.query(Self.unseenStoredItemsQuery(excluding: excluded.count), values).map {
            Self.storedItem(feed: feed, row: $0)
        }
    }

    /// Every item stored for `feed`, oldest first (for `briefing feeds test`).
    public func storedItems(feed: String) throws(StateError) -> [StoredItem] {
        try database.query(
            """
            SELECT s.item_id, s.content_hash, s.first_seen, s.feed_title, s.title, s.link, s.published, s.updated,
                s.author, s.summary_text, s.content_text, NULL, s.categories
            FROM stored_items s WHERE s.feed = ? ORDER BY s.first_seen, s.item_id
            """, [.text(feed)]
        ).map { Self.storedItem(feed: feed, row: $0) }
    }

    /// A row of the stored-items queries, whose columns are in this order: item_id, content_hash,
    /// first_seen, feed_title, title, link, published, updated, author, summary_text,
    /// content_text, the profile's shown hash, categories.
    private static func storedItem(feed: String, row: [SQLValue]) -> StoredItem {
        let categories = row[12].string ?? ""
        return StoredItem(
            feed: feed,
            item: FeedItem(
                id: row[0].string ?? "", title: row[4].string, link: row[5].string,
                published: row[6].double.map(Date.init(timeIntervalSince1970:)),
                updated: row[7].double.map(Date.init(timeIntervalSince1970:)), author: row[8].string,
                summaryText: row[9].string, contentText: row[10].string,
                categories: categories.isEmpty ? [] : categories.split(separator: "\u{1F}").map(String.init)),
            contentHash: row[1].string ?? "", firstSeen: Date(timeIntervalSince1970: row[2].double ?? 0),
            feedTitle: row[3].string, shownHash: row[11].string)
    }

    static func unseenStoredItemsQuery(excluding: Int) -> String {
        var join = "i.feed = s.feed AND i.item_id = s.item_id AND i.profile = ?"
        if excluding > 0 {
            let marks = Array(repeating: "?", count: excluding).joined(separator: ", ")
            join += " AND (i.briefing_id IS NULL OR i.briefing_id NOT IN (\(marks)))"
        }
        return """
            SELECT s.item_id, s.content_hash, s.first_seen, s.feed_title, s.title, s.link, s.published, s.updated,
                s.author, s.summary_text, s.content_text, i.content_hash, s.categories
            FROM stored_items s LEFT JOIN items i ON \(join)
            WHERE s.feed = ? AND s.first_seen >= ? AND (i.content_hash IS NULL OR i.content_hash != s.content_hash)
            ORDER BY s.first_seen, s.item_id
            """
    }

    /// How many items are stored for `feed` (for tests and `feeds` reports).
    public func storedItemCount(feed: String) throws(StateError) -> Int {
        Int(
            try database.query("SELECT count(*) FROM stored_items WHERE feed = ?", [.text(feed)]).first?.first?.int ?? 0
        )
    }

    /// The newest briefing made on `day` (YYYY-MM-DD), if any.
    public func briefing(day: String) throws(StateError) -> StoredBriefing? {
        try briefings(where: "day = ?", [.text(day)]).last
    }

    /// Briefings whose sending failed or never finished, oldest first.
    public func undelivered() throws(StateError) -> [StoredBriefing] {
        try briefings(where: "delivery IN ('pending', 'failed')", [])
    }

    /// Every briefing made on `day`, oldest first.
    public func briefings(day: String) throws(StateError) -> [StoredBriefing] {
        try briefings(where: "day = ?", [.text(day)])
    }

    /// The briefings of one profile's edition made on `day`, oldest first ('' names the
    /// implicit profile, and the one edition of a configuration without editions).
    public func briefings(day: String, profile: String, edition: String) throws(StateError) -> [StoredBriefing] {
        try briefings(where: "profile = ? AND day = ? AND edition = ?", [.text(profile), .text(day), .text(edition)])
    }

    /// Briefings whose delivery is `delivery`, oldest first.
    public func briefings(delivery: Delivery) throws(StateError) -> [StoredBriefing] {
        try briefings(where: "delivery = ?", [.text(delivery.rawValue)])
    }

    /// The latest briefing of all.
    public func latestBriefing() throws(StateError) -> StoredBriefing? {
        try briefings(where: "1 = 1", []).last
    }

    private func briefings(where condition: String, _ values: [SQLValue]) throws(StateError) -> [StoredBriefing] {
        try database.query(
            """
            SELECT id, day, created_at, payload, files, delivery, delivery_error, profile, edition
            FROM briefings WHERE \(condition) ORDER BY id
            """,
            values
        ).map { row in
            StoredBriefing(
                id: row[0].int ?? 0, day: row[1].string ?? "",
                createdAt: Date(timeIntervalSince1970: row[2].double ?? 0),
                payload: Data((row[3].string ?? "").utf8),
                files: (row[4].string ?? "").split(separator: "\n").map(String.init),
                delivery: Delivery(rawValue: row[5].string ?? "") ?? .none, deliveryError: row[6].string,
                profile: row[7].string ?? "", edition: row[8].string ?? "")
        }
    }

    /// The first column of the first row of `sql`, as text (for checks such as
    /// `PRAGMA integrity_check`).
    public func scalar(_ sql: String) throws(StateError) -> String {
        switch try database.query(sql).first?.first {
        case .text(let text)?: return text
        case .integer(let number)?: return String(number)
        case .real(let number)?: return String(number)
        default: return ""
        }
    }

    // MARK: Writing

    /// Stores everything one run learned, in one transaction; returns the new briefing's id.
    ///
    /// With `run.keep` set, the same transaction then deletes what is older than that (see
    /// `prune`), and the file gives the freed space back. A briefing of the same key (profile,
    /// day, edition, made from) recorded already is an error here; `record(_:)` says so instead.
    @discardableResult
    public func commit(_ run: RunRecord) throws(StateError) -> Int64 {
        switch try record(run) {
        case .recorded(let id): return id
        case .madeAlready(let other):
            throw StateError(
                path: directory,
                message: "briefing \(other.id) of \(run.day) (profile '\(run.profile)', edition '\(run.edition)') is recorded already")
        }
    }

    /// What `record(_:)` did.
    public enum Recorded: Sendable, Hashable {
        /// The briefing was recorded with this id, with its items.
        case recorded(Int64)
        /// Another run recorded the briefing of this key first (two composers raced): nothing
        /// of this run was stored; this is the one recorded.
        case madeAlready(StoredBriefing)
    }

    /// Stores everything one run learned, in one transaction, unless a briefing of the same
    /// profile, day, edition and inputs (`made_from`) is recorded already: then nothing is
    /// stored and that briefing is returned.
    ///
    /// The unique key decides the race, not a read before the write: of two processes that
    /// compose the same briefing at once, the first insert wins; the second waits for it (the
    /// write lock, or PostgreSQL's unique index) and finds the row there.
    public func record(_ run: RunRecord) throws(StateError) -> Recorded {
        var conflicted = false
        do {
            return .recorded(try insert(run, conflicted: &conflicted))
        } catch {
            guard conflicted else { throw error }
        }
        let winner = try briefings(
            where: "profile = ? AND day = ? AND edition = ? AND made_from = ?",
            [.text(run.profile), .text(run.day), .text(run.edition), .text(run.madeFrom)]
        ).last
        guard let winner else {
            throw StateError(path: directory, message: "the briefing of \(run.day) conflicted, but none is recorded")
        }
        return .madeAlready(winner)
    }

    private func insert(_ run: RunRecord, conflicted: inout Bool) throws(StateError) -> Int64 {
        var deleted = 0
        let id = try database.transaction { () throws(StateError) -> Int64 in
            // --force: the briefings being made again go, and their items become new again.
            for old in run.replacing {
                try database.query("DELETE FROM items WHERE briefing_id = ?", [.integer(old)])
                try database.query("DELETE FROM briefings WHERE id = ?", [.integer(old)])
            }
            let time = run.createdAt.timeIntervalSince1970
            for feed in run.feeds {
                try record(feed, at: time)
            }
            let inserted = try database.query(
                """
                INSERT INTO briefings (day, created_at, payload, files, delivery, profile, edition, made_from)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (profile, day, edition, made_from) DO NOTHING RETURNING id
                """,
                [
                    .text(run.day), .real(time), .text(String(decoding: run.payload, as: UTF8.self)),
                    .text(run.files.joined(separator: "\n")), .text(run.delivery.rawValue), .text(run.profile),
                    .text(run.edition), .text(run.madeFrom),
                ])
            guard let id = inserted.first?.first?.int else {
                // Recorded by another run: roll back everything of this one.
                conflicted = true
                throw StateError(path: directory, message: "briefing recorded already")
            }
            for item in run.items {
                try database.query(
                    """
                    INSERT INTO items (feed, item_id, profile, content_hash, first_seen, briefing_id)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (feed, item_id, profile) DO UPDATE SET content_hash = excluded.content_hash,
                        briefing_id = excluded.briefing_id
                    """,
                    [
                        .text(item.feed), .text(item.id), .text(run.profile), .text(item.contentHash), .real(time),
                        item.shown ? .integer(id) : .null,
                    ])
            }
            if run.keep > 0 {
                deleted = try prune(run, before: time - run.keep)
            }
            return id
        }
        if deleted > 0 && database.dialect == .sqlite {
            // Best effort, after the commit: the run's record is safe whatever happens here, and
            // free pages left behind are reused by later writes.
            try? database.execute("PRAGMA incremental_vacuum")
        }
        return id
    }

    /// Stores what one refresh learned, in one transaction: each feed's outcome and the items of
    /// the feeds fetched (for every profile to compose from), then, with `keep` set, deletes
    /// what the history no longer needs (see `prune`).
    ///
    /// A run stores its refresh before it composes and commits each profile's briefing: a run
    /// killed in between leaves the items stored and not shown, and the next run (whose
    /// conditional requests the servers answer with 304) composes them from the store.
    public func store(_ refresh: RefreshRecord) throws(StateError) {
        let deleted = try database.transaction { () throws(StateError) in try write(refresh) }
        if deleted > 0 && database.dialect == .sqlite { try? database.execute("PRAGMA incremental_vacuum") }
    }

    /// The body of `store(_:)`, inside the caller's transaction; returns how many rows retention
    /// deleted.
    func write(_ refresh: RefreshRecord) throws(StateError) -> Int {
        var deleted = 0
        do {
            let time = refresh.createdAt.timeIntervalSince1970
            for feed in refresh.feeds {
                try record(feed, at: time)
            }
            // An item stored already in the same version is left as it is: most of a feed's
            // items are, and writing them again each run (one statement each) cost as much as
            // the rest of the run. One read per feed finds them.
            var known: [String: [String: String]] = [:]
            for feed in Set(refresh.items.map(\.feed)) {
                var hashes: [String: String] = [:]
                for row in try database.query(
                    "SELECT item_id, content_hash, coalesce(feed_title, '') FROM stored_items WHERE feed = ?",
                    [.text(feed)])
                {
                    if let id = row[0].string, let hash = row[1].string {
                        hashes[id] = hash + "\u{1F}" + (row[2].string ?? "")
                    }
                }
                known[feed] = hashes
            }
            for stored in refresh.items
            where known[stored.feed]?[stored.id] != stored.contentHash + "\u{1F}" + (stored.feedTitle ?? "") {
                let item = stored.item
                try database.query(
                    """
                    INSERT INTO stored_items (feed, item_id, content_hash, first_seen, feed_title, title, link,
                        published, updated, author, summary_text, content_text, categories)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (feed, item_id) DO UPDATE SET content_hash = excluded.content_hash,
                        feed_title = excluded.feed_title, title = excluded.title, link = excluded.link,
                        published = excluded.published, updated = excluded.updated, author = excluded.author,
                        summary_text = excluded.summary_text, content_text = excluded.content_text,
                        categories = excluded.categories
                    WHERE stored_items.content_hash != excluded.content_hash
                        OR coalesce(stored_items.feed_title, '') != coalesce(excluded.feed_title, '')
                    """,
                    [
                        .text(stored.feed), .text(stored.id), .text(stored.contentHash), .real(time),
                        Self.optional(stored.feedTitle), Self.optional(item.title), Self.optional(item.link),
                        item.published.map { .real($0.timeIntervalSince1970) } ?? .null,
                        item.updated.map { .real($0.timeIntervalSince1970) } ?? .null, Self.optional(item.author),
                        Self.optional(item.summaryText), Self.optional(item.contentText),
                        .text(item.categories.joined(separator: "\u{1F}")),
                    ])
            }
            if refresh.keep > 0 {
                let run = RunRecord(
                    day: "", createdAt: refresh.createdAt, payload: Data(), files: [], delivery: .none,
                    feeds: refresh.feeds, items: [], listed: refresh.listed, keep: refresh.keep)
                // Stored text no briefing can use any more goes sooner (`keepText`).
                let text = refresh.keepText > 0 ? min(refresh.keepText, refresh.keep) : refresh.keep
                deleted = try prune(run, before: time - refresh.keep, storedBefore: time - text)
            }
        }
        return deleted
    }

    private static func optional(_ text: String?) -> SQLValue { text.map(SQLValue.text) ?? .null }

    /// Deletes what the history no longer needs, as of `cutoff` (now minus `keep`); returns
    /// how many items, feeds and briefings went.
    ///
    /// - An item is deleted when its feed was read in this run, the document no longer lists
    ///   it, and it was first seen before the cutoff. An item still listed is kept however old,
    ///   or it would come back as new; feeds that failed, answered 304 or were only partly
    ///   readable are not in `run.listed` and keep all their items.
    /// - A feed that is in no feed list any more and has not been read since the cutoff goes
    ///   with all its items (they were all first seen by then) and its validators.
    /// - Briefings made before the cutoff are deleted; their items stay, unattached
    ///   (`briefing_id` set NULL by the schema), so they are still never shown again.
    /// - The stored text of an item goes by the same rule, with `storedCutoff` (default the
    ///   cutoff) instead: what its feed still lists stays.
    private func prune(_ run: RunRecord, before cutoff: Double, storedBefore storedCutoff: Double? = nil)
        throws(StateError) -> Int
    {
        var deleted = 0
        for (feed, ids) in run.listed {
            let listed = Set(ids)
            let old = try database.query(Self.oldItemsQuery, [.text(feed), .real(cutoff)])
            for row in old {
                guard let id = row[0].string, !listed.contains(id) else { continue }
                try database.query("DELETE FROM items WHERE feed = ? AND item_id = ?", [.text(feed), .text(id)])
                deleted += database.changes
            }
            // The stored text goes by the same rule: what the feed still lists stays.
            let stored = try database.query(Self.oldStoredItemsQuery, [.text(feed), .real(storedCutoff ?? cutoff)])
            for row in stored {
                guard let id = row[0].string, !listed.contains(id) else { continue }
                try database.query(
                    "DELETE FROM stored_items WHERE feed = ? AND item_id = ?", [.text(feed), .text(id)])
                deleted += database.changes
            }
        }
        let inLists = Set(run.feeds.map(\.url))
        let stale = try database.query(
            "SELECT url FROM feeds WHERE coalesce(last_success, last_attempt, 0) < ?", [.real(cutoff)])
        for url in stale.compactMap({ $0.first?.string }) where !inLists.contains(url) {
            try database.query("DELETE FROM items WHERE feed = ?", [.text(url)])
            deleted += database.changes
            try database.query("DELETE FROM stored_items WHERE feed = ?", [.text(url)])
            deleted += database.changes
            try database.query("DELETE FROM feeds WHERE url = ?", [.text(url)])
            deleted += 1
        }
        try database.query("DELETE FROM briefings WHERE created_at < ?", [.real(cutoff)])
        deleted += database.changes
        return deleted
    }

    private func record(_ feed: FeedRecord, at time: Double) throws(StateError) {
        switch feed.outcome {
        case .fetched(let etag, let lastModified):
            try database.query(
                """
                INSERT INTO feeds (url, etag, last_modified, last_success, last_attempt, error_count, last_error)
                VALUES (?, ?, ?, ?, ?, 0, NULL)
                ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
                    last_success = excluded.last_success, last_attempt = excluded.last_attempt,
                    error_count = 0, last_error = NULL
                """,
                [
                    .text(feed.url), etag.map(SQLValue.text) ?? .null, lastModified.map(SQLValue.text) ?? .null,
                    .real(time), .real(time),
                ])
        case .notModified:
            try database.query(
                """
                INSERT INTO feeds (url, last_success, last_attempt) VALUES (?, ?, ?)
                ON CONFLICT (url) DO UPDATE SET last_success = excluded.last_success,
                    last_attempt = excluded.last_attempt, error_count = 0, last_error = NULL
                """, [.text(feed.url), .real(time), .real(time)])
        case .failed(let message):
            try database.query(
                """
                INSERT INTO feeds (url, last_attempt, error_count, last_error) VALUES (?, ?, 1, ?)
                ON CONFLICT (url) DO UPDATE SET last_attempt = excluded.last_attempt,
                    error_count = feeds.error_count + 1, last_error = excluded.last_error
                """, [.text(feed.url), .real(time), .text(message)])
        case .skipped:
            break
        }
    }

    /// A feed's items first seen before a time: what may go, read by index without the rest.
    static let oldItemsQuery = "SELECT DISTINCT item_id FROM items WHERE feed = ? AND first_seen < ?"
    /// A feed's stored items first stored before a time.
    static let oldStoredItemsQuery = "SELECT item_id FROM stored_items WHERE feed = ? AND first_seen < ?"

    /// Claims the sending of briefing `id`: sets it `sending` if its delivery is one of `from`,
    /// in one statement; true when this call changed it, and so this process sends it. Two
    /// processes claiming the same briefing never both get true.
    public func claimDelivery(briefing id: Int64, from: [Delivery]) throws(StateError) -> Bool {
        guard !from.isEmpty else { return false }
        let marks = Array(repeating: "?", count: from.count).joined(separator: ", ")
        return try database.transaction { () throws(StateError) -> Bool in
            try database.query(
                "UPDATE briefings SET delivery = 'sending', delivery_error = NULL WHERE id = ? AND delivery IN (\(marks))",
                [.integer(id)] + from.map { .text($0.rawValue) })
            return database.changes == 1
        }
    }

    /// Records the outcome of sending briefing `id`.
    public func setDelivery(_ delivery: Delivery, error: String? = nil, briefing id: Int64) throws(StateError) {
        try database.transaction { () throws(StateError) in
            try database.query(
                "UPDATE briefings SET delivery = ?, delivery_error = ? WHERE id = ?",
                [.text(delivery.rawValue), error.map(SQLValue.text) ?? .null, .integer(id)])
        }
    }
}

/// What is known of one feed from earlier runs.
public struct FeedState: Sendable, Hashable {
    public var url: String
    public var etag: String?
    public var lastModified: String?
    public var lastSuccess: Date?
    public var lastAttempt: Date?
    /// Failures since the last success.
    public var errorCount: Int
    public var lastError: String?
}

/// Everything one run stores, committed at once.
public struct RunRecord: Sendable {
    /// The briefing's day, YYYY-MM-DD in the configured time zone.
    public var day: String
    public var createdAt: Date
    /// The briefing as JSON, so that any format can be rendered again.
    public var payload: Data
    public var files: [String]
    public var delivery: Delivery
    public var feeds: [FeedRecord]
    public var items: [ItemRecord]
    /// With `--force`: the briefings this one is made again from (deleted with their item
    /// records in the same transaction).
    public var replacing: [Int64]
    /// The item ids each feed read in this run lists now, by feed URL. Feeds that failed,
    /// answered 304 or were only partly readable are left out: they keep all their items.
    public var listed: [String: [String]]
    /// How long the history is kept, in seconds (`[state] keep`); 0 keeps everything.
    public var keep: TimeInterval
    /// The profile the briefing is for, whose items `items` records as seen; '' is the
    /// implicit profile of a configuration without profiles.
    public var profile: String
    /// The edition's name; '' for a configuration without editions.
    public var edition: String
    /// What the briefing was made from (`Briefing.madeFrom`: feed lists and `--since`): with
    /// profile, day and edition, the key a briefing is recorded under once.
    public var madeFrom: String

    public init(
        day: String, createdAt: Date, payload: Data, files: [String], delivery: Delivery, feeds: [FeedRecord],
        items: [ItemRecord], replacing: [Int64] = [], listed: [String: [String]] = [:], keep: TimeInterval = 0,
        profile: String = "", edition: String = "", madeFrom: String = ""
    ) {
        self.madeFrom = madeFrom
        self.profile = profile
        self.edition = edition
        self.listed = listed
        self.keep = keep
        self.day = day
        self.createdAt = createdAt
        self.payload = payload
        self.files = files
        self.delivery = delivery
        self.feeds = feeds
        self.items = items
        self.replacing = replacing
    }
}

/// What one refresh learned, stored at once (`StateStore.store(_:)`): feeds' outcomes and the
/// items of the feeds fetched, for every profile to compose its briefing from.
public struct RefreshRecord: Sendable {
    public var createdAt: Date
    public var feeds: [FeedRecord]
    /// The items of the feeds fetched (every item the documents list, as they read now).
    public var items: [StoredItem]
    /// As `RunRecord.listed`: the item ids each fully read feed lists now, for retention.
    public var listed: [String: [String]]
    /// As `RunRecord.keep`.
    public var keep: TimeInterval
    /// How long the text of an item its feed no longer lists is kept, when shorter than `keep`:
    /// the longest `max_item_age` of the profiles, since no briefing composes an item first
    /// stored longer ago than that. 0: as long as `keep`.
    public var keepText: TimeInterval = 0

    public init(
        createdAt: Date, feeds: [FeedRecord], items: [StoredItem], listed: [String: [String]] = [:],
        keep: TimeInterval = 0
    ) {
        self.createdAt = createdAt
        self.feeds = feeds
        self.items = items
        self.listed = listed
        self.keep = keep
    }
}

/// One feed item as the state stores it, for any profile to compose from.
public struct StoredItem: Sendable, Hashable {
    public var feed: String
    /// The item: its id, title, link, dates, author and texts (its HTML and enclosures are not
    /// stored; briefings are made from the texts).
    public var item: FeedItem
    public var contentHash: String
    /// When a run first stored it (set by the store; ignored when storing).
    public var firstSeen: Date
    /// The feed document's own title, for naming the source when the feed list gives none.
    public var feedTitle: String?
    /// Read back by `unseenStoredItems`: the hash of the version the profile was shown, when
    /// it was shown an earlier version (an update); nil when it was never shown.
    public var shownHash: String?

    public var id: String { item.id }

    public init(
        feed: String, item: FeedItem, contentHash: String, firstSeen: Date = Date(timeIntervalSince1970: 0),
        feedTitle: String? = nil, shownHash: String? = nil
    ) {
        self.feed = feed
        self.item = item
        self.contentHash = contentHash
        self.firstSeen = firstSeen
        self.feedTitle = feedTitle
        self.shownHash = shownHash
    }
}

/// How a feed's fetch went in this run.
public struct FeedRecord: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        case fetched(etag: String?, lastModified: String?)
        case notModified
        case failed(String)
        /// Not fetched this run (backed off); nothing changes.
        case skipped
    }

    public var url: String
    public var outcome: Outcome

    public init(url: String, outcome: Outcome) {
        self.url = url
        self.outcome = outcome
    }
}

/// One item seen in this run.
public struct ItemRecord: Sendable, Hashable {
    public var feed: String
    public var id: String
    public var contentHash: String
    /// True when the item appears in this run's briefing (false: seen but left out, e.g. too old).
    public var shown: Bool

    public init(feed: String, id: String, contentHash: String, shown: Bool) {
        self.feed = feed
        self.id = id
        self.contentHash = contentHash
        self.shown = shown
    }
}

/// Whether a briefing has been sent.
public enum Delivery: String, Sendable, Hashable {
    /// Not to be sent (no --send).
    case none
    /// To be sent; a run that dies before sending leaves this, and the next run sends it.
    case pending
    case sent
    /// Sending failed; the next run retries.
    case failed
    /// Being sent: recorded just before sending, so that if recording the outcome fails (or
    /// the run dies while sending), the next run does not send it a second time.
    case sending
    /// Given up, never sent again: a delivery left `sending` (it may or may not have arrived),
    /// or a stored briefing that cannot be read. `deliveryError` says which.
    case abandoned
}

/// A briefing made by an earlier run.
public struct StoredBriefing: Sendable, Hashable {
    public var id: Int64
    public var day: String
    public var createdAt: Date
    public var payload: Data
    public var files: [String]
    public var delivery: Delivery
    public var deliveryError: String?
    /// The profile it was made for ('' the implicit one).
    public var profile: String = ""
    /// Its edition ('' without editions).
    public var edition: String = ""
}
