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
        guard let data = FileManager.default.contents(atPath: path) else {
            return failure(.file, "cannot read the file")
        }
        return data.count > maximumBytes ? tooLarge : .success(data)
    }
}
