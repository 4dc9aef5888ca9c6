import Foundation
import Summarization
import TestSupport
import Testing

@testable import Pipeline

@Suite struct ConfigurationTests {
    @Test func defaultsApplyAndRelativeListsResolveAgainstTheFile() throws {
        let configuration = try BriefingConfiguration.parse(
            """
            [briefing]
            feeds = ["lists/news.opml", "https://example.com/feeds.opml"]
            """, path: "/etc/briefing/briefing.toml")
        #expect(configuration.feedLists == ["/etc/briefing/lists/news.opml", "https://example.com/feeds.opml"])
        #expect(configuration.title == "Daily briefing")
        #expect(configuration.sentences == 3)
        #expect(configuration.format == .text)
        #expect(configuration.fetch.maxConcurrent == 16)
        #expect(configuration.fetch.maxPerHost == 2)
        #expect(configuration.fetch.totalTimeout == 30)
        #expect(configuration.fetch.maxBodyBytes == 10 * 1024 * 1024)
    }

    @Test func everyOptionIsRead() throws {
        let configuration = try BriefingConfiguration.parse(
            """
            [briefing]
            title = "Morning"
            feeds = "a.opml"
            format = "markdown"
            sentences = 2
            max_items_per_section = 5
            time_zone = "Europe/Berlin"
            wrap_column = 60
            [fetch]
            concurrency = 4
            per_host = 1
            connect_timeout = 2.5
            timeout = 12
            max_body_bytes = 2048
            max_redirects = 2
            attempts = 1
            """, path: "c.toml")
        #expect(configuration.title == "Morning")
        #expect(configuration.format == .markdown)
        #expect(configuration.sentences == 2)
        #expect(configuration.maxItemsPerSection == 5)
        #expect(configuration.timeZone == "Europe/Berlin")
        #expect(configuration.wrapColumn == 60)
        #expect(configuration.fetch.maxConcurrent == 4)
        #expect(configuration.fetch.maxPerHost == 1)
        #expect(configuration.fetch.connectTimeout == 2.5)
        #expect(configuration.fetch.totalTimeout == 12)
        #expect(configuration.fetch.maxBodyBytes == 2048)
        #expect(configuration.fetch.maxRedirects == 2)
        #expect(configuration.fetch.maxAttempts == 1)
    }

