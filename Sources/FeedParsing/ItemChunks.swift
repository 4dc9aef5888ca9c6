import BriefingCore
import Dispatch
import Foundation
import Synchronization

/// A large feed's items worked on in contiguous chunks on several threads, the results in item
/// order: the same values whatever the number of threads, since each item's result depends only
/// on the item.
///
/// Threads come from `DispatchQueue.concurrentPerform` (no concurrency runtime needed, so a
/// synchronous caller can use it too): the calling thread works with them, and each thread claims
/// the next chunk when it is done with one, so that a thread slowed by another process takes fewer.
/// Inside another `concurrentPerform` (a batch that runs feeds in parallel) libdispatch gives a
/// nested one no more threads than the cores; callers that already fill the cores pass 1 anyway.
struct ItemChunks: Sendable {
    /// The most threads used (nil: ``coreThreads``); 1 works on the calling thread alone.
    var threads: Int?

    /// Fewer items than this are worked on the calling thread: starting the workers and
    /// handing the chunks over costs more than it saves below about a dozen items.
    var minimumItems = 16
    /// The fewest items per chunk, so that a chunk's work outweighs claiming it.
    var minimumChunk = 4
    /// Inputs of at least this many bytes have their items mapped while the tree is built
    /// (``ItemPipeline``; tests lower it).
    var pipelineMinimumBytes = ItemPipeline.minimumBytes
    /// Chunks per thread: more even out items of uneven size and a core taken by another process.
    static let chunksPerThread = 4

    init(threads: Int?) { self.threads = threads }

    /// The active cores, at most 8 (past that, the tree building before the mapping, on one
    /// thread, dominates). Asked once, and only for a large feed: Foundation reads the cgroup's
    /// CPU quota from files to answer.
    static let coreThreads = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))

    /// The chunks `0..<count` is cut into: contiguous, in order, covering it.
    func chunks(count: Int) -> [Range<Int>] {
        guard count >= minimumItems, case let threads = threads ?? Self.coreThreads, threads > 1 else {
            return count > 0 ? [0..<count] : []
        }
        let chunkCount = max(1, min(threads * Self.chunksPerThread, count / max(1, minimumChunk)))
        return (0..<chunkCount).map { index in
            (count * index / chunkCount)..<(count * (index + 1) / chunkCount)
        }
    }

    /// `body` of each chunk of `0..<count` (see ``chunks(count:)``), in chunk order.
    func map<T: Sendable>(count: Int, _ body: @Sendable (Range<Int>) -> T) -> [T] {
        let chunks = chunks(count: count)
        guard chunks.count > 1 else { return chunks.map(body) }
        let results = ResultSlots<T>(count: chunks.count)
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threads ?? Self.coreThreads, chunks.count)) { _ in
            while true {
                let index = next.add(1, ordering: .relaxed).oldValue
                guard index < chunks.count else { return }
                results.store(body(chunks[index]), at: index)
            }
        }
        return results.values.map { $0! }  // Every chunk was claimed and stored.
    }

    /// `transform` of each element of `elements`, in order, each element's subtree freed as soon
    /// as it is mapped (so that the tree shrinks as the items grow).
    func mapItems<T: Sendable>(_ elements: [MarkupElement], _ transform: @Sendable (MarkupElement) -> T) -> [T] {
        @Sendable func mapped(_ element: MarkupElement) -> T {
            let item = transform(element)
            element.children = []
            return item
        }
        // A small feed (or one thread) is mapped here, without making the chunks' types.
        guard chunks(count: elements.count).count > 1 else { return elements.map(mapped) }
        let shared = DisjointSubtrees(elements)
        let pieces = map(count: elements.count) { range in
            range.map { mapped(shared.elements[$0]) }
        }
        var items: [T] = []
        items.reserveCapacity(elements.count)
        for piece in pieces { items.append(contentsOf: piece) }
        return items
    }
}

/// Item elements handed to the threads of ``ItemChunks/mapItems(_:_:)``.
///
/// `MarkupElement` is a class with mutable properties, so it is not `Sendable`; sharing these is
/// safe because (1) the elements are distinct, siblings in the document, so their subtrees are
/// disjoint and each is read and written by the one thread that maps it; (2) mapping only reads a
/// tree: `MarkupElement` has no lazily cached state, and the one write, `children = []` after an
/// item is mapped, is to that thread's own element; (3) what subtrees share (the `XMLSource`, the
/// namespace strings) is immutable and reference-counted atomically; (4) the builder has finished
/// with the tree before the mapping starts, and no one touches it until the threads are joined.
private struct DisjointSubtrees: @unchecked Sendable {
    let elements: [MarkupElement]
    init(_ elements: [MarkupElement]) { self.elements = elements }
}

