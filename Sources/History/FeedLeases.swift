import Foundation

/// Refresh workers' share of the state: which feeds are due, which worker holds each, and the
/// fetches in flight to each host.
///
/// A feed is claimed with a lease (`leased_by`, `leased_until`): the claim marks the due feeds
/// in one statement whose condition is checked again on every row it changes, so two workers
/// never hold one feed, and a worker that dies loses its feeds when its leases run out. A
/// worker stores a feed's outcome only while the feed is still leased to it: one whose lease
/// ran out and whose feed another worker took stores nothing for it.
///
/// Politeness across workers: a host has `limit` slot rows (`host_slots`), and a worker takes
/// one before each fetch from the host and gives it back after. A slot is taken by a single
/// UPDATE that rechecks the slot is free, so at most `limit` fetches to a host run at once
/// whatever the number of workers; each slot carries an expiry, so the slots of a worker that
/// died free themselves. Slot rows rather than a counter per host because a counter cannot
/// forget what a dead worker added; rows rather than PostgreSQL advisory locks because the same
/// SQL serves SQLite, and a lock held on a connection would tie a slot to a connection rather
/// than to a fetch.
extension StateStore {
    /// Makes the configured feed URLs the feeds to refresh: new ones are due at `now`, listed
    /// ones become active again, and feeds in no list any more become inactive (never deleted:
    /// their history stays). One transaction.
    public func register(feeds urls: [String], now: Date = Date()) throws(StateError) {
        let time = now.timeIntervalSince1970
        try database.transaction { () throws(StateError) in
            try database.query("UPDATE feeds SET active = 0 WHERE active = 1")
            // `spread` is a feed's rank among its host's feeds: feeds due at the same time are
            // claimed one host after another (ORDER BY next_due, spread), so that a batch holds
            // feeds of many hosts. In URL order, a batch of a list made of whole sites would be
            // one host's feeds, and the per-host limit would leave the worker's other transfers
            // idle (Benchmarks workers: 138 feeds/s for 20,000 feeds on 20 hosts, 12.5 s ideal).
            var ranks: [String: Int] = [:]
            for url in Set(urls).sorted() {
                let host = Self.host(of: url)
                let rank = ranks[host, default: 0]
                ranks[host] = rank + 1
                try database.query(
                    """
                    INSERT INTO feeds (url, host, next_due, active, spread) VALUES (?, ?, ?, 1, ?)
                    ON CONFLICT (url) DO UPDATE SET active = 1, host = excluded.host, spread = excluded.spread,
                        next_due = coalesce(feeds.next_due, excluded.next_due)
                    """, [.text(url), .text(host), .real(time), .integer(Int64(rank))])
            }
        }
    }

    /// The host a feed's fetches count against ('' for a file or a URL without one).
    public static func host(of url: String) -> String {
        URLComponents(string: url)?.host?.lowercased() ?? ""
    }

