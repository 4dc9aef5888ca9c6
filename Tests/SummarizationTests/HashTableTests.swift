import Testing

@testable import Summarization

struct HashTableTests {
    /// `removeAll` empties a set that has grown, which then takes keys again (key 0 included,
    /// stored as 1).
    @Test func removeAllEmptiesAndKeepsWorking() {
        var set = HashSet(capacity: 4)
        for key in UInt64(0)..<100 { set.insert(key &* 0x9E37_79B9) }
        #expect(set.count == 100)
        set.removeAll()
        #expect(set.isEmpty)
        #expect(!set.contains(0x9E37_79B9))
        set.insert(7)
        set.insert(0)
        #expect(set.contains(7) && set.contains(0) && set.count == 2)
        #expect(!set.contains(0x9E37_79B9))
    }
}
