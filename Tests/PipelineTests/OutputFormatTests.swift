import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// `--output FILE` writes the format its extension names, unless `--format` says otherwise.
@Suite struct OutputFormatTests {
    @Test(arguments: [
        ("txt", OutputFormat.text), ("md", .markdown), ("html", .html), ("eml", .email), ("MD", .markdown),
    ])
    func extensionsNameFormats(fileExtension: String, format: OutputFormat) {
        #expect(OutputFormat(fileExtension: fileExtension) == format)
        #expect(OutputFormat(path: "out/briefing.\(fileExtension)") == format)
    }

    @Test func otherExtensionsNameNone() {
        #expect(OutputFormat(fileExtension: "pdf") == nil)
        #expect(OutputFormat(fileExtension: "") == nil)
        #expect(OutputFormat(path: "briefing") == nil)
        #expect(OutputFormat.allCases.allSatisfy { OutputFormat(fileExtension: $0.fileExtension) == $0 })
    }

    static func write(to name: String, format: OutputFormat?) async throws -> String {
        let folder = Repository.temporaryDirectory("output-format")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = try BriefingConfiguration.load(
            path: Repository.root.appendingPathComponent("Config/demo.toml").path)
        configuration.stateDirectory = folder.appendingPathComponent("state").path
        var options = JobOptions()
        options.output = folder.appendingPathComponent(name).path
        options.format = format
        let now = Date(timeIntervalSince1970: 1_795_859_200)
        let outcome = try await DailyJob(configuration: configuration, options: options, now: { now }).run()
        #expect(outcome.files == [folder.appendingPathComponent(name).path])
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theFileExtensionChoosesTheFormat() async throws {
        #expect(try await Self.write(to: "briefing.md", format: nil).contains("\n_23 stories from 4 feeds_\n"))
        #expect(try await Self.write(to: "briefing.html", format: nil).hasPrefix("<!DOCTYPE html>"))
        #expect(try await Self.write(to: "briefing.eml", format: nil).contains("MIME-Version: 1.0"))
        #expect(try await Self.write(to: "briefing.out", format: nil).contains("\n23 stories from 4 feeds\n"))
    }

    @Test func formatWinsOverTheExtension() async throws {
        let text = try await Self.write(to: "briefing.md", format: .text)
        #expect(text.contains("\n23 stories from 4 feeds\n"))
        #expect(!text.contains("_23 stories"))
    }
}