/// A large feed's items mapped while the tree is still being built: `XMLTreeBuilder` hands over
/// each feed item as it closes (``offer(_:ancestors:)``, on the building thread), workers map it
/// at once, and the format's parser, once the tree is complete, takes the results for the items
/// it finds (``items(for:chunks:_:)``), mapping any others itself, exactly as the serial code would.
///
/// Which elements are offered: the item elements the RSS and Atom parsers will list, told from
/// their place when they close (the root is open, so the format is known): for a `feed` root
/// (Atom), its `entry` / `item` children in the Atom namespaces or the root's; otherwise (RSS),
/// the root's `item` children in the RSS namespaces and the `item` children of the root's first
/// RSS `channel` child. Each of those is in the parser's list (whose order decides the feed's), no
/// other part of the parse reads their subtrees, and no two are nested, so a worker may free an
/// item's subtree once mapped, as ``ItemChunks/mapItems(_:_:)`` does.
///
/// An Atom entry is mapped without the feed's author (which may come after the entries); the
/// parser applies it afterwards, as the serial mapping does last.
final class ItemPipeline {
    /// Inputs at least this large are pipelined: below it, starting the workers costs more than
    /// the overlap saves.
    static let minimumBytes = 256 << 10

    private let keepHTML: Bool
    private let workers: Int
    private let shared = PipelineQueue()
    /// Whether the root was seen (the workers are started then), and whether it is Atom's.
    private var started = false
    private var atomNamespaces: Set<String>?
    /// The root's first RSS `channel` child, once seen (children are only appended, so it stays).
    private var channel: MarkupElement?
    /// How many of the items last returned by ``items(for:chunks:_:)`` the workers had mapped.
    private(set) var premapped = 0
    /// The transform the workers run (nil until started).
    private(set) var transform: (@Sendable (MarkupElement) -> FeedItem)?

    init(keepHTML: Bool, workers: Int) {
        self.keepHTML = keepHTML
        self.workers = max(1, workers)
    }

    /// The builder's hook (`XMLTreeBuilder.ShallowItemClosed`), on the building thread.
    func offer(_ element: MarkupElement, ancestors: ArraySlice<MarkupElement>) {
        guard let root = ancestors.first else { return }
        if !started { start(root: root) }
        if let atomNamespaces {
            guard ancestors.count == 1, MarkupElement.matches(element.namespace, atomNamespaces) else { return }
        } else {
            guard element.localName == "item", MarkupElement.matches(element.namespace, Namespace.rss) else { return }
            if ancestors.count == 2 {
                if channel == nil { channel = root.first("channel", in: Namespace.rss) }
                guard let channel, ancestors.last === channel else { return }
            }
        }
        shared.push(element)
    }

    private func start(root: MarkupElement) {
        started = true
        let keepHTML = keepHTML
        let transform: @Sendable (MarkupElement) -> FeedItem
        if root.localName.lowercased() == "feed" {
            // As `AtomParser.parse`, without the feed's author.
            var parser = AtomParser(ns: Namespace.atom.union([root.namespace]))
            parser.keepHTML = keepHTML
            atomNamespaces = parser.ns
            let mapper = parser
            transform = { mapper.entry($0) }
        } else {
            transform = { RSSParser.item($0, keepHTML: keepHTML) }
        }
        self.transform = transform
        let shared = shared
        for _ in 0..<workers {
            shared.workerStarted()
            DispatchQueue.global().async { shared.work(transform) }
        }
    }

    /// Each of `elements` mapped, in order: the workers' results where they have one, the others
    /// mapped here (after helping with what is still queued). Stops the workers.
    func items(for elements: [MarkupElement], chunks: ItemChunks, _ transform: @Sendable (MarkupElement) -> FeedItem)
        -> [FeedItem]
    {
        var (offered, results) = finish()
        // Items are moved out of `results` (`take()`), never copied: a copy retains each of an
        // item's strings, from the thread that made them, and its release another time.
        if offered.count == elements.count, zip(offered, elements).allSatisfy({ $0 === $1 }),
            results.allSatisfy(Self.isSome)
        {
            // Every element offered, in order, and mapped: the usual case.
            premapped = results.count
            return Self.unwrapped(&results)
        }
        var items = [FeedItem?](repeating: nil, count: elements.count)
        // Both lists are in document order, and the offered elements are among the parser's, so
        // one walk pairs them; should an offered element not be found in order, the rest are
        // looked up by identity.
        var next = 0
        for (index, element) in elements.enumerated() where next < offered.count && offered[next] === element {
            items[index] = results[next].take()
            next += 1
        }
        if next < offered.count {
            var byElement: [ObjectIdentifier: FeedItem] = [:]
            for position in next..<offered.count {
                byElement[ObjectIdentifier(offered[position])] = results[position].take()
            }
            for index in items.indices where !Self.isSome(items[index]) {
                items[index] = byElement.removeValue(forKey: ObjectIdentifier(elements[index]))
            }
        }
        offered = []
        let missing = items.indices.filter { !Self.isSome(items[$0]) }
        premapped = items.count - missing.count
        if !missing.isEmpty {
            let mapped = chunks.mapItems(missing.map { elements[$0] }, transform)
            for (index, item) in zip(missing, mapped) { items[index] = item }
        }
        return Self.unwrapped(&items)
    }

