/// Size measures of a piece of text, as the scorer counts them.
struct TextStatistics {
    /// Characters (Unicode scalars), each run of white space counted as one.
    var length: Int = 0
    /// Commas, including the Arabic and full-width ones.
    var commas: Int = 0

    static func += (lhs: inout TextStatistics, rhs: TextStatistics) {
        lhs.length += rhs.length
        lhs.commas += rhs.commas
    }

    /// Measures `text` in one pass over its UTF-8 bytes.
    init(of text: String) {
        var copy = text
        self = copy.withUTF8 { TextStatistics(of: $0) }
    }

    /// Measures UTF-8 `bytes`.
    init(of bytes: UnsafeBufferPointer<UInt8>) {
        var length = 0
        var commas = 0
        var inSpace = true
        var previous: (UInt8, UInt8) = (0, 0)
        for byte in bytes {
            switch byte {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                if !inSpace { length += 1 }
                inSpace = true
            default:
                inSpace = false
                if byte & 0xC0 != 0x80 { length += 1 }
                if byte == 0x2C {
                    commas += 1
                } else if previous == (0xEF, 0xBC) && byte == 0x8C {  // U+FF0C
                    commas += 1
                } else if previous.1 == 0xD8 && byte == 0x8C {  // U+060C
                    commas += 1
                }
            }
            previous = (previous.1, byte)
        }
        self.length = length
        self.commas = commas
    }

    init() {}
}
