import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The scale tests' child processes: they hold none of the test's descriptors, can be killed
/// outright, and report how they ended and their peak memory.
@Suite struct ChildProcessTests {
    static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test func theChildHoldsOnlyItsStandardDescriptors() throws {
        // A pipe of the test's own, open without close-on-exec: the child must not inherit it.
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { ends.forEach { _ = close($0) } }
        let child = try ChildProcess(["-c", "ls /proc/$$/fd"], executable: Self.shell)
        let run = child.wait()
        #expect(run.status == 0 && !run.signaled, "\(run.errors)")
        #expect(run.output.split(separator: "\n").sorted() == ["0", "1", "2"], "\(run.output)")
    }

    @Test func itReportsItsExitStatusOutputAndFolder() throws {
        let folder = Repository.temporaryDirectory("child")
        defer { try? FileManager.default.removeItem(at: folder) }
        let child = try ChildProcess(
            ["-c", "pwd; echo \"$GREETING\" >&2; exit 3"], executable: Self.shell, in: folder,
            environment: ["GREETING": "hello"])
        let run = child.wait()
        #expect(run.status == 3 && !run.signaled)
        #expect(run.output == folder.resolvingSymlinksInPath().path + "\n" || run.output == folder.path + "\n")
        #expect(run.errors == "hello\n")
        #expect(child.wait().status == 3, "waiting again gives the same answer")
    }

    @Test func killNineEndsItWhileAnotherThreadWaits() async throws {
        let child = try ChildProcess(["-c", "exec sleep 600"], executable: Self.shell)
        #expect(child.ended() == nil)
        let waiting = Task.detached { child.wait() }
        child.kill()
        let run = await waiting.value
        #expect(run.signaled && run.status == SIGKILL)
        #expect(child.ended()?.signaled == true)
    }

    @Test(.enabled(if: Tool.find("python3") != nil, "needs python3"))
    func itMeasuresThePeakResidentMemory() throws {
        // Linux carries the spawning process's peak over the exec that follows posix_spawn's
        // vfork, so the child's figure is at least the test runner's own peak at that moment
        // (which other suites running in parallel raise): bound it by that, not by a constant.
        var own = rusage()
        #expect(getrusage(RUSAGE_SELF.rawValue, &own) == 0)
        let runnerPeak = Int(own.ru_maxrss) * 1024
        let child = try ChildProcess(
            ["-c", "b = bytearray(80 * 1024 * 1024); print(len(b))"],
            executable: URL(fileURLWithPath: Tool.find("python3") ?? "python3"))
        let run = child.wait()
        #expect(run.status == 0, "\(run.errors)")
        let peak = try #require(run.peakMemory)
        #expect(
            peak >= 80 * 1024 * 1024 && peak < max(runnerPeak, 80 * 1024 * 1024) + 320 * 1024 * 1024,
            "\(peak) bytes; the test runner's peak was \(runnerPeak)")
    }
}
