import BriefingCore
import Foundation
import Testing

/// `OutputBuffer`'s blocks: written out to a descriptor, or kept apart in memory for a batch
/// line, in order, a large piece never copied into the buffer first.
@Suite struct OutputBufferTests {
    /// What `body` writes through a buffer on a temporary file, read back.
    func written(threshold: Int, _ body: (OutputBuffer) -> Void) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("buffer-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(descriptor >= 0)
        let buffer = OutputBuffer(descriptor: descriptor, threshold: threshold)
        body(buffer)
        buffer.flush()
        close(descriptor)
        return Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static let small: [UInt8] = Array("small,".utf8)
    static let large: [UInt8] = Array(repeating: UInt8(ascii: "x"), count: 1000) + Array("end".utf8)

    @Test("Pieces appended to a file's buffer come out in order, a large one after what was buffered")
    func piecesToADescriptor() throws {
        let bytes = try written(threshold: 256) { buffer in
            buffer.bytes.append(contentsOf: "head,".utf8)
            buffer.append(pieces: [Self.small, Self.large, Self.small])
            buffer.append(Self.large)
            buffer.bytes.append(contentsOf: "tail".utf8)
        }
        #expect(bytes == Array("head,".utf8) + Self.small + Self.large + Self.small + Self.large + Array("tail".utf8))
    }

    @Test("An in-memory buffer keeps its blocks apart, in order, and a large piece is kept, not copied")
    func inMemoryPieces() throws {
        let buffer = OutputBuffer.inMemory(threshold: 256)
        let items = (0..<200).map { JSONValue.object([("n", .int($0)), ("text", .string("item \"\($0)\""))]) }
        let value = JSONValue.array(items)
        buffer.writeLine(value)
        let large = Self.large
        buffer.append(large)
        buffer.append(Self.small)
        let pieces = buffer.takePieces()
        #expect(pieces.joined().elementsEqual(Array((value.text + "\n").utf8) + large + Self.small))
        // Written in blocks of about the threshold, not joined into one ever larger array.
        #expect(pieces.count > 10)
        #expect(pieces.allSatisfy { $0.count < 256 + 64 || $0 == large })
        // The large piece is the caller's own storage.
        let kept = try #require(pieces.first { $0 == large })
        #expect(kept.withUnsafeBufferPointer { $0.baseAddress } == large.withUnsafeBufferPointer { $0.baseAddress })
        // Taking the pieces empties the buffer.
        #expect(buffer.takePieces().isEmpty)
        #expect(buffer.bytes.isEmpty)
    }
}
