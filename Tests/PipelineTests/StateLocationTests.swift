import Foundation
import History
import Testing

@testable import Pipeline

/// `[state] url` and where its password comes from.
@Suite struct StateLocationTests {
    static func configuration(_ state: String, in folder: URL) throws -> BriefingConfiguration {
        try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\n[state]\n" + state, path: folder.appendingPathComponent("c.toml").path)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "briefing-pgconf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func withoutAURLTheStateIsTheDirectory() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = try Self.configuration("directory = \"s\"", in: folder)
        #expect(try configuration.stateLocation() == .directory(folder.appendingPathComponent("s").path))
        #expect(try configuration.stateLocation(directory: "/x") == .directory("/x"))
    }

    @Test func thePasswordFileMustBePrivate() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("pw")
        try "s3cret\n".write(to: file, atomically: true, encoding: .utf8)
        let url = "postgresql://briefing@127.0.0.1:5432/briefing"
        let configuration = try Self.configuration("url = \"\(url)\"\npassword_file = \"pw\"", in: folder)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let error = try #require(throws: StateError.self) { _ = try configuration.stateLocation(environment: [:]) }
        #expect(error.path == file.path)
        #expect(error.message == "[state] password_file: mode 644 lets others read it; make it private (chmod 600)")
        #expect(!error.description.contains("s3cret"))

        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        // The file wins over the environment.
        #expect(
            try configuration.stateLocation(environment: ["BRIEFING_PG_PASSWORD": "other"])
                == .postgres(url: url, password: "s3cret"))
        #expect(try configuration.stateLocation(environment: [:]).description == url)

        try FileManager.default.removeItem(at: file)
        let missing = try #require(throws: StateError.self) { _ = try configuration.stateLocation(environment: [:]) }
        #expect(missing.path == file.path)
    }

    @Test func withoutAFileThePasswordComesFromTheEnvironmentOrLibpq() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = "postgres://briefing@db.example/briefing"
        let configuration = try Self.configuration("url = \"\(url)\"", in: folder)
        #expect(
            try configuration.stateLocation(environment: ["BRIEFING_PG_PASSWORD": "from-env"])
                == .postgres(url: url, password: "from-env"))
        #expect(try configuration.stateLocation(environment: [:]) == .postgres(url: url, password: nil))
        #expect(configuration.stateName == url)
    }
}
