import Foundation

/// Paths of the repository and of the shared data beside it, for tests.
public enum Repository {
    /// The repository's root folder (found from this file's path).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository: evaluation data, parser cases, pages. May be absent.
    public static let shared: URL = root.deletingLastPathComponent().appendingPathComponent("shared")

    /// True when `../shared` is there.
    public static var hasShared: Bool { FileManager.default.fileExists(atPath: shared.path) }

    /// The `briefing` executable built beside the test bundle.
    public static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("briefing")
    }

    /// A new empty temporary directory.
    public static func temporaryDirectory(_ label: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent(
            "briefing-\(label)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
