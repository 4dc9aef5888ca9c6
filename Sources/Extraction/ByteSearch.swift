/// Substring tests on UTF-8 bytes, for the hot paths where Foundation's and the standard
/// library's generic string search cost too much.
enum ByteSearch {
    /// Whether `needle` occurs in `haystack`, comparing bytes exactly.
    static func contains(_ haystack: String, _ needle: StaticString) -> Bool {
        var haystack = haystack
        return haystack.withUTF8 { text in
            needle.withUTF8Buffer { pattern in contains(text, pattern) }
        }
    }

    static func contains(_ text: UnsafeBufferPointer<UInt8>, _ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = pattern.count
        guard count > 0, text.count >= count else { return count == 0 }
        let first = pattern[0]
        var start = 0
        while start + count <= text.count {
            if text[start] == first {
                var offset = 1
                while offset < count && text[start + offset] == pattern[offset] { offset += 1 }
                if offset == count { return true }
            }
            start += 1
        }
        return false
    }
}
