import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import History

/// The refresh workers' leases, host slots and registration (`FeedLeases.swift`).
@Suite struct FeedLeasesTests {
    static let start = Date(timeIntervalSince1970: 1_795_859_200)

    static func feeds(_ count: Int, host: String = "a.example") -> [String] {
        (0..<count).map { "https://\(host)/feed/\($0).xml" }
    }

    /// A refresh of `urls` that fetched each with one item.
    static func refresh(_ urls: [String], at time: Date) -> RefreshRecord {
        RefreshRecord(
            createdAt: time, feeds: urls.map { FeedRecord(url: $0, outcome: .fetched(etag: "\"e\"", lastModified: nil)) },
            items: urls.map {
                StoredItem(feed: $0, item: FeedItem(id: "item", title: "T", link: nil), contentHash: "h")
            })
    }

    @Test(arguments: Backend.allCases) func registeredFeedsAreDueAtOnceWithTheirHost(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        try store.register(feeds: ["https://A.example:8080/x", "file:///tmp/f.xml"], now: Self.start)
        let queue = try store.refreshQueue()
        #expect(queue.map(\.url) == ["file:///tmp/f.xml", "https://A.example:8080/x"])
        #expect(queue.map(\.host) == ["", "a.example"])
        #expect(queue.allSatisfy { $0.nextDue == Self.start && $0.leasedBy == nil })
        // Nothing is due before its time.
        #expect(try store.claim(worker: "w", limit: 10, lease: 60, now: Self.start.addingTimeInterval(-1)).isEmpty)
        #expect(try store.claim(worker: "w", limit: 10, lease: 60, now: Self.start).count == 2)
    }

    /// A list made of whole sites (each host's feeds together in URL order) is claimed one host
    /// after another, so that a batch holds feeds of many hosts: otherwise the per-host limit
    /// leaves a worker's other transfers idle (the workers benchmark ran at a tenth of its ideal).
    @Test(arguments: Backend.allCases) func aBatchTakesFeedsOfEveryHostBeforeASecondOfOne(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let hosts = ["a.example", "b.example", "c.example", "d.example"]
        try store.register(feeds: hosts.flatMap { Self.feeds(25, host: $0) }, now: Self.start)
        let first = try store.claim(worker: "w", limit: 8, lease: 60, now: Self.start)
        #expect(first.count == 8)
        for host in hosts {
            #expect(first.filter { $0.host == host }.count == 2, "host \(host) in \(first.map(\.url))")
        }
    }

    @Test(arguments: Backend.allCases) func claimsOfTwoStoresOnOneStateNeverOverlap(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let urls = Self.feeds(400)
        try state.open().register(feeds: urls, now: Self.start)
        let claimed = Claimed()
        // Each worker its own connection, all claiming at once.
        Threads.run(4) { worker in
            claimed.arriveAndWait(of: 4)
            do {
                let store = try state.open()
                // Together they claim more than there is: the last one gets what is left.
                let leases = try store.claim(
                    worker: "w\(worker)", limit: 150, lease: 600, now: Self.start.addingTimeInterval(1))
                claimed.add(leases.map(\.url), by: worker)
            } catch {
                claimed.fail("\(error)")
            }
        }
        #expect(claimed.errors.isEmpty)
        #expect(claimed.urls.count == urls.count)
        #expect(Set(claimed.urls) == Set(urls))
        #expect(claimed.workers.count >= 3)
        let queue = try state.open().refreshQueue()
        for feed in queue {
            #expect(feed.leasedBy == claimed.owner[feed.url].map { "w\($0)" })
        }
    }

    @Test(arguments: Backend.allCases) func anExpiredLeaseIsClaimedAgain(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        try store.register(feeds: Self.feeds(3), now: Self.start)
        #expect(try store.claim(worker: "a", limit: 10, lease: 60, now: Self.start).count == 3)
        #expect(try store.claim(worker: "b", limit: 10, lease: 60, now: Self.start.addingTimeInterval(60)).isEmpty)
        let taken = try store.claim(worker: "b", limit: 10, lease: 60, now: Self.start.addingTimeInterval(61))
        #expect(taken.count == 3)
        #expect(try store.refreshQueue().allSatisfy { $0.leasedBy == "b" })
    }

    @Test(arguments: Backend.allCases) func aStaleWorkersStoreIsRefused(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let urls = Self.feeds(2)
        try store.register(feeds: urls, now: Self.start)
        _ = try store.claim(worker: "a", limit: 10, lease: 60, now: Self.start)
        // a's lease runs out; b takes the first feed only.
        let later = Self.start.addingTimeInterval(61)
        #expect(try store.claim(worker: "b", limit: 1, lease: 60, now: later).map(\.url) == [urls[0]])
        let refused = try store.store(
            Self.refresh(urls, at: later), leasedBy: "a", nextDue: [urls[0]: later, urls[1]: later.addingTimeInterval(3600)])
        #expect(refused == [urls[0]])
        // Nothing of the taken feed was written by a; the other feed, still a's, was.
        #expect(try store.storedItemCount(feed: urls[0]) == 0)
        #expect(try store.feed(urls[0])?.etag == nil)
        #expect(try store.storedItemCount(feed: urls[1]) == 1)
        #expect(try store.feed(urls[1])?.etag == "\"e\"")
        let queue = try store.refreshQueue()
        #expect(queue.first { $0.url == urls[0] }?.leasedBy == "b")
        let second = queue.first { $0.url == urls[1] }
        #expect(second?.leasedBy == nil && second?.nextDue == later.addingTimeInterval(3600))
        // b stores its feed.
        #expect(try store.store(Self.refresh([urls[0]], at: later), leasedBy: "b", nextDue: [:]).isEmpty)
        #expect(try store.storedItemCount(feed: urls[0]) == 1)
    }

