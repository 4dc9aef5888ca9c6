import BriefingCore
import Foundation
import TestSupport
import Testing

@testable import Pipeline

/// The demo briefing in every format, compared with the files in `Golden/`.
///
/// The clock is fixed, so only the message's identity would vary: Message-ID and MIME boundary
/// are masked. To record the files again after an intended change, run the tests with
/// `BRIEFING_RECORD_GOLDEN=1` and review the diff.
@Suite struct GoldenOutputTests {
    static let folder = Repository.root.appendingPathComponent("Tests/PipelineTests/Golden")
    static let record = ProcessInfo.processInfo.environment["BRIEFING_RECORD_GOLDEN"] == "1"

    static func mask(_ text: String) -> String {
        var masked = text
        for pattern in [#"briefing\.[0-9a-f]+@"#, #"=_briefing_[0-9a-f]+"#] {
            if let regex = try? NSRegularExpression(pattern: pattern) {
                masked = regex.stringByReplacingMatches(
                    in: masked, range: NSRange(masked.startIndex..., in: masked), withTemplate: "MASKED")
            }
        }
        return masked
    }

    static let fixedNow = Date(timeIntervalSince1970: 1_795_852_800)  // 2026-11-28 08:00 UTC

    static func demoConfiguration() throws -> BriefingConfiguration {
        var configuration = try BriefingConfiguration.load(
            path: Repository.root.appendingPathComponent("Config/demo.toml").path)
        configuration.email.from = "briefing <briefing@example.com>"
        configuration.email.to = ["reader@example.com"]
        return configuration
    }

    @Test(arguments: [OutputFormat.text, .markdown, .html, .email])
    func demoBriefingMatchesItsGoldenFile(format: OutputFormat) async throws {
        let configuration = try Self.demoConfiguration()
        let fixedNow = Self.fixedNow
        let briefing = try await DailyRun(configuration: configuration, now: { fixedNow }).run()
        let job = DailyJob(configuration: configuration, options: JobOptions())
        let rendered = Self.mask(job.render(briefing, as: format))
        let suffix = ["text": "txt", "markdown": "md", "html": "html", "email": "eml"][format.rawValue] ?? "out"
        let file = Self.folder.appendingPathComponent("demo.\(suffix)")
        if Self.record {
            try rendered.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(rendered == expected, "differs from Golden/demo.\(suffix); BRIEFING_RECORD_GOLDEN=1 records it anew")
    }

    /// An output directory gets every format from one rendering of the briefing (and the archive
    /// its fragment): each file must be the golden file, byte for byte, as one format alone gives it.
    @Test func demoOutputDirectoryHoldsTheGoldenFilesAndTheArchiveTheHTMLBody() async throws {
        let folder = Repository.temporaryDirectory("golden-directory")
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = JobOptions()
        options.output = folder.appendingPathComponent("out").path + "/"
        options.stateDirectory = folder.appendingPathComponent("state").path
        let fixedNow = Self.fixedNow
        let outcome = try await DailyJob(
            configuration: try Self.demoConfiguration(), options: options, now: { fixedNow }
        )
        .run()
        let day = "2026-11-28"
        #expect(
            outcome.files.map { ($0 as NSString).lastPathComponent }
                == OutputFormat.allCases.map { "briefing-\(day).\($0.fileExtension)" })
        for (file, suffix) in zip(outcome.files, ["txt", "md", "html", "eml"]) {
            let written = Self.mask(try String(contentsOfFile: file, encoding: .utf8))
            let expected = try String(contentsOf: Self.folder.appendingPathComponent("demo.\(suffix)"), encoding: .utf8)
            #expect(written == expected, "\(file) differs from Golden/demo.\(suffix)")
        }
        // The archive's entry holds the HTML file's body: from its div to the footer, which the
        // feed leaves out, and the div's end.
        let manifest = try BriefingArchive(directory: options.output ?? "", title: "").readManifest()
        let content = try #require(manifest.entries.first?.content)
        let html = try String(contentsOf: Self.folder.appendingPathComponent("demo.html"), encoding: .utf8)
        let footer = try #require(
            html.range(of: "<p style=\"font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#6b6b66;border-top"))
        let body = try #require(html.range(of: "<div style=")).lowerBound
        #expect(content == String(html[body..<footer.lowerBound]) + "</div>")
        #expect(manifest.entries.first?.title == "Demo briefing — Saturday, 28 November 2026")
        #expect(manifest.entries.first?.counts == "23 stories from 4 feeds")
    }
}
