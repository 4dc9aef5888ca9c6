import Testing

@testable import Pipeline

/// A misspelt option names its line and the known option nearest to it; every list of allowed
/// values comes from the type that parses it.
@Suite struct ConfigurationErrorTests {
    static func error(_ text: String) -> String? {
        do {
            _ = try BriefingConfiguration.parse(text, path: "typo.toml")
            return nil
        } catch {
            return error.description
        }
    }

    @Test(arguments: [
        (
            "[briefing]\nfeeds = [\"a\"]\nsentance = 2",
            "config: typo.toml: line 3: briefing.sentance: unknown option; did you mean sentences?"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\nmax-items = 2",
            "config: typo.toml: line 3: briefing.max-items: unknown option; did you mean max_items?"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[fetch]\nconcurrnecy = 2",
            "config: typo.toml: line 4: fetch.concurrnecy: unknown option; did you mean concurrency?"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[email]\nsmtp = \"smtp://x\"",
            "config: typo.toml: line 4: email.smtp: unknown option"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\ncolour = \"red\"",
            "config: typo.toml: line 3: briefing.colour: unknown option"
        ),
        (
            "[briefing]\nfeeds = [\"a\"]\n[summarizer.weights]\npositon = 1",
            "config: typo.toml: line 4: summarizer.weights.positon: unknown weight; did you mean position? (known: "
        ),
    ])
    func unknownOptionsSuggestTheNearestKnownOne(text: String, expected: String) {
        let message = Self.error(text)
        #expect(message?.hasPrefix(expected) == true, "\(message ?? "no error")")
    }

    @Test func suggestionsComeOnlyFromTheKeysOfThatTable() {
        // `timeout` is an option of [fetch], not of [briefing].
        #expect(
            Self.error("[briefing]\nfeeds = [\"a\"]\ntimeout = 3")
                == "config: typo.toml: line 3: briefing.timeout: unknown option")
    }

    @Test func allowedValuesAreListedFromTheirType() {
        #expect(
            Self.error("[briefing]\nfeeds = [\"a\"]\nformat = \"md\"")
                == "config: typo.toml: line 3: briefing.format: expected text, markdown, html or email, found md")
        #expect(
            Self.error("[briefing]\nfeeds = [\"a\"]\n[full_text]\nmode = \"sometimes\"")
                == "config: typo.toml: line 4: full_text.mode: expected auto, always or never, found sometimes")
        #expect(
            Self.error("[briefing]\nfeeds = [\"a\"]\n[full_text.feeds]\n\"https://x.example/f\" = \"no\"")
                == "config: typo.toml: line 4: full_text.feeds.https://x.example/f: expected auto, always or never, found no"
        )
    }

    @Test(arguments: [
        ("sentance", "sentences", 2), ("formt", "format", 1), ("fecth", "fetch", 1), ("ab", "ba", 1),
        ("", "abc", 3), ("same", "same", 0), ("kitten", "sitting", 3),
    ])
    func editDistance(a: String, b: String, distance: Int) {
        #expect(TableReader.editDistance(Array(a), Array(b)) == distance)
    }
}
