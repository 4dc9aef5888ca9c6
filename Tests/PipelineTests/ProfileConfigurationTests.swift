import Foundation
import Testing

@testable import Pipeline

/// `[profiles.NAME]` and `editions`: each profile reads the options of `[briefing]` through the
/// same reader and falls back to them.
@Suite struct ProfileConfigurationTests {
    static func parse(_ text: String) throws -> BriefingConfiguration {
        try BriefingConfiguration.parse(text, path: "/etc/briefing/c.toml")
    }

    @Test func aProfileFallsBackToBriefingAndEmailForEveryOptionItDoesNotSet() throws {
        let configuration = try Self.parse(
            """
            [briefing]
            feeds = ["news.opml"]
            sentences = 2
            format = "markdown"
            time_zone = "Europe/Oslo"
            [email]
            to = ["all@example.com"]
            [profiles.markets]
            title = "Markets"
            feeds = ["lists/markets.opml"]
            to = ["markets@example.com"]
            words = 40
            [profiles.general]
            editions = ["07:00"]
            """)
        #expect(configuration.profile == "")
        #expect(configuration.briefings.map(\.profile) == ["general", "markets"])
        let markets = try #require(configuration.profiles.first { $0.profile == "markets" })
        let general = try #require(configuration.profiles.first { $0.profile == "general" })
        #expect(markets.title == "Markets")
        #expect(markets.feedLists == ["/etc/briefing/lists/markets.opml"])
        #expect(markets.email.to == ["markets@example.com"])
        #expect(markets.words == 40)
        #expect(markets.sentences == 2 && markets.format == .markdown && markets.timeZone == "Europe/Oslo")
        #expect(markets.editions.isEmpty)
        #expect(general.title == "Daily briefing")
        #expect(general.feedLists == ["/etc/briefing/news.opml"])
        #expect(general.email.to == ["all@example.com"])
        #expect(general.editions == [Edition(name: "morning", minute: 420)])
        #expect(general.profiles.isEmpty && markets.profiles.isEmpty)
        #expect(configuration.allFeedLists == ["/etc/briefing/news.opml", "/etc/briefing/lists/markets.opml"])
        // --feeds replaces every profile's lists.
        #expect(configuration.reading(["/x.opml"]).profiles.allSatisfy { $0.feedLists == ["/x.opml"] })
    }

    @Test func withoutProfilesTheConfigurationIsTheOneBriefing() throws {
        let configuration = try Self.parse("[briefing]\nfeeds = [\"news.opml\"]")
        #expect(configuration.profiles.isEmpty)
        #expect(configuration.briefings.map(\.feedLists) == [["/etc/briefing/news.opml"]])
        #expect(try configuration.briefings(named: []).count == 1)
    }

