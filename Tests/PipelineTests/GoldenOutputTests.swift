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

    @Test(arguments: [OutputFormat.text, .markdown, .html, .email])
    func demoBriefingMatchesItsGoldenFile(format: OutputFormat) async throws {
        var configuration = try BriefingConfiguration.load(
            path: Repository.root.appendingPathComponent("Config/demo.toml").path)
        configuration.email.from = "briefing <briefing@example.com>"
        configuration.email.to = ["reader@example.com"]
        let fixedNow = Date(timeIntervalSince1970: 1_795_852_800)  // 2026-11-28 08:00 UTC
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
}
