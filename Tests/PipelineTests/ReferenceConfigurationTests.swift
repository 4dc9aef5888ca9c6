import Foundation
import Summarization
import TestSupport
import Testing

@testable import Pipeline

/// `Config/briefing.toml`, the reference `briefing init` writes: complete, with true defaults,
/// and usable where a user copies it.
@Suite struct ReferenceConfigurationTests {
    static let file = Repository.root.appendingPathComponent("Config/briefing.toml")
    /// When the demo's sample items were current.
    static let sampleNow = Date(timeIntervalSince1970: 1_795_859_200)

    @Test func theFileInConfigIsTheTextInitWrites() throws {
        if ProcessInfo.processInfo.environment["BRIEFING_RECORD_REFERENCE"] == "1" {
            try ReferenceConfiguration.text.write(to: Self.file, atomically: true, encoding: .utf8)
        }
        let copy = try String(contentsOf: Self.file, encoding: .utf8)
        #expect(
            copy == ReferenceConfiguration.text,
            "Config/briefing.toml differs from ReferenceConfiguration.text: run the tests with BRIEFING_RECORD_REFERENCE=1"
        )
    }

    /// Section and option names a TOML text sets or shows commented out (`# key = ...`), with
    /// every enclosing table: `fetch`, `fetch.timeout`, `summarizer`, `summarizer.weights`.
    static func optionsNamed(in text: String) -> Set<String> {
        var names: Set<String> = []
        var section = ""
        for raw in text.split(separator: "\n") {
            var line = Substring(raw)
            if line.hasPrefix("#") { line = line.dropFirst().drop(while: { $0 == " " }) }
            if line.hasPrefix("["), let end = line.firstIndex(of: "]") {
                section = String(line[line.index(after: line.startIndex)..<end])
                let parts = section.split(separator: ".")
                for count in 1...parts.count { names.insert(parts.prefix(count).joined(separator: ".")) }
            } else if let equals = line.firstIndex(of: "=") {
                let key = line[..<equals].trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0 == "_" }) else { continue }
                names.insert(section.isEmpty ? key : "\(section).\(key)")
            }
        }
        return names
    }

    @Test func everyOptionTheParserKnowsIsInTheReference() {
        let known = BriefingConfiguration.knownOptions
        #expect(
            known.contains("briefing.feeds") && known.contains("fetch.timeout") && known.contains("full_text.feeds"))
        let written = Self.optionsNamed(in: ReferenceConfiguration.text)
        for option in known {
            #expect(written.contains(option), "the reference does not show \(option)")
        }
        for weight in SummarizerWeights.names {
            #expect(written.contains("summarizer.weights.\(weight)"), "the reference does not show weight \(weight)")
        }
    }

    @Test func everyPerFeedOptionIsInTheReference() throws {
        let names = FeedOptions.optionNames
        #expect(names.contains("password_env") && names.contains("headers") && names.count == 8)
        let text = ReferenceConfiguration.text
        let table = try #require(text.range(of: "# [feeds.\"https://example.com/feed.xml\"]\n"))
        for name in names {
            #expect(
                text[table.upperBound...].contains("\n# \(name) = "), "the reference does not show feeds.URL.\(name)")
        }
        // Its example filters are valid rules.
        let briefing = text.replacingOccurrences(of: "# include = [\"budget\"", with: "include = [\"budget\"")
            .replacingOccurrences(of: "# exclude = [\"category:", with: "exclude = [\"category:")
        let configuration = try BriefingConfiguration.parse(briefing, path: "/etc/briefing/briefing.toml")
        #expect(configuration.filter.include.count == 2 && configuration.filter.exclude.count == 1)
    }

    @Test func theCheckNoticesAMissingOption() {
        let text = ReferenceConfiguration.text.replacingOccurrences(of: "\nmax_items = 0\n", with: "\n")
        #expect(Self.optionsNamed(in: ReferenceConfiguration.text).contains("briefing.max_items"))
        #expect(!Self.optionsNamed(in: text).contains("briefing.max_items"))
        #expect(Self.optionsNamed(in: "[fetch]\n# ca_file = \"x\"").contains("fetch.ca_file"))
    }

    @Test func itsValuesAreTheDefaults() throws {
        let reference = try BriefingConfiguration.parse(
            ReferenceConfiguration.text, path: "/etc/briefing/briefing.toml")
        let defaults = BriefingConfiguration()
        #expect(reference.feedLists == ["/etc/briefing/feeds.opml"])
        #expect(reference.title == defaults.title)
        #expect(reference.format == defaults.format)
        #expect(reference.sentences == defaults.sentences)
        #expect(reference.maxItemsPerSection == defaults.maxItemsPerSection)
        #expect(reference.maxItems == defaults.maxItems)
        #expect(reference.maxItemAge == defaults.maxItemAge)
        #expect(reference.timeZone == defaults.timeZone)
        #expect(reference.wrapColumn == defaults.wrapColumn)
        #expect(reference.stateDirectory == defaults.stateDirectory)
        #expect(reference.retention == defaults.retention)
        #expect(reference.email == defaults.email)
        #expect(reference.fullText == defaults.fullText)
        #expect(reference.fetch == defaults.fetch)
        #expect(reference.summarizer == defaults.summarizer)
    }

    @Test func itNamesEveryFormatAndMode() {
        let text = ReferenceConfiguration.text
        #expect(text.contains(#""text", "markdown", "html" or "email""#))
        #expect(text.contains(#""auto", "always" or "never""#))
    }

    @Test func aCopyRunsOnTheFeedListBesideIt() async throws {
        let folder = Repository.temporaryDirectory("reference")
        defer { try? FileManager.default.removeItem(at: folder) }
        let copy = folder.appendingPathComponent("briefing.toml")
        try FileManager.default.copyItem(at: Self.file, to: copy)
        let samples = Repository.root.appendingPathComponent("Feeds/samples")
        try """
        <opml version="2.0"><body><outline text="News">
        <outline type="rss" text="World" xmlUrl="\(samples.appendingPathComponent("world.xml").path)"/>
        <outline type="rss" text="Business" xmlUrl="\(samples.appendingPathComponent("business.atom").path)"/>
        </outline></body></opml>
        """.write(to: folder.appendingPathComponent("feeds.opml"), atomically: true, encoding: .utf8)
        let configuration = try BriefingConfiguration.load(path: copy.path)
        #expect(configuration.feedLists == [folder.appendingPathComponent("feeds.opml").standardizedFileURL.path])
        let briefing = try await DailyRun(configuration: configuration, now: { Self.sampleNow }).run()
        #expect(briefing.failures.isEmpty)
        #expect(briefing.feedCount == 2)
        #expect(briefing.sections.map(\.name) == ["News"])
        #expect(!(briefing.sections.first?.entries.isEmpty ?? true))
    }

    @Test func inTheRepositoryItRunsOnTheSampleList() async throws {
        let configuration = try BriefingConfiguration.load(path: Self.file.path)
        let briefing = try await DailyRun(configuration: configuration, now: { Self.sampleNow }).run()
        #expect(briefing.failures.isEmpty)
        #expect(briefing.sections.map(\.name) == ["World", "Technology"])
    }
}
