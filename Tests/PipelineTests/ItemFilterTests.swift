import BriefingCore
import Foundation
import Testing

@testable import Pipeline

/// `include` and `exclude` rules: words, phrases, regular expressions, fields, and the errors
/// of rules that cannot be read.
@Suite struct ItemFilterTests {
    static let budget = FeedItem(
        id: "1", title: "Budget talks resume in Berlin", link: "https://harbourpost.example/politics/budget-talks",
        author: "AP", summaryText: "Ministers met on Tuesday. Interest-rates were not discussed.",
        contentText: "Ministers met on Tuesday to resume budget talks.", categories: ["Politics", "Economy"])
    static let weather = FeedItem(
        id: "2", title: "Sunny weekend ahead", link: "https://harbourpost.example/weather/sunny",
        author: "Jane Budgeter", summaryText: "Forecasters expect 25 degrees.", categories: ["Weather"])

    func rule(_ text: String) throws -> FilterRule { try FilterRule(text) }

    func keeps(_ item: FeedItem, include: [String] = [], exclude: [String] = []) throws -> Bool {
        let filter = ItemFilter(include: try include.map(rule), exclude: try exclude.map(rule))
        return ItemFilter.Matcher(filter).keeps(item)
    }

    @Test func anEmptyFilterKeepsEverything() throws {
        #expect(try keeps(Self.budget))
        #expect(ItemFilter().isEmpty)
    }

    @Test func includeKeepsOnlyWhatMatchesAndExcludeDropsWhatMatches() throws {
        #expect(try keeps(Self.budget, include: ["budget"]))
        #expect(try !keeps(Self.weather, include: ["budget"]))
        #expect(try !keeps(Self.budget, exclude: ["budget"]))
        #expect(try keeps(Self.weather, exclude: ["budget"]))
        // One include rule of several is enough; an exclude rule wins over an include rule.
        #expect(try keeps(Self.weather, include: ["budget", "sunny"]))
        #expect(try !keeps(Self.budget, include: ["budget"], exclude: ["berlin"]))
    }

    @Test func wordsAreWholeWordsInAnyCase() throws {
        #expect(try keeps(Self.budget, include: ["BUDGET"]))
        #expect(try keeps(Self.budget, include: ["BeRlIn"]))
        // "Budgeter" and "budget-talks" in the link: only whole words count ("budget" is a whole
        // word of the link), so a rule on the author field alone does not match "Budgeter".
        #expect(try !keeps(Self.weather, include: ["author:budget"]))
        #expect(try !keeps(Self.budget, include: ["minister"]))
        #expect(try !keeps(Self.budget, include: ["talk"]))
    }

    @Test func phrasesMatchWordsInARowWhateverSeparatesThem() throws {
        #expect(try keeps(Self.budget, include: ["interest rates"]))
        #expect(try keeps(Self.budget, include: ["budget  TALKS"]))
        #expect(try !keeps(Self.budget, include: ["talks budget"]))
        #expect(try !keeps(Self.budget, include: ["tuesday resume"]))
    }

    @Test func wordsAreUnicodeAware() throws {
        let item = FeedItem(
            id: "u", title: "Ärger über Straßenbau in Zürich",
            summaryText: "Die ÖVP kündigt Widerstand an. Biden's plan.")
        #expect(try keeps(item, include: ["ärger"]))
        #expect(try keeps(item, include: ["ZÜRICH"]))
        #expect(try keeps(item, include: ["övp"]))
        #expect(try !keeps(item, include: ["straße"]))
        #expect(try keeps(item, include: ["straßenbau"]))
        // Decomposed ü (u + U+0308) is the same word as the precomposed one.
        #expect(try keeps(item, include: ["u\u{0308}ber"]))
        // An apostrophe ends a word: "Biden" matches "Biden's".
        #expect(try keeps(item, include: ["biden"]))
        // Greek and Cyrillic fold case too.
        let greek = FeedItem(id: "g", title: "ΑΘΗΝΑ: νέος προϋπολογισμός", summaryText: "Москва объявила")
        #expect(try keeps(greek, include: ["αθηνα"]))
        #expect(try keeps(greek, include: ["МОСКВА"]))
        // Chinese has no spaces: each character is a word, so a rule matches characters in a row.
        let chinese = FeedItem(id: "c", title: "北京发布新的预算方案")
        #expect(try keeps(chinese, include: ["预算"]))
        #expect(try !keeps(chinese, include: ["预方"]))
    }

