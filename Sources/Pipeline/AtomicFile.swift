import Foundation

/// Writes files so that readers see either the old content or the new, never a part.
public enum AtomicFile {
    /// Writes `contents` to a temporary file beside `path`, syncs it, then renames it over `path`.
    public static func write(_ contents: String, to path: String) throws(PipelineError) {
        try write(bytes: Array(contents.utf8), to: path)
    }

    /// Writes `bytes` as `write(_:to:)` writes text.
    public static func write(bytes: [UInt8], to path: String) throws(PipelineError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).tmp")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw PipelineError(input: path, message: "cannot write: \(String(cString: strerror(errno)))")
        }
        var failure: Int32 = 0
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            offset += written
        }
        if failure == 0, fsync(descriptor) != 0 { failure = errno }
        close(descriptor)
        if failure == 0, rename(temporary.path, url.path) != 0 { failure = errno }
        if failure != 0 {
            unlink(temporary.path)
            throw PipelineError(input: path, message: "cannot write: \(String(cString: strerror(failure)))")
        }
    }
}
