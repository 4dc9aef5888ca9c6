/// A set of words keyed by the FNV-1a hash of their lower-cased UTF-8, so lookups from
/// byte ranges allocate nothing.
struct WordSet: Sendable {
    private let hashes: HashSet

    init(_ words: some Sequence<String>) {
        hashes = HashSet(words.map(UTF8Text.hash))
    }

    /// Builds the set from a whitespace-separated list.
    init(list: String) {
        self.init(list.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init))
    }

    func contains(hash: UInt64) -> Bool { hashes.contains(hash) }

    /// Looks up bytes, ignoring ASCII case.
    func contains(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var h = UTF8Text.fnvOffset
        for b in bytes { h = UTF8Text.fnv(h, UTF8Text.lower(b)) }
        return hashes.contains(h)
    }
}