    @Test func theByteScanAgreesWithSplittingIntoWords() throws {
        // Every text built from these pieces, against every phrase: the fast scan and the
        // splitting must agree (or the scan must say it cannot tell).
        let pieces = [
            "budget", "Budget", "BUDGETS", "talks", " ", "-", "'s", "é", "e\u{301}", "\u{301}", "预", "ü", "2026",
            "\u{212A}m", "km", "\n", "_",
        ]
        let phrases: [[String]] = [
            ["budget"], ["budget", "talks"], ["km"], ["2026"], ["talks", "budget"], ["e"], ["s"],
        ]
        var generator = SplitMix(seed: 20)
        var checked = 0
        var found = 0
        for _ in 0..<4000 {
            let count = Int(generator.next() % 7) + 1
            let text = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let words = FilterWords.words(in: text)
            for phrase in phrases {
                let expected = FilterWords.contains(words, phrase)
                if let scanned = FilterWords.asciiMatch(text, phrase.map { Array($0.utf8) }) {
                    #expect(scanned == expected, "\(text.debugDescription) \(phrase)")
                    checked += 1
                    if expected { found += 1 }
                } else {
                    #expect(text.contains("\u{212A}"))
                }
            }
        }
        #expect(checked > 20_000 && found > 1000)
        let kelvin = FeedItem(id: "k", title: "A 5 \u{212A}M run")
        #expect(try keeps(kelvin, include: ["km"]))
    }

    /// A small deterministic generator (SplitMix64, Steele, Lea and Flood 2014).
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func regularExpressionsMatchAnywhereInTheField() throws {
        #expect(try keeps(Self.budget, include: ["/\\bbudg/"]))
        #expect(try !keeps(Self.budget, include: ["/BUDGET/"]))
        #expect(try keeps(Self.budget, include: ["/BUDGET/i"]))
        #expect(try keeps(Self.budget, include: ["/Ber(lin|n)$/"]))
        // A slash inside the pattern is fine: the last slash closes it.
        #expect(try keeps(Self.budget, include: ["link:/example\\/politics\\//"]))
        // Flags: s lets . cross a line end, m lets ^ match at one.
        let lines = FeedItem(id: "l", title: "t", summaryText: "first\nsecond")
        #expect(try !keeps(lines, include: ["/first.second/"]))
        #expect(try keeps(lines, include: ["/first.second/s"]))
        #expect(try !keeps(lines, include: ["/^second/"]))
        #expect(try keeps(lines, include: ["/^second/m"]))
    }

    @Test func aFieldPrefixLimitsTheRuleToThatField() throws {
        #expect(try keeps(Self.budget, include: ["title:budget"]))
        #expect(try !keeps(Self.budget, include: ["title:ministers"]))
        #expect(try keeps(Self.budget, include: ["text:ministers"]))
        #expect(try keeps(Self.budget, include: ["author:/^AP$/"]))
        #expect(try !keeps(Self.weather, include: ["author:/^AP$/"]))
        #expect(try keeps(Self.budget, include: ["link:politics"]))
        #expect(try !keeps(Self.budget, include: ["link:berlin"]))
        #expect(try keeps(Self.budget, include: ["category:economy"]))
        // Each category is matched alone: a regular expression anchors within one.
        #expect(try keeps(Self.budget, include: ["category:/^Economy$/"]))
        #expect(try !keeps(Self.budget, include: ["category:/Politics.Economy/"]))
        #expect(try !keeps(Self.budget, include: ["category:politics economy"]))
        // The prefix is case-insensitive; a word before a colon that names no field is text.
        #expect(try keeps(Self.budget, include: ["Title:Berlin"]))
        #expect(try rule("note: budget").field == nil)
    }