    /// Whether `item` is there, told without copying it (`!= nil` copies the item).
    private static func isSome(_ item: borrowing FeedItem?) -> Bool {
        switch item {
        case .some: true
        case .none: false
        }
    }

    /// The items of `optionals`, each moved out; every one must be there.
    private static func unwrapped(_ optionals: inout [FeedItem?]) -> [FeedItem] {
        var items: [FeedItem] = []
        items.reserveCapacity(optionals.count)
        for index in optionals.indices { items.append(optionals[index].take()!) }  // Each was found or mapped.
        return items
    }

    /// Stops the workers (the calling thread maps what is still queued) and returns the offered
    /// elements, in the order offered, with the result of each. Called again, returns nothing more.
    @discardableResult
    func finish() -> (offered: [MarkupElement], results: [FeedItem?]) {
        guard let transform else { return ([], []) }
        self.transform = nil
        return shared.finish(transform)
    }
}

/// The queue between the building thread and the workers of an ``ItemPipeline``.
///
/// `MarkupElement` is not `Sendable`; handing elements over is safe because (1) an element is
/// queued only after it closed, and the builder never touches a closed element again (it appends
/// only to the elements on its stack, and no tree walk on the building thread enters an item's
/// subtree); (2) the queued elements' subtrees are disjoint (see ``ItemPipeline``), and each is
/// read and written (`children = []`) only by the one thread that took it from the queue; mapping
/// never walks up to a parent (elements have no parent pointer); (3) what subtrees share (the
/// `XMLSource`, name and namespace strings) is immutable and reference-counted atomically; (4)
/// every mutable property here is read and written with `condition` locked.
private final class PipelineQueue: @unchecked Sendable {
    private let condition = NSCondition()
    /// Every element offered, in order; those from position `taken` on are not yet taken.
    private var offered: [MarkupElement] = []
    private var taken = 0
    /// The result for each offered element, by position, once mapped.
    private var results: [FeedItem?] = []
    private var closed = false
    private var waiting = 0
    private var running = 0

    func workerStarted() {
        condition.lock()
        running += 1
        condition.unlock()
    }

    /// Queued elements that wake a waiting worker, and the most a worker takes at once: waking a
    /// worker for a few items (a futex call on the building thread each time) and taking them one
    /// lock at a time cost more than the overlap saves (with 8 and one at a time, the worker of a
    /// 2,000-item feed woke ~250 times for 3 µs of work each).
    static let wakeBatch = 32
    static let takeBatch = 32

    func push(_ element: MarkupElement) {
        condition.lock()
        offered.append(element)
        results.append(nil)
        if waiting > 0, offered.count - taken >= Self.wakeBatch { condition.signal() }
        condition.unlock()
    }

    /// The positions of the next queued elements (at most ``takeBatch``), waiting for some unless
    /// `wait` is false; empty once closed and drained.
    private func next(wait: Bool) -> (elements: [MarkupElement], first: Int) {
        condition.lock()
        defer { condition.unlock() }
        while taken == offered.count {
            if closed || !wait { return ([], taken) }
            waiting += 1
            condition.wait()
            waiting -= 1
        }
        let first = taken
        taken = min(offered.count, taken + Self.takeBatch)
        // A copy: a slice would share `offered`'s storage, and the next push would copy it all.
        return (Array(offered[first..<taken]), first)
    }

    private func map(_ batch: (elements: [MarkupElement], first: Int), _ transform: (MarkupElement) -> FeedItem)
        -> Bool
    {
        guard !batch.elements.isEmpty else { return false }
        let items = batch.elements.map { element in
            let item = transform(element)
            element.children = []
            return item
        }
        condition.lock()
        for (offset, item) in items.enumerated() { results[batch.first + offset] = item }
        condition.unlock()
        return true
    }

    /// A worker's loop: maps queued elements until the queue is closed and empty.
    func work(_ transform: @Sendable (MarkupElement) -> FeedItem) {
        while map(next(wait: true), transform) {}
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Closes the queue, maps what is left on the calling thread, waits for the workers, and
    /// returns the offered elements with their results.
    func finish(_ transform: (MarkupElement) -> FeedItem) -> (offered: [MarkupElement], results: [FeedItem?]) {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
        while map(next(wait: false), transform) {}
        condition.lock()
        while running > 0 { condition.wait() }
        let done = (offered, results)
        offered = []
        results = []
        taken = 0
        condition.unlock()
        return done
    }
}
