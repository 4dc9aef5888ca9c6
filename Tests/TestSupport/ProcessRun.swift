import Foundation

/// A program a test ran to its end: how it ended and what it printed.
public struct ProcessRun: Sendable {
    public var status: Int32
    /// True when a signal ended it; `status` is then the signal's number.
    public var signaled: Bool
    public var output: String
    public var errors: String
    /// The most memory it had resident at once (wait4's ru_maxrss), in bytes, when known: a
    /// `ChildProcess` knows it.
    public var peakMemory: Int?
    /// The processor time it used, user and system, in seconds, when known (as `peakMemory`).
    public var processorTime: Double?

    public init(
        status: Int32, signaled: Bool = false, output: String, errors: String = "", peakMemory: Int? = nil,
        processorTime: Double? = nil
    ) {
        self.status = status
        self.signaled = signaled
        self.output = output
        self.errors = errors
        self.peakMemory = peakMemory
        self.processorTime = processorTime
    }

    /// Runs `executable` (by default the built `briefing`) with `arguments` and waits for it.
    ///
    /// It runs in `folder` when one is given, with `environment` over this process's, and
    /// reads nothing from standard input. Standard error goes through a file, so that a long
    /// one cannot block the program while standard output is read.
    public static func run(
        _ arguments: [String], executable: URL = Repository.executable, in folder: URL? = nil,
        environment: [String: String] = [:]
    ) throws -> ProcessRun {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = folder }
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent(
            "briefing-stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errors = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errors.close()
        return ProcessRun(
            status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
            output: String(decoding: data, as: UTF8.self),
            errors: (try? String(contentsOf: errorFile, encoding: .utf8)) ?? "")
    }
}