    /// Claims up to `limit` due feeds for `worker` until `now + lease`, soonest due first.
    ///
    /// Due: active, `next_due` reached, and not leased or its lease over. The condition is part
    /// of the UPDATE itself, so a row another worker claimed in the meantime is left alone (on
    /// PostgreSQL the candidates are also locked with `FOR UPDATE SKIP LOCKED`, so concurrent
    /// claims take different feeds instead of waiting on each other).
    public func claim(worker: String, limit: Int, lease: TimeInterval, now: Date = Date()) throws(StateError)
        -> [FeedLease]
    {
        let time = now.timeIntervalSince1970
        let due = "active = 1 AND next_due <= ? AND (leased_until IS NULL OR leased_until < ?)"
        // PostgreSQL: the candidates once, in a materialized CTE (a subquery under IN may be run
        // again for each row it is joined to, and with SKIP LOCKED each run finds other rows).
        let candidates = "SELECT url FROM feeds WHERE \(due) ORDER BY next_due, spread, url LIMIT ?"
        let sql =
            database.dialect == .postgres
            ? """
            WITH due AS MATERIALIZED (\(candidates) FOR UPDATE SKIP LOCKED)
            UPDATE feeds SET leased_by = ?, leased_until = ? FROM due
            WHERE feeds.url = due.url AND \(due.replacingOccurrences(of: "next_due", with: "feeds.next_due")
                .replacingOccurrences(of: "leased_until", with: "feeds.leased_until")
                .replacingOccurrences(of: "active", with: "feeds.active"))
            RETURNING feeds.url, feeds.host
            """
            : """
            UPDATE feeds SET leased_by = ?, leased_until = ?
            WHERE url IN (\(candidates)) AND \(due)
            RETURNING url, host
            """
        let set: [SQLValue] = [.text(worker), .real(time + lease)]
        let pick: [SQLValue] = [.real(time), .real(time), .integer(Int64(max(0, limit)))]
        let recheck: [SQLValue] = [.real(time), .real(time)]
        let rows = try database.transaction { () throws(StateError) in
            try database.query(sql, database.dialect == .postgres ? pick + set + recheck : set + pick + recheck)
        }
        return rows.compactMap { row in
            row[0].string.map {
                FeedLease(url: $0, host: row[1].string ?? Self.host(of: $0), until: now.addingTimeInterval(lease))
            }
        }
    }

    /// Extends `worker`'s lease of `url` to `now + lease`, just before fetching it; false when
    /// the feed is no longer leased to it (its lease ran out and another worker took it): then
    /// it must not be fetched.
    public func renewLease(url: String, worker: String, lease: TimeInterval, now: Date = Date()) throws(StateError)
        -> Bool
    {
        try database.transaction { () throws(StateError) in
            try database.query(
                "UPDATE feeds SET leased_until = ? WHERE url = ? AND leased_by = ?",
                [.real(now.timeIntervalSince1970 + lease), .text(url), .text(worker)])
            return database.changes > 0
        }
    }

    /// Stores what a worker refreshed, as `store(_:)` does, for the feeds still leased to
    /// `worker` only; their leases end and each is next due at `nextDue[url]` (else `now`).
    /// Returns the feeds refused because their lease went to another worker. One transaction.
    @discardableResult
    public func store(_ refresh: RefreshRecord, leasedBy worker: String, nextDue: [String: Date])
        throws(StateError) -> [String]
    {
        try database.transaction { () throws(StateError) in
            var held = Set<String>()
            var refused: [String] = []
            for url in Set(refresh.feeds.map(\.url)).sorted() {
                let due = nextDue[url] ?? refresh.createdAt
                try database.query(
                    """
                    UPDATE feeds SET leased_by = NULL, leased_until = NULL, next_due = ?
                    WHERE url = ? AND leased_by = ?
                    """, [.real(due.timeIntervalSince1970), .text(url), .text(worker)])
                if database.changes > 0 { held.insert(url) } else { refused.append(url) }
            }
            var owned = refresh
            owned.feeds = refresh.feeds.filter { held.contains($0.url) }
            owned.items = refresh.items.filter { held.contains($0.feed) }
            owned.listed = refresh.listed.filter { held.contains($0.key) }
            _ = try write(owned)
            return refused
        }
    }

    /// Ends every lease and host slot `worker` holds (on a clean exit), so that its feeds are
    /// due for the others at once.
    public func release(worker: String) throws(StateError) {
        try database.transaction { () throws(StateError) in
            try database.query(
                "UPDATE feeds SET leased_by = NULL, leased_until = NULL WHERE leased_by = ?", [.text(worker)])
            try database.query(
                "UPDATE host_slots SET holder = NULL, held_until = NULL WHERE holder = ?", [.text(worker)])
        }
    }

