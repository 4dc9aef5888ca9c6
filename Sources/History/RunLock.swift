import Foundation

/// An exclusive lock on the state directory, so that two runs never overlap.
///
/// Uses `flock` on `DIR/lock`: the kernel releases it when the process dies, so a killed run
/// never leaves a stale lock behind.
public final class RunLock {
    private let descriptor: Int32

    /// Takes the lock at once or throws; never waits.
    public init(directory: String) throws(StateError) {
        let path = (directory as NSString).appendingPathComponent("lock")
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StateError(path: path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw StateError(path: directory, message: "another briefing run is in progress (the state is locked)")
        }
        self.descriptor = descriptor
        let pid = "\(getpid())\n"
        _ = ftruncate(descriptor, 0)
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
