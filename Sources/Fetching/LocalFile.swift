import BriefingCore
import Foundation

/// Reads a local file under a size cap: the one place that does, for `file:` URLs the fetcher is
/// given, for paths named on the command line, in the configuration or in a batch file, and for
/// standard input.
public enum LocalFile {
    /// The size from which a file counts as large: it is read into a huge-page buffer, and
    /// `feed inspect` prepares the process's heap for it (`CProcessHeap`) before the parse.
    /// Smaller files are not worth a huge page.
    public static let largeFileBytes = 1 << 20

    /// The bytes of the file at `path`, or a ``FetchError`` (kind `.file`, or `.tooLarge`) whose
    /// message says why in words meant to follow the path: "no such file", "is a directory, not a
    /// file", "cannot read the file", "file exceeds 10 MiB". A regular file larger than
    /// `maximumBytes` is refused before it is read; anything else (a pipe, a FIFO, a device such
    /// as /dev/zero) is read until the cap is passed, never further.
    public static func read(_ path: String, maximumBytes: Int) -> Result<Data, FetchError> {
        func failure(_ kind: FetchError.Kind, _ message: String) -> Result<Data, FetchError> {
            .failure(FetchError(url: path, kind: kind, message: message))
        }
        // open(2) and fstat(2), not FileManager: its checks and its dictionary of `Any` cost a
        // small command's whole read over again at start-up (issue 17), and the file examined
        // is then the one read.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            return failure(.file, errno == ENOENT || errno == ENOTDIR ? "no such file" : "cannot read the file")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return failure(.file, "cannot read the file") }
        if status.st_mode & S_IFMT == S_IFDIR { return failure(.file, "is a directory, not a file") }
        let tooLarge = failure(.tooLarge, "file exceeds \(ByteCount.words(maximumBytes))")
        let size = DescriptorRead.size(status)
        if size > maximumBytes { return tooLarge }
        switch DescriptorRead.contents(of: descriptor, expected: size, maximumBytes: maximumBytes) {
        case .read(let data): return .success(data)
        case .tooLarge: return tooLarge
        case .failed: return failure(.file, "cannot read the file")
        }
    }

    /// Standard input to its end, or a ``FetchError`` for "-": "input exceeds 10 MiB" once more
    /// than `maximumBytes` have arrived (the rest is not read), "cannot read standard input".
    public static func readStandardInput(maximumBytes: Int) -> Result<Data, FetchError> {
        var status = stat()
        let expected = fstat(STDIN_FILENO, &status) == 0 ? DescriptorRead.size(status) : 0
        switch DescriptorRead.contents(of: STDIN_FILENO, expected: expected, maximumBytes: maximumBytes) {
        case .read(let data): return .success(data)
        case .tooLarge:
            return .failure(
                FetchError(url: "-", kind: .tooLarge, message: "input exceeds \(ByteCount.words(maximumBytes))"))
        case .failed: return .failure(FetchError(url: "-", kind: .file, message: "cannot read standard input"))
        }
    }
}

/// Reads an open file to its end under a cap, into one buffer that `Data` then owns.
///
/// A file of ``LocalFile/largeFileBytes`` or more goes into memory that the kernel may back
/// with 2 MiB pages: a fresh process reading a 6 MB feed otherwise takes ~1,500 page faults
/// (one per 4 KiB page of the new buffer), a third of all its faults and several milliseconds
/// of a `feed inspect` run (issue 17). That buffer is aligned to 2 MiB and advised with
/// `MADV_HUGEPAGE` (this machine's transparent huge pages are in `madvise` mode), so it faults
/// in a few huge pages.
enum DescriptorRead {
    static let hugePagesFrom = LocalFile.largeFileBytes
    static let alignment = 2 << 20

    enum Outcome { case read(Data), tooLarge, failed }

    /// The bytes a file of `status` holds when that is known (a regular file's size), else 0
    /// (a pipe, a FIFO, a device).
    static func size(_ status: stat) -> Int { status.st_mode & S_IFMT == S_IFREG ? Int(status.st_size) : 0 }

    /// What `descriptor` holds from its offset to its end, `expected` bytes by the size stat(2)
    /// gave (0 when unknown). A file that grows while it is read is read on, to one byte past
    /// `maximumBytes` at most, which tells a file over the cap from one that fits.
    static func contents(of descriptor: Int32, expected: Int, maximumBytes: Int) -> Outcome {
        let limit = min(maximumBytes, Int.max / 4) + 1
        let huge = expected >= hugePagesFrom
        func bound(_ bytes: Int) -> Int { huge ? min(rounded(bytes), rounded(limit)) : min(bytes, limit) }
        var capacity = bound(huge ? min(expected, maximumBytes) + 1 : max(expected + 1, 16 << 10))
        var buffer: UnsafeMutableRawPointer
        if huge {
            var raw: UnsafeMutableRawPointer?
            guard posix_memalign(&raw, alignment, capacity) == 0, let aligned = raw else { return .failed }
            _ = madvise(aligned, capacity, Int32(MADV_HUGEPAGE))
            buffer = aligned
        } else {
            guard let plain = malloc(capacity) else { return .failed }
            buffer = plain
        }
        var count = 0
        while true {
            let got = Foundation.read(descriptor, buffer + count, capacity - count)
            if got < 0, errno == EINTR { continue }
            if got < 0 { free(buffer); return .failed }
            if got == 0 { break }
            count += got
            if count >= limit { free(buffer); return .tooLarge }
            if count == capacity {
                // More than stat(2) said (or a pipe): go on into a larger buffer.
                capacity = bound(capacity * 2)
                guard let larger = realloc(buffer, capacity) else { free(buffer); return .failed }
                buffer = larger
            }
        }
        return .read(Data(bytesNoCopy: buffer, count: count, deallocator: .free))
    }

    /// `bytes` rounded up to a whole number of huge pages.
    private static func rounded(_ bytes: Int) -> Int { (bytes + alignment - 1) / alignment * alignment }
}