    /// Takes one of the `limit` fetch slots of `host` for `worker` until `now + hold`; nil when
    /// all are taken (and not expired). See the type's comment.
    public func takeHostSlot(host: String, limit: Int, worker: String, hold: TimeInterval, now: Date = Date())
        throws(StateError) -> HostSlot?
    {
        let time = now.timeIntervalSince1970
        let lock = database.dialect == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
        let free = "(holder IS NULL OR held_until < ?)"
        let take = """
            UPDATE host_slots SET holder = ?, held_until = ?
            WHERE host = ? AND slot = (
                    SELECT slot FROM host_slots WHERE host = ? AND slot < ? AND \(free) ORDER BY slot LIMIT 1\(lock))
                AND \(free)
            RETURNING slot
            """
        let values: [SQLValue] = [
            .text(worker), .real(time + hold), .text(host), .text(host), .integer(Int64(max(1, limit))),
            .real(time), .real(time),
        ]
        return try database.transaction { () throws(StateError) -> HostSlot? in
            // A host's slot rows are made the first time it runs out of them (a new host, or a
            // larger per_host), not before every fetch: this runs once per fetch.
            var rows = try database.query(take, values)
            if rows.isEmpty {
                var made = 0
                for slot in 0..<max(1, limit) {
                    try database.query(
                        "INSERT INTO host_slots (host, slot) VALUES (?, ?) ON CONFLICT (host, slot) DO NOTHING",
                        [.text(host), .integer(Int64(slot))])
                    made += database.changes
                }
                // No new row: every slot exists and is taken.
                if made > 0 { rows = try database.query(take, values) }
            }
            return rows.first?.first?.int.map { HostSlot(host: host, slot: Int($0)) }
        }
    }

    /// Gives back a slot `takeHostSlot` handed to `worker` (nothing, if it expired and another
    /// worker has it now).
    public func releaseHostSlot(_ slot: HostSlot, worker: String) throws(StateError) {
        try database.transaction { () throws(StateError) in
            try database.query(
                "UPDATE host_slots SET holder = NULL, held_until = NULL WHERE host = ? AND slot = ? AND holder = ?",
                [.text(slot.host), .integer(Int64(slot.slot)), .text(worker)])
        }
    }

    /// The active feeds, soonest due first, with their leases: the refresh queue as it stands.
    public func refreshQueue() throws(StateError) -> [QueuedFeed] {
        try database.query(
            """
            SELECT url, host, next_due, leased_by, leased_until, error_count FROM feeds
            WHERE active = 1 ORDER BY next_due, url
            """
        ).compactMap { row in
            guard let url = row[0].string else { return nil }
            return QueuedFeed(
                url: url, host: row[1].string ?? Self.host(of: url),
                nextDue: row[2].double.map(Date.init(timeIntervalSince1970:)), leasedBy: row[3].string,
                leasedUntil: row[4].double.map(Date.init(timeIntervalSince1970:)), errorCount: Int(row[5].int ?? 0))
        }
    }

    /// When the next active feed can be claimed: its due time, or the end of its lease when
    /// that is later (nil: no feed is registered).
    public func nextDue() throws(StateError) -> Date? {
        try database.query(
            """
            SELECT min(CASE WHEN leased_until IS NOT NULL AND leased_until > next_due THEN leased_until
                ELSE next_due END)
            FROM feeds WHERE active = 1
            """
        ).first?.first?.double.map(Date.init(timeIntervalSince1970:))
    }
}

/// A feed claimed by a worker, until `until`.
public struct FeedLease: Sendable, Hashable {
    public var url: String
    public var host: String
    public var until: Date
}

/// One of a host's fetch slots, taken by a worker.
public struct HostSlot: Sendable, Hashable {
    public var host: String
    public var slot: Int
}

/// A feed in the refresh queue (`StateStore.refreshQueue()`).
public struct QueuedFeed: Sendable, Hashable {
    public var url: String
    public var host: String
    /// Nil for a feed recorded by `briefing run` and not registered by a worker yet.
    public var nextDue: Date?
    public var leasedBy: String?
    public var leasedUntil: Date?
    public var errorCount: Int
}