    @Test func theDecisionNamesTheRuleAndField() throws {
        let filter = ItemFilter(include: [try rule("sunny"), try rule("budget")], exclude: [try rule("author:jane")])
        let matcher = ItemFilter.Matcher(filter)
        let kept = matcher.decide(Self.budget)
        #expect(kept.kept && kept.rule?.text == "budget" && kept.field == .title)
        let dropped = matcher.decide(Self.weather)
        #expect(!dropped.kept && dropped.rule?.text == "author:jane" && dropped.field == .author)
        let none = matcher.decide(FeedItem(id: "x", title: "Nothing here"))
        #expect(!none.kept && none.rule == nil)
    }

    @Test func rulesThatCannotBeReadAreRefusedWithTheReason() {
        let cases: [(String, String)] = [
            ("", "an empty rule"),
            ("  ", "an empty rule"),
            ("title:", "an empty rule"),
            ("++", "no letters or digits to match"),
            ("/(unclosed/", "invalid regular expression"),
            ("/budget", "end it with /"),
            ("/", "end it with /"),
            ("//", "an empty regular expression"),
            ("/budget/x", "unknown regular expression flag x"),
        ]
        for (text, reason) in cases {
            #expect(throws: FilterRuleError.self, "\(text)") { try FilterRule(text) }
            do {
                _ = try FilterRule(text)
            } catch {
                #expect(error.description.contains(reason), "\(text): \(error)")
                #expect(error.description.hasPrefix("rule \"\(text)\""))
            }
        }
    }

    @Test func anInvalidRegularExpressionInTheConfigurationNamesFileAndLine() throws {
        let text = """
            [briefing]
            feeds = ["feeds.opml"]
            include = ["budget",
              "/(unclosed/"]
            """
        #expect {
            try BriefingConfiguration.parse(text, path: "/etc/briefing/filters.toml")
        } throws: { error in
            let description = "\(error)"
            return description.hasPrefix(
                "config: /etc/briefing/filters.toml: line 3: briefing.include: rule \"/(unclosed/\": invalid regular expression"
            )
        }
        let perFeed = """
            [briefing]
            feeds = ["feeds.opml"]

            [feeds."https://example.com/feed.xml"]
            full_text = "never"
            exclude = ["/[a-/"]
            """
        #expect {
            try BriefingConfiguration.parse(perFeed, path: "f.toml")
        } throws: { error in
            "\(error)".hasPrefix(
                "config: f.toml: line 6: feeds.https://example.com/feed.xml.exclude: rule \"/[a-/\": invalid regular expression"
            )
        }
    }

    @Test func briefingAndFeedRulesAreReadAndBothApply() throws {
        let text = """
            [briefing]
            feeds = ["feeds.opml"]
            include = ["budget", "/\\\\bweather\\\\b/i"]
            exclude = "author:jane"

            [feeds."https://a.example/feed.xml"]
            include = ["title:berlin"]
            """
        let configuration = try BriefingConfiguration.parse(text, path: "/c/b.toml")
        #expect(configuration.filter.include.map(\.text) == ["budget", "/\\bweather\\b/i"])
        #expect(configuration.filter.exclude.map(\.text) == ["author:jane"])
        var filters = RunFilters(configuration)
        let budgetElsewhere = FeedItem(id: "3", title: "Budget in Paris")
        let kept = [
            filters.keeps(Self.budget, from: "https://a.example/feed.xml"),
            filters.keeps(Self.budget, from: "https://b.example/feed.xml"),
            // The feed's own rule wants Berlin in the title; the other feed has none.
            filters.keeps(budgetElsewhere, from: "https://a.example/feed.xml"),
            filters.keeps(budgetElsewhere, from: "https://b.example/feed.xml"),
            // Jane's weather item matches the include rule but also the exclude rule.
            filters.keeps(Self.weather, from: "https://b.example/feed.xml"),
            filters.keeps(FeedItem(id: "4", title: "Other news"), from: "https://b.example/feed.xml"),
        ]
        #expect(kept == [true, true, false, true, false, false])
    }
}