    @Test(arguments: [
        (
            "[profiles.markets]\nsentence = 2",
            "config: /etc/briefing/c.toml: line 4: profiles.markets.sentence: unknown option; did you mean sentences?"
        ),
        (
            "[profiles.markets]\nformat = \"pdf\"",
            "config: /etc/briefing/c.toml: line 4: profiles.markets.format: expected text, markdown, html or email, found pdf"
        ),
        (
            "[profiles.markets]\nfeeds = []",
            "config: /etc/briefing/c.toml: profiles.markets.feeds: name at least one OPML feed list"
        ),
        (
            "[profiles.markets]\ntime_zone = \"Mars/Olympus\"",
            "config: /etc/briefing/c.toml: profiles.markets.time_zone: unknown time zone Mars/Olympus"
        ),
        (
            "[profiles.\"a b\"]\ntitle = \"x\"",
            "config: /etc/briefing/c.toml: line 3: profiles.a b: profile name: use letters, digits, - and _ only (it names files)"
        ),
        (
            "[profiles.m]\nmax_item_age = \"100d\"",
            "config: /etc/briefing/c.toml: line 4: profiles.m.max_item_age: 100d is longer than state.keep (90d); keep the state at least as long"
        ),
        (
            "[profiles]\nmarkets = 1",
            "config: /etc/briefing/c.toml: line 4: profiles.markets: expected a table, found an integer"
        ),
        (
            "[profiles.m]\nto = [\"a@example.com\\r\\nBcc: x@example.com\"]",
            "config: /etc/briefing/c.toml: line 4: profiles.m.to: must be a single line of text, found a carriage return (U+000D), which could add lines to the mail header or the SMTP dialogue"
        ),
    ])
    func aBadProfileIsRefusedWithItsLine(text: String, message: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try Self.parse("[briefing]\nfeeds = [\"n.opml\"]\n" + text)
        }
        #expect(error?.description == message)
    }

    @Test func editionsAreTimesNamedByTheTimeOfDayOrATableOfNames() throws {
        func editions(_ value: String) throws -> [Edition] {
            try Self.parse("[briefing]\nfeeds = [\"n.opml\"]\neditions = \(value)").editions
        }
        #expect(
            try editions("[\"18:00\", \"06:30\", \"13:15\"]") == [
                Edition(name: "morning", minute: 390), Edition(name: "afternoon", minute: 795),
                Edition(name: "evening", minute: 1080),
            ])
        #expect(
            try editions("[\"06:30\", \"09:00\"]") == [
                Edition(name: "morning-0630", minute: 390), Edition(name: "morning-0900", minute: 540),
            ])
        #expect(
            try editions("{ late = \"21:30\", early = \"05:00\" }") == [
                Edition(name: "early", minute: 300), Edition(name: "late", minute: 1290),
            ])
        let bad: [(String, String)] = [
            ("[\"6:30\"]", "line 3: briefing.editions: expected times such as \"06:30\", found 6:30"),
            ("[\"24:00\"]", "line 3: briefing.editions: expected times such as \"06:30\", found 24:00"),
            ("[7]", "line 3: briefing.editions: expected times such as \"06:30\", found an integer"),
            ("[\"07:00\", \"07:00\"]", "line 3: briefing.editions: two editions at 07:00"),
            (
                "{ \"a/b\" = \"07:00\" }",
                "line 3: briefing.editions: edition name a/b: use letters, digits, - and _ only (it names files)"
            ),
            (
                "\"07:00\"",
                "line 3: briefing.editions: expected an array of times such as [\"06:30\", \"18:00\"] or a table of names to times, found a string"
            ),
        ]
        for (value, message) in bad {
            let error = #expect(throws: ConfigurationError.self) { try editions(value) }
            #expect(error?.description == "config: /etc/briefing/c.toml: " + message)
        }
    }

    @Test func theEditionOfARunIsTheLatestWhoseTimeHasComeInTheTimeZone() throws {
        let editions = [Edition(name: "morning", minute: 390), Edition(name: "evening", minute: 1080)]
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        // 2026-11-26 17:30 UTC is 18:30 in Oslo: the evening; in UTC still the morning.
        let time = Date(timeIntervalSince1970: 1_795_680_000 + 9.5 * 3600)
        #expect(EditionChoice.of(time, editions: editions, named: nil, timeZone: oslo).edition?.name == "evening")
        let utc = try #require(TimeZone(identifier: "UTC"))
        #expect(EditionChoice.of(time, editions: editions, named: nil, timeZone: utc).edition?.name == "morning")
        // Before the first edition: the previous day's last.
        let early = Date(timeIntervalSince1970: 1_795_680_000 - 3 * 3600)  // 05:00 UTC
        #expect(
            EditionChoice.of(early, editions: editions, named: nil, timeZone: utc)
                == EditionChoice(day: "2026-11-25", edition: editions[1]))
        #expect(
            EditionChoice.of(early, editions: editions, named: "morning", timeZone: utc)
                == EditionChoice(day: "2026-11-26", edition: editions[0]))
        #expect(
            EditionChoice.of(early, editions: [], named: nil, timeZone: utc)
                == EditionChoice(day: "2026-11-26", edition: nil))
        #expect(editions[1].title(for: "Daily briefing") == "Evening briefing")
        #expect(editions[1].title(for: "Markets") == "Markets, evening edition")
    }

    @Test func theKnownOptionsNameTheProfileTableOnceNotEveryBriefingOptionAgain() {
        let known = BriefingConfiguration.knownOptions
        #expect(known.contains("briefing.editions"))
        #expect(known.contains("profiles") && known.contains("profiles.NAME") && known.contains("profiles.NAME.to"))
        #expect(!known.contains("profiles.NAME.title"))
    }
}