    @Test(arguments: Backend.allCases) func inactiveFeedsAreNotClaimedAndKeepTheirHistory(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        let urls = Self.feeds(2)
        try store.register(feeds: urls, now: Self.start)
        _ = try store.claim(worker: "a", limit: 10, lease: 60, now: Self.start)
        try store.store(Self.refresh(urls, at: Self.start), leasedBy: "a", nextDue: [:])
        try store.register(feeds: [urls[0]], now: Self.start)
        #expect(try store.claim(worker: "a", limit: 10, lease: 60, now: Self.start).map(\.url) == [urls[0]])
        #expect(try store.refreshQueue().map(\.url) == [urls[0]])
        #expect(try store.storedItemCount(feed: urls[1]) == 1)
        #expect(try store.feed(urls[1]) != nil)
        // Listed again: active again, due as it was.
        try store.register(feeds: urls, now: Self.start.addingTimeInterval(100))
        #expect(try store.refreshQueue().count == 2)
    }

    @Test(arguments: Backend.allCases) func releaseGivesLeasesAndSlotsBack(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let store = try state.open()
        try store.register(feeds: Self.feeds(2), now: Self.start)
        _ = try store.claim(worker: "a", limit: 10, lease: 600, now: Self.start)
        #expect(try store.takeHostSlot(host: "a.example", limit: 1, worker: "a", hold: 600, now: Self.start) != nil)
        try store.release(worker: "a")
        #expect(try store.claim(worker: "b", limit: 10, lease: 600, now: Self.start).count == 2)
        #expect(try store.takeHostSlot(host: "a.example", limit: 1, worker: "b", hold: 600, now: Self.start) != nil)
    }

    @Test(arguments: Backend.allCases) func aHostHasAtMostItsLimitOfSlotsAcrossWorkersAndDeadOnesExpire(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let one = try state.open()
        let two = try state.open()
        let first = try one.takeHostSlot(host: "h", limit: 2, worker: "a", hold: 30, now: Self.start)
        let second = try two.takeHostSlot(host: "h", limit: 2, worker: "b", hold: 30, now: Self.start)
        #expect(first != nil && second != nil && first != second)
        #expect(try one.takeHostSlot(host: "h", limit: 2, worker: "a", hold: 30, now: Self.start) == nil)
        #expect(try two.takeHostSlot(host: "h", limit: 2, worker: "b", hold: 30, now: Self.start) == nil)
        // Another host is not affected.
        #expect(try two.takeHostSlot(host: "g", limit: 2, worker: "b", hold: 30, now: Self.start) != nil)
        // Given back: free again; a slot given back by a worker that no longer holds it stays.
        try two.releaseHostSlot(try #require(second), worker: "b")
        let third = try one.takeHostSlot(host: "h", limit: 2, worker: "a", hold: 30, now: Self.start)
        #expect(third == second)
        try two.releaseHostSlot(try #require(third), worker: "b")
        #expect(try two.takeHostSlot(host: "h", limit: 2, worker: "b", hold: 30, now: Self.start) == nil)
        // a dies: its slots free themselves when they expire.
        #expect(try two.takeHostSlot(host: "h", limit: 2, worker: "b", hold: 30, now: Self.start.addingTimeInterval(31)) != nil)
    }

    @Test(arguments: Backend.allCases) func fourConnectionsOpeningAndRegisteringANewStateAtOnceAllSucceed(backend: Backend) throws {
        guard let state = try backend.freshState() else { return }
        defer { state.remove() }
        let urls = Self.feeds(2000)
        let claimed = Claimed()
        Threads.run(4) { worker in
            do {
                let store = try state.open()
                try store.register(feeds: urls, now: Self.start)
                claimed.add(try store.claim(worker: "w\(worker)", limit: 600, lease: 60, now: Self.start).map(\.url), by: worker)
            } catch {
                claimed.fail("\(error)")
            }
        }
        #expect(claimed.errors.isEmpty)
        #expect(claimed.urls.count == 2000 && Set(claimed.urls).count == 2000)
        let store = try state.open()
        #expect(try store.schemaVersion() == StateStore.migrations.count)
    }
}

/// What concurrent claimers got, gathered under a lock.
final class Claimed: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var urls: [String] = []
    private(set) var owner: [String: Int] = [:]
    private(set) var workers = Set<Int>()
    private(set) var errors: [String] = []

    func add(_ claimed: [String], by worker: Int) {
        lock.withLock {
            urls += claimed
            if !claimed.isEmpty { workers.insert(worker) }
            for url in claimed { owner[url] = worker }
        }
    }

    func fail(_ error: String) { lock.withLock { errors.append(error) } }

    private let gate = NSCondition()
    private var arrived = 0

    /// Waits until `count` threads have called it.
    func arriveAndWait(of count: Int) {
        gate.lock()
        arrived += 1
        gate.broadcast()
        while arrived < count { gate.wait() }
        gate.unlock()
    }
}
