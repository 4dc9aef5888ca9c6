import Foundation

/// Reads a local file under a size cap: the one place that does, for `file:` URLs the fetcher is
/// given and for paths named on the command line or in the configuration.
public enum LocalFile {
    /// The bytes of the file at `path`, or a ``FetchError`` (kind `.file`, or `.tooLarge`) whose
    /// message says why in words meant to follow the path: "no such file", "is a directory, not a
    /// file", "cannot read the file", "file exceeds 10 MiB". Files larger than `maximumBytes` are
    /// refused before they are read when their size is known (a pipe's is not: it is counted as
    /// read).
    public static func read(_ path: String, maximumBytes: Int) -> Result<Data, FetchError> {
        func failure(_ kind: FetchError.Kind, _ message: String) -> Result<Data, FetchError> {
            .failure(FetchError(url: path, kind: kind, message: message))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return failure(.file, "no such file")
        }
        if isDirectory.boolValue { return failure(.file, "is a directory, not a file") }
        let tooLarge = failure(.tooLarge, "file exceeds \(FetchErrors.byteCount(maximumBytes))")
        // stat(2), not FileManager.attributesOfItem: its dictionary of `Any` and the cast of the
        // size cost a small command's whole read over again at start-up (issue 17).
        var status = stat()
        if stat(path, &status) == 0, Int(status.st_size) > maximumBytes {
            return tooLarge
        }
        if status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) >= LargeRead.threshold {
            switch LargeRead.contents(of: path, expected: Int(status.st_size), maximumBytes: maximumBytes) {
            case .read(let data): return .success(data)
            case .tooLarge: return tooLarge
            case .failed: return failure(.file, "cannot read the file")
            }
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return failure(.file, "cannot read the file")
        }
        return data.count > maximumBytes ? tooLarge : .success(data)
    }
}

/// Reads a large regular file into memory that the kernel may back with 2 MiB pages.
///
/// A fresh process reading a 6 MB feed otherwise takes ~1,500 page faults (one per 4 KiB page
/// of the new buffer), a third of all its faults and several milliseconds of a `feed inspect`
/// run (issue 17). The buffer is aligned to 2 MiB and advised with `MADV_HUGEPAGE` (this
/// machine's transparent huge pages are in `madvise` mode), so it faults in a few huge pages.
enum LargeRead {
    /// Files from this size on are read this way; smaller ones are not worth a huge page.
    static let threshold = 1 << 20
    static let alignment = 2 << 20

    enum Outcome { case read(Data), tooLarge, failed }

    static func contents(of path: String, expected: Int, maximumBytes: Int) -> Outcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failed }
        defer { close(descriptor) }
        // One byte past the cap tells a file that grew past it since stat(2) from one that fits.
        var capacity = min(expected, maximumBytes) + 1
        capacity = (capacity + alignment - 1) / alignment * alignment
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, alignment, capacity) == 0, let buffer = raw else { return .failed }
        _ = madvise(buffer, capacity, Int32(MADV_HUGEPAGE))
        var count = 0
        while count < capacity {
            let got = Foundation.read(descriptor, buffer + count, capacity - count)
            if got < 0, errno == EINTR { continue }
            if got < 0 { free(buffer); return .failed }
            if got == 0 { break }
            count += got
        }
        if count > maximumBytes { free(buffer); return .tooLarge }
        if count == capacity {
            // The file grew past what stat(2) said, but not past the cap: read the rest the plain way.
            free(buffer)
            guard let data = FileManager.default.contents(atPath: path) else { return .failed }
            return data.count > maximumBytes ? .tooLarge : .read(data)
        }
        return .read(Data(bytesNoCopy: buffer, count: count, deallocator: .free))
    }
}
