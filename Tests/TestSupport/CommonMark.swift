import Foundation

/// The reference CommonMark implementation, `cmark` (Debian package `cmark`), run as a process:
/// Markdown in, HTML out, for tests that check what a real renderer makes of our Markdown.
public enum CommonMark {
    /// True when the `CI` environment variable is `true`: there, a missing `cmark` is a failure,
    /// not a reason to skip.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The `cmark` executable on `PATH`, if there is one.
    public static let executable: URL? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent("cmark")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }()

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `markdown` rendered by `cmark --unsafe`: raw HTML and every link kept as written, so that
    /// whatever our Markdown lets through shows in the HTML (without `--unsafe`, cmark drops raw
    /// HTML and `javascript:` links itself, and a test could not fail).
    public static func html(_ markdown: String) throws -> String {
        guard let executable else {
            throw Failure(description: "cmark is not installed (Debian: apt-get install cmark)")
        }
        let process = Process()
        process.executableURL = executable
        process.arguments = ["--unsafe"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // Write from another thread: a large document would otherwise fill both pipes.
        let writer = Thread {
            input.fileHandleForWriting.write(Data(markdown.utf8))
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "cmark exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
