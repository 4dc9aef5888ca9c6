import Foundation

/// Compressed bodies for tests, written by hand so that no compression library is needed:
/// gzip (RFC 1952) with stored deflate blocks, a gzip "bomb" with fixed-Huffman runs, and
/// brotli (RFC 7932) with uncompressed meta-blocks.
public enum Compression {
    /// `data` as a valid gzip member (stored blocks: correct, not smaller).
    public static func gzip(_ data: Data) -> Data {
        var output = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        let bytes = [UInt8](data)
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let final = offset + count >= bytes.count
            output.append(final ? 0x01 : 0x00)
            output.append(contentsOf: [UInt8(count & 0xFF), UInt8(count >> 8)])
            output.append(contentsOf: [UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)])
            output.append(contentsOf: bytes[offset..<(offset + count)])
            offset += count
        } while offset < bytes.count
        output.append(contentsOf: littleEndian(crc32(bytes)))
        output.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: bytes.count)))
        return output
    }

    /// A small gzip member that inflates to `size` zero bytes (fixed Huffman: one literal, then
    /// back-references of length 258 at distance 1). Its trailer's CRC is left zero: a reader
    /// that honours a size cap stops long before it, and one that does not fails on it.
    public static func gzipBomb(size: Int) -> Data {
        var bits = BitWriter()
        bits.write(1, count: 1)  // BFINAL
        bits.write(1, count: 2)  // BTYPE = fixed Huffman
        bits.writeHuffman(0b0011_0000, length: 8)  // literal 0
        var produced = 1
        while produced + 258 <= size {
            bits.writeHuffman(0b1100_0101, length: 8)  // length code 285 = 258
            bits.writeHuffman(0, length: 5)  // distance code 0 = 1
            produced += 258
        }
        bits.writeHuffman(0, length: 7)  // end of block
        var output = Data([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF])
        output.append(contentsOf: bits.bytes)
        output.append(contentsOf: [0, 0, 0, 0])
        output.append(contentsOf: littleEndian(UInt32(truncatingIfNeeded: produced)))
        return output
    }

    /// `data` as a brotli stream of uncompressed meta-blocks.
    public static func brotli(_ data: Data) -> Data {
        var bits = BitWriter()
        bits.write(0, count: 1)  // WBITS = 16
        let bytes = [UInt8](data)
        var offset = 0
        while offset < bytes.count {
            let count = min(65_536, bytes.count - offset)
            bits.write(0, count: 1)  // ISLAST
            bits.write(0, count: 2)  // MNIBBLES = 4
            bits.write(UInt32(count - 1), count: 16)  // MLEN - 1
            bits.write(1, count: 1)  // ISUNCOMPRESSED
            bits.alignToByte()
            bits.appendBytes(bytes[offset..<(offset + count)])
            offset += count
        }
        bits.write(1, count: 1)  // ISLAST
        bits.write(1, count: 1)  // ISLASTEMPTY
        return Data(bits.bytes)
    }

    static func littleEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value & 0xFF), UInt8((value >> 8) & 0xFF), UInt8((value >> 16) & 0xFF), UInt8(value >> 24)]
    }

    /// CRC-32 (IEEE 802.3, reflected, as gzip uses it).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for index in 0..<256 {
            var value = UInt32(index)
            for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
            table[index] = value
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    /// Packs bits least-significant first, as deflate and brotli do.
    struct BitWriter {
        var bytes: [UInt8] = []
        var used = 8  // bits used in the last byte

        mutating func write(_ value: UInt32, count: Int) {
            for bit in 0..<count { push((value >> UInt32(bit)) & 1 == 1) }
        }

        /// Huffman codes go most-significant bit first.
        mutating func writeHuffman(_ code: UInt32, length: Int) {
            for bit in stride(from: length - 1, through: 0, by: -1) { push((code >> UInt32(bit)) & 1 == 1) }
        }

        mutating func alignToByte() { used = 8 }

        mutating func appendBytes(_ slice: ArraySlice<UInt8>) {
            bytes.append(contentsOf: slice)
            used = 8
        }

        private mutating func push(_ bit: Bool) {
            if used == 8 {
                bytes.append(0)
                used = 0
            }
            if bit { bytes[bytes.count - 1] |= UInt8(1 << used) }
            used += 1
        }
    }
}