    @Test(arguments: [
        ("[briefing]\nfeeds = []", "config: c.toml: briefing.feeds: name at least one OPML feed list"),
        (
            "[briefing]\nfeeds = [\"a\"]\nformt = \"text\"",
            "config: c.toml: line 3: briefing.formt: unknown option; did you mean format?"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\nsentences = \"3\"",
            "config: c.toml: line 3: briefing.sentences: expected an integer, found a string"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\nsentences = 0",
            "config: c.toml: line 3: briefing.sentences: 0 is out of range (1 to 20)"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\nformat = \"pdf\"",
            "config: c.toml: line 3: briefing.format: expected text, markdown, html or email, found pdf"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[full_text]\nmode = \"some\"",
            "config: c.toml: line 4: full_text.mode: expected auto, always or never, found some"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\ntime_zone = \"Mars/Olympus\"",
            "config: c.toml: briefing.time_zone: unknown time zone Mars/Olympus"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[fetch]\ntimeout = -1",
            "config: c.toml: line 4: fetch.timeout: -1.0 is out of range (0.1 to 3600.0)"
        ),
        ("[briefing]\nfeeds = [\"a\"]\n[fecth]", "config: c.toml: line 3: fecth: unknown option; did you mean fetch?"),
        (
            "[briefing]\nfeeds = [\"a\"]\n[state]\nkeep = \"3 months\"",
            "config: c.toml: line 4: state.keep: expected a duration such as 90d or 26w, found 3 months"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\nmax_item_age = \"2w\"\n[state]\nkeep = \"10d\"",
            "config: c.toml: line 5: state.keep: 10d is shorter than briefing.max_item_age (14d); an item that left its feed and came back would be briefed again: keep at least as long, or 0 to keep everything"
        ),
        ("[briefing\nfeeds = 1", "config: c.toml: line 1: expected ], found end of line"),
        (
            "[briefing]\nfeeds = [\"a\"]\n[email]\nunsubscribe = \"javascript:alert(1)\"",
            "config: c.toml: line 4: email.unsubscribe: expected a mailto: address or an http(s) URL of at most 900 bytes, found javascript:alert(1)"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[email]\nunsubscribe = \"mailto:leave me@example.com\"",
            "config: c.toml: line 4: email.unsubscribe: expected a mailto: address or an http(s) URL of at most 900 bytes, found mailto:leave me@example.com"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[state]\nurl = \"postgresql://briefing:hunter2@db.example/briefing\"",
            "config: c.toml: line 4: state.url: the URL holds a password: put it in [state] password_file, BRIEFING_PG_PASSWORD or ~/.pgpass instead"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[state]\nurl = \"mysql://db.example/briefing\"",
            "config: c.toml: line 4: state.url: not a PostgreSQL URL (postgresql://user@host:port/database)"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[state]\npassword_file = \"pw\"",
            "config: c.toml: line 4: state.password_file: is for a PostgreSQL state: set [state] url too"
        ),
    ])
    func badConfigurationIsOneClearLine(text: String, expected: String) throws {
        let error = try #require(throws: ConfigurationError.self) {
            _ = try BriefingConfiguration.parse(text, path: "c.toml")
        }
        #expect(error.description == expected)
    }

    @Test(arguments: [
        ("from", "from = \"a@b\\r\\nBcc: evil@x\"", "a carriage return (U+000D)"),
        ("to", "to = [\"ok@example.com\",\n  \"r@x\\nBcc: evil@x\"]", "a line feed (U+000A)"),
        ("username", "username = \"me\\u0000\"", "a NUL byte (U+0000)"),
        ("from", "from = \"\"\"Ann\nBcc: evil@x <a@b>\"\"\"", "a line feed (U+000A)"),
    ])
    func headerInjectionInEmailIsRefusedNamingOptionAndLine(key: String, line: String, found: String) {
        let text = "[briefing]\nfeeds = [\"a\"]\n\n[email]\nsmtp_url = \"smtp://mail.example.com\"\n\(line)\n"
        let error = Self.refusal(text)
        #expect(error?.line == 6)
        #expect(
            error?.description == "config: c.toml: line 6: email.\(key): must be a single line of text, found "
                + "\(found), which could add lines to the mail header or the SMTP dialogue")
    }

    /// The error reading `text` gives; nil, with an issue recorded, when it reads.
    static func refusal(_ text: String) -> ConfigurationError? {
        do {
            _ = try BriefingConfiguration.parse(text, path: "c.toml")
            Issue.record("expected an error for \(text)")
            return nil
        } catch {
            return error
        }
    }

    @Test func theUnsubscribeAddressIsKeptAsTheLinkPolicyWritesItAndTheFileNamedForTheFooter() throws {
        let base = "[briefing]\nfeeds = [\"a\"]\n[email]\nto = [\"r@example.com\"]\n"
        let mail = try BriefingConfiguration.parse(
            base + "unsubscribe = \"MAILTO:leave@example.com?subject=stop\"", path: "/etc/briefing/work.toml")
        #expect(mail.email.unsubscribe == "mailto:leave@example.com?subject=stop")
        #expect(mail.fileName == "work.toml")
        #expect(mail.subscription(profile: "markets")?.configuration == "work.toml")
        #expect(mail.subscription()?.unsubscribe == "mailto:leave@example.com?subject=stop")
        let web = try BriefingConfiguration.parse(
            base + "unsubscribe = \"HTTPS://example.com/stop me\"", path: "c.toml")
        #expect(web.email.unsubscribe == "https://example.com/stop%20me")
        // No recipient and no unsubscribe address: nobody is sent it, so there is no footer.
        #expect(try BriefingConfiguration.parse("[briefing]\nfeeds = [\"a\"]\n", path: "c.toml").subscription() == nil)
    }

    @Test func aTitleWithALineBreakIsRefusedAsItGoesIntoTheSubject() {
        let error = Self.refusal("# briefing\n[briefing]\nfeeds = [\"a\"]\ntitle = \"News\\r\\nBcc: evil@x\"")
        #expect(
            error?.description.hasPrefix("config: c.toml: line 4: briefing.title: must be a single line of text")
                == true)
    }

    @Test func linesAreKnownForTablesDottedKeysAndInlineTables() throws {
        let document = try TOMLReader.read(
            "a = 1\n\n[t]\nb.c = 2\nd = { e = 3 }\n[[list]]\nf = 4\n[u.v]\ng = \"\"\"x\ny\"\"\"\nh = 5")
        #expect(document.line(of: ["a"]) == 1)
        #expect(document.line(of: ["t"]) == 3)
        #expect(document.line(of: ["t", "b"]) == 4)
        #expect(document.line(of: ["t", "b", "c"]) == 4)
        #expect(document.line(of: ["t", "d", "e"]) == 5)
        #expect(document.line(of: ["list"]) == 6)
        #expect(document.line(of: ["u"]) == 8)
        #expect(document.line(of: ["u", "v", "g"]) == 9)
        #expect(document.line(of: ["u", "v", "h"]) == 11)
        #expect(document.line(of: ["nothing"]) == nil)
    }

    @Test func emailCAFileResolvesAgainstTheFileAndMustNotBeEmpty() throws {
        let configuration = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\n[email]\nca_file = \"certs/ca.pem\"\nfrom = \"Zoë Ångström <z@example.com>\"",
            path: "/etc/briefing/briefing.toml")
        #expect(configuration.email.caFile == "/etc/briefing/certs/ca.pem")
        #expect(configuration.email.from == "Zoë Ångström <z@example.com>")
        #expect(try BriefingConfiguration.parse("[briefing]\nfeeds = [\"a\"]", path: "c.toml").email.caFile == nil)
        #expect(
            Self.refusal("[briefing]\nfeeds = [\"a\"]\n[email]\nca_file = \"\"")?.description
                == "config: c.toml: line 4: email.ca_file: name a PEM file of CA certificates")
    }

    @Test func keepDefaultsTo90DaysAndMayBeAsShortAsMaxItemAgeOrZero() throws {
        let defaults = try BriefingConfiguration.parse("[briefing]\nfeeds = [\"a\"]", path: "c.toml")
        #expect(defaults.retention == 90 * 86400)
        let equal = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\nmax_item_age = \"36h\"\n[state]\nkeep = \"36h\"", path: "c.toml")
        #expect(equal.retention == 36 * 3600)
        let forever = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\n[state]\nkeep = \"0\"", path: "c.toml")
        #expect(forever.retention == 0)
        let noAgeLimit = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\nmax_item_age = \"0\"\n[state]\nkeep = \"1d\"", path: "c.toml")
        #expect(noAgeLimit.retention == 86400)
    }

    @Test func unknownSummarizerWeightIsNamed() throws {
        let error = try #require(throws: ConfigurationError.self) {
            _ = try BriefingConfiguration.parse(
                "[briefing]\nfeeds = [\"a\"]\n[summarizer.weights]\nno_such_weight = 1", path: "c.toml")
        }
        #expect(
            error.description.hasPrefix(
                "config: c.toml: line 4: summarizer.weights.no_such_weight: unknown weight (known: "))
    }

    @Test func theReferenceConfigurationReadsAndBadWeightsAreRefused() throws {
        let reference = try BriefingConfiguration.load(
            path: Repository.root.appendingPathComponent("Config/briefing.toml").path)
        #expect(reference.summarizer.weights == SummarizerWeights())
        let error = try #require(throws: ConfigurationError.self) {
            _ = try BriefingConfiguration.parse(
                "[briefing]\nfeeds = [\"a\"]\n[summarizer.weights]\nposition_scale = 0", path: "c.toml")
        }
        #expect(
            error.description.hasPrefix("config: c.toml: summarizer.weights: summarization: weight 'position_scale'")
        )
    }

    @Test func formerWeightNamesWorkWithAWarning() throws {
        let configuration = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\n[summarizer.weights]\npositionScale = 4\ncoverage = 0.25", path: "c.toml")
        #expect(configuration.summarizer.weights.positionScale == 4)
        #expect(configuration.summarizer.weights.coverage == 0.25)
        #expect(
            configuration.warnings == [
                "config: c.toml: summarizer.weights.positionScale is now called position_scale; the old name will stop working in the next release"
            ])
        let current = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\n[summarizer.weights]\nposition_scale = 4", path: "c.toml")
        #expect(current.warnings.isEmpty && current.summarizer.weights.positionScale == 4)
    }

    @Test func aWordBudgetIsReadAndChecked() throws {
        let configuration = try BriefingConfiguration.parse(
            "[briefing]\nfeeds = [\"a\"]\nwords = 40", path: "c.toml")
        #expect(configuration.words == 40 && configuration.sentences == 3)
        #expect(try BriefingConfiguration.parse("[briefing]\nfeeds = [\"a\"]", path: "c.toml").words == 0)
        #expect(throws: ConfigurationError.self) {
            try BriefingConfiguration.parse("[briefing]\nfeeds = [\"a\"]\nwords = -1", path: "c.toml")
        }
    }

    /// Found by FuzzConfiguration: a 48-digit `max_item_age` crashed (Double to Int overflow)
    /// when the retention check wrote it back.
    @Test func anAbsurdlyLongDurationIsAnErrorNotACrash() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try BriefingConfiguration.parse(
                "[briefing]\nfeeds = [\"a\"]\nmax_item_age = \"333333333333333333333333333333333333333333333336h\"\n[state]\nkeep = \"32h\"",
                path: "c.toml")
        }
        #expect(error.description.contains("max_item_age"), "\(error.description)")
        #expect(DurationText.seconds("1000w") != nil && DurationText.seconds("100000w") == nil)
        #expect(DurationText.describe(1e300) == "1e+300s")
    }

    @Test func missingFileIsNamed() throws {
        let error = try #require(throws: ConfigurationError.self) {
            _ = try BriefingConfiguration.load(path: "/nonexistent/briefing.toml")
        }
        #expect(error.description == "config: /nonexistent/briefing.toml: no such file")
    }

    @Test func defaultLocationFollowsXDG() {
        #expect(
            ConfigurationLocation.defaultPath(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"])
                == "/x/briefing/briefing.toml")
        #expect(ConfigurationLocation.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/briefing/briefing.toml")
    }
}
