import Foundation
import Testing

@testable import Fetching

/// `LocalFile.read`: the bytes of a file, small or large (read into a huge-page buffer), and the
/// size cap, also for a file that grows between stat(2) and the read.
@Suite struct LocalFileTests {
    /// Bytes that differ from offset to offset, so that a shifted or short read cannot pass.
    static func bytes(_ count: Int) -> Data {
        var state: UInt32 = 2_463_534_242
        return Data(
            (0..<count).map { _ in
                state ^= state << 13
                state ^= state >> 17
                state ^= state << 5
                return UInt8(truncatingIfNeeded: state)
            })
    }

    static func file(_ data: Data) throws -> String {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("briefing-localfile-\(UUID().uuidString)")
        try data.write(to: url)
        return url.path
    }

    @Test(arguments: [
        0, 1, 4096, LargeRead.threshold - 1, LargeRead.threshold, LargeRead.alignment - 1,
        LargeRead.alignment, LargeRead.alignment + 1, 3 * LargeRead.alignment + 12_345,
    ])
    func readsEveryByte(count: Int) throws {
        let data = Self.bytes(count)
        let path = try Self.file(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = try LocalFile.read(path, maximumBytes: 10 << 20).get()
        #expect(read.count == count)
        #expect(read == data)
    }

    @Test func refusesALargeFileOverTheCap() throws {
        let path = try Self.file(Self.bytes(3 << 20))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: FetchError.self) { try LocalFile.read(path, maximumBytes: 3 << 20 - 1).get() }
        let error = try #require(LocalFile.read(path, maximumBytes: 2 << 20).failure)
        #expect(error.kind == .tooLarge)
        #expect(error.description.contains("file exceeds 2 MiB"))
        #expect(try LocalFile.read(path, maximumBytes: 3 << 20).get().count == 3 << 20)
    }

    /// A file longer than its size at stat(2) fills the buffer; it is then read whole, or refused
    /// when it has grown past the cap.
    @Test func readsAFileThatGrewSinceItsSizeWasTaken() throws {
        let data = Self.bytes(5 << 20)
        let path = try Self.file(data)
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .read(let read) = LargeRead.contents(of: path, expected: 1 << 20, maximumBytes: 8 << 20) else {
            Issue.record("not read")
            return
        }
        #expect(read == data)
        guard case .tooLarge = LargeRead.contents(of: path, expected: 1 << 20, maximumBytes: 4 << 20) else {
            Issue.record("not refused")
            return
        }
    }

    @Test func namesWhatIsWrongWithThePath() throws {
        let directory = FileManager.default.temporaryDirectory.path
        #expect(
            LocalFile.read(directory, maximumBytes: 1 << 20).failure?.description.contains("is a directory") == true)
        #expect(
            LocalFile.read(directory + "/briefing-no-such-file", maximumBytes: 1 << 20).failure?.description
                .contains("no such file") == true)
    }
}
