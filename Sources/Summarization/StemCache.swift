import Synchronization

/// Stems computed by earlier calls of one ``Summarizer``, shared by its copies and safe to
/// use from several threads: a document looks up the distinct words it has not stemmed yet
/// together (one lock per text) and adds its new stems in one batch. It stops growing at `limit`
/// words.
final class StemCache: Sendable {
    private let table = Mutex(HashMap<UInt64>(capacity: 4096, empty: 0))
    let limit: Int

    init(limit: Int = 200_000) {
        self.limit = limit
    }

    func lookup(_ key: UInt64) -> UInt64? {
        table.withLock { $0[key] }
    }

    /// The stems of `keys` (nil for those not cached), found in one lock.
    func lookup(_ keys: some Collection<UInt64>) -> [UInt64?] {
        table.withLock { table in keys.map { table[$0] } }
    }

    func insert(_ entries: [(key: UInt64, stem: UInt64)]) {
        table.withLock { table in
            for e in entries where table.count < limit { table.set(e.key, e.stem) }
        }
    }
}
