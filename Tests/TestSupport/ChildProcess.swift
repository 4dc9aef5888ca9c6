import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A program (by default the built `briefing`) running as a child of the test, for the scale
/// tests and the workers benchmark: it can be killed outright (`kill -9` of a worker mid-cycle),
/// and when it has ended, `wait()` gives its `ProcessRun` with its peak resident memory and its
/// processor time (`wait4`'s `ru_maxrss`, `ru_utime` and `ru_stime`). The peak is an upper
/// bound: Linux carries the spawning process's peak over the exec that follows posix_spawn's
/// vfork, so it is never below this process's own peak when the child was started.
///
/// It is started with `posix_spawn`, with every descriptor from 3 up closed in the child, so it
/// holds none of the test's sockets or pipes (a worker killed mid-cycle then cannot keep a test
/// server's connection, or another child's pipe, open); its standard input is /dev/null, its
/// standard output and error go to files of its own, read when it has ended. `ProcessRun.run`
/// remains the way to run a program to its end; this is for programs the test stops.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    private let outputFile: URL
    private let errorFile: URL
    private let result = Mutex<ProcessRun?>(nil)

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `executable` with `arguments`, in `folder` when one is given, with `environment`
    /// over this process's.
    public init(
        _ arguments: [String], executable: URL = Repository.executable, in folder: URL? = nil,
        environment: [String: String] = [:]
    ) throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("briefing-child-\(UUID().uuidString)")
        outputFile = base.appendingPathExtension("out")
        errorFile = base.appendingPathExtension("err")

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorFile.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // glibc's GNU extensions (2.29, 2.34), which the Glibc module does not declare.
        let library = dlopen(nil, RTLD_NOW)
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32
        typealias ChangeDirectory =
            @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32
        guard let closeFrom = dlsym(library, "posix_spawn_file_actions_addclosefrom_np") else {
            throw Failure(description: "ChildProcess: this C library has no posix_spawn_file_actions_addclosefrom_np")
        }
        guard unsafeBitCast(closeFrom, to: CloseFrom.self)(&actions, 3) == 0 else {
            throw Failure(description: "ChildProcess: posix_spawn_file_actions_addclosefrom_np failed")
        }
        if let folder {
            guard let changeDirectory = dlsym(library, "posix_spawn_file_actions_addchdir_np"),
                unsafeBitCast(changeDirectory, to: ChangeDirectory.self)(&actions, folder.path) == 0
            else { throw Failure(description: "ChildProcess: cannot run in \(folder.path)") }
        }

        // Signals as a new program expects them: none blocked, and the ones a test runner may
        // ignore (SIGPIPE) or handle back to their defaults, so that SIGTERM reaches the child.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGCHLD] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable.path, &actions, &attributes, argv, envp)
        guard status == 0 else {
            throw Failure(
                description: "ChildProcess: cannot start \(executable.path): \(String(cString: strerror(status)))")
        }
        pid = child
    }

    deinit {
        try? FileManager.default.removeItem(at: outputFile)
        try? FileManager.default.removeItem(at: errorFile)
    }

    /// Sends `signal` (by default SIGKILL, which it cannot catch) unless it has been waited for.
    public func kill(_ signal: Int32 = SIGKILL) {
        result.withLock { done in
            if done == nil { _ = Glibc.kill(pid, signal) }
        }
    }

    /// Waits for it to end; its exit status (or the signal that ended it), what it printed, and
    /// its peak resident memory. Waiting again gives the same answer.
    ///
    /// It waits without reaping (`waitid` with `WNOWAIT`), so that `kill` from another thread
    /// meanwhile still reaches this child and never a process that took its number; the
    /// child is reaped, with its resource usage, under the lock.
    @discardableResult
    public func wait() -> ProcessRun {
        if let done = result.withLock({ $0 }) { return done }
        var info = siginfo_t()
        while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) < 0 && errno == EINTR {}
        return reap(options: 0) ?? ProcessRun(status: -1, output: "", errors: "ChildProcess: wait4 failed")
    }

    /// Its `ProcessRun` if it has ended, else nil (it is not waited for).
    public func ended() -> ProcessRun? {
        if let done = result.withLock({ $0 }) { return done }
        return reap(options: WNOHANG)
    }

    private func reap(options: Int32) -> ProcessRun? {
        result.withLock { done in
            if let done { return done }
            var status: Int32 = 0
            var usage = rusage()
            var reaped: pid_t
            repeat {
                reaped = wait4(pid, &status, options, &usage)
            } while reaped < 0 && errno == EINTR
            guard reaped == pid else { return nil }
            // The <sys/wait.h> macros: the low 7 bits are the signal that ended it, if any;
            // else the next 8 are its exit status.
            let signal = status & 0x7f
            let run = ProcessRun(
                status: signal == 0 ? (status >> 8) & 0xff : signal, signaled: signal != 0,
                output: (try? String(contentsOf: outputFile, encoding: .utf8)) ?? "",
                errors: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "",
                peakMemory: Int(usage.ru_maxrss) * 1024,
                processorTime: Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                    + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6)
            done = run
            return run
        }
    }
}
