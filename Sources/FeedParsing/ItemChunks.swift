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
