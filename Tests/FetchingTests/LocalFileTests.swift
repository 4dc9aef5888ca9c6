import Foundation
import Testing

@testable import Fetching

/// `LocalFile.read`: the bytes of a file, small or large (read into a huge-page buffer), and the
/// size cap, also for a file that grows between stat(2) and the read.
@Suite struct LocalFileTests {
    /// `DescriptorRead.contents` of the file at `path`, opened for the call.
    static func contents(of path: String, expected: Int, maximumBytes: Int) -> DescriptorRead.Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failed }
        defer { close(descriptor) }
        return DescriptorRead.contents(of: descriptor, expected: expected, maximumBytes: maximumBytes)
    }

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
        0, 1, 4096, DescriptorRead.hugePagesFrom - 1, DescriptorRead.hugePagesFrom, DescriptorRead.alignment - 1,
        DescriptorRead.alignment, DescriptorRead.alignment + 1, 3 * DescriptorRead.alignment + 12_345,
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
        guard case .read(let read) = Self.contents(of: path, expected: 1 << 20, maximumBytes: 8 << 20) else {
            Issue.record("not read")
            return
        }
        #expect(read == data)
        guard case .tooLarge = Self.contents(of: path, expected: 1 << 20, maximumBytes: 4 << 20) else {
            Issue.record("not refused")
            return
        }
    }

    /// Bytes that arrive after the buffer sized from stat(2) is full are read from the same open
    /// file: a pipe written in one go gives every byte once, in order (the first version opened
    /// the path again and lost the first 2 MiB).
    @Test func readsWhatFollowsTheFirstBufferFromTheSameOpenFile() throws {
        let data = Self.bytes(5 << 20 + 123)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "briefing-local-file-\(UUID().uuidString).fifo"
        ).path
        #expect(mkfifo(path, 0o600) == 0)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = Thread {
            // A reader that stops early makes write(2) fail with EPIPE; SIGPIPE, blocked on this
            // thread, must not end the test process.
            var pipeSignal = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
            // Opening blocks until the reader opens; closing ends the reader's file.
            let descriptor = open(path, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { return }
            data.withUnsafeBytes { bytes in
                var written = 0
                while written < bytes.count {
                    let wrote = write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                    if wrote < 0, errno == EINTR { continue }
                    if wrote <= 0 { break }
                    written += wrote
                }
            }
            close(descriptor)
        }
        writer.start()
        guard case .read(let read) = Self.contents(of: path, expected: 1 << 20, maximumBytes: 8 << 20) else {
            Issue.record("not read")
            return
        }
        #expect(read.count == data.count)
        #expect(read == data)
    }

    /// A device or pipe has no size to refuse it by: it is read up to the cap and refused past it
    /// (/dev/zero used to be "cannot read the file"; the batch modes read it without end).
    @Test func devicesAreReadUpToTheCap() throws {
        let error = try #require(LocalFile.read("/dev/zero", maximumBytes: 1 << 20).failure)
        #expect(error.kind == .tooLarge)
        #expect(error.url == "/dev/zero")
        #expect(error.message == "file exceeds 1 MiB")
        #expect(try LocalFile.read("/dev/null", maximumBytes: 1 << 20).get().isEmpty)
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
