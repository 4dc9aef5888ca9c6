import ArgumentParser
import Foundation
import Pipeline

/// `briefing feeds`: add, list, remove, check, import and export the configured feed lists.
struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Add, list, remove, check, import and export feed lists.",
        subcommands: [Add.self, List.self, Remove.self, Check.self, Test.self, Import.self, Export.self]
    )

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Add a feed, given its URL or the address of a site or page that has one.",
            discussion: """
                A page's feeds are those it advertises (<link rel="alternate">), else those at the \
                usual paths of its host (/feed, /rss.xml, /atom.xml, /index.xml, /feed.json, \
                /feed.xml, /rss); each is fetched and parsed first. A feed on another host than the \
                page's may reach public addresses only. With several feeds found nothing is added \
                unless --all. Feeds the list already has are not added again.
                """)

        @Argument(help: "A feed URL, or the http(s) address of a site or page.")
        var url: String

        @Option(help: "The section to add to (default: the list's first section, or \"Feeds\").")
        var section: String?

        @Flag(help: "Add every feed found, not only a single one.")
        var all = false

        @Option(help: "The feed list to add to, instead of the first configured list.")
        var into: String?

        @OptionGroup var config: ConfigOption

        func run() async throws {
            var configuration = BriefingConfiguration()
            if into == nil || config.config != nil {
                configuration = try config.load(needsFeeds: into == nil, option: "--into FILE.opml")
            }
            let target = try into.map(absolute) ?? firstLocalList(configuration)
            let addition = try await orExit { () async throws(PipelineError) in
                try await FeedListEditing.add(url, section: section, all: all, into: target, fetch: configuration.fetch)
            }
            for feed in addition.added {
                print(
                    "added \(feed.title ?? "(untitled)") (\(feed.url), \(FeedListEditing.details(feed))) to \(target) under \"\(addition.section)\""
                )
            }
            for feed in addition.present {
                print("already in \(target): \(feed.title ?? "(untitled)") (\(feed.url))")
            }
            for rejected in addition.rejected {
                print("skipped \(rejected.url): \(rejected.reason)")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List every feed of the configured lists: section, title and URL.")

        @OptionGroup var config: ConfigOption

        @OptionGroup var feeds: FeedListOption

        @Flag(help: "One JSON object per feed: list, section, title, url.")
        var json = false

        func run() throws {
            let lists = try feeds.feeds.map { [absolute($0)] } ?? localLists(config.load(needsFeeds: true))
            let entries = try orExit { () throws(PipelineError) in try FeedListEditing.entries(lists) }
            if json {
                for entry in entries { print(FeedListEditing.json(entry)) }
            } else if !entries.isEmpty {
                print(FeedListEditing.table(entries))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove",
            abstract: "Remove a feed, by URL or title, from the configured list that has it.",
            discussion: "A title several feeds have removes none: they are listed, to be removed by URL.")

        @Argument(help: "The feed's URL or title.")
        var feed: String

        @OptionGroup var config: ConfigOption

        @Option(help: "Remove from this OPML feed list instead of the configured lists.")
        var from: String?

        func run() throws {
            let lists =
                try from.map { [absolute($0)] }
                ?? localLists(config.load(needsFeeds: true, option: "--from FILE.opml"))
            let removed = try orExit { () throws(PipelineError) in try FeedListEditing.remove(feed, from: lists) }
            for entry in removed {
                print("removed \(entry.title ?? entry.url) (\(entry.url)) from \(entry.list)")
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Fetch and parse every feed concurrently; one line per feed.",
            discussion: "Exit code 0 when every feed succeeds, 2 when some fail, 1 on a bad configuration or list."
        )

        @OptionGroup var config: ConfigOption

        @OptionGroup var feeds: FeedListOption

        @Flag(help: "One JSON object per feed: url, status, http_status, items, bytes, ms, error.")
        var json = false

        func run() async throws {
            let check = try FeedCheck(configuration: feeds.configuration(config))
            let reports = try await orExit { () async throws(PipelineError) in try await check.run() }
            for report in reports {
                print(json ? FeedCheck.json(report) : FeedCheck.line(report))
            }
            if reports.contains(where: { !$0.succeeded }) { throw Exit.partial }
        }
    }

    struct Test: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test",
            abstract: "Show which items of the configured feeds a filter rule keeps and which it drops.",
            discussion: """
                Each RULE is a word or phrase (whole words, any case), or a /regular expression/ \
                (flags i, m, s after the closing slash), optionally limited to one field: title:, \
                text:, author:, link: or category: (e.g. title:budget, author:/^AP$/). Several rules \
                form one list. The rules are include rules (kept: the items that match one) unless \
                --exclude is given; the configured filters are not applied. The items are those the \
                state stores for the configured feeds (what runs fetched, and briefings are made \
                from), read-only; with --fetch, or while the state stores none of them, the feeds \
                are fetched now, without conditional requests, and the state is not written. Exit \
                code 2 when some feeds could not be read.
                """)

        @Argument(help: "The rule(s) to test.")
        var rules: [String]

        @Flag(help: "Test the rules as exclude rules: the items that match one are dropped.")
        var exclude = false

        @Flag(help: "Fetch the feeds now instead of reading the items the state stores.")
        var fetch = false

        @OptionGroup var config: ConfigOption

        @OptionGroup var feeds: FeedListOption

        @Flag(help: "One JSON object per item: feed, title, link, action (keep or drop), rule, field.")
        var json = false

        func run() async throws {
            let test = try FilterTest(configuration: feeds.configuration(config), source: fetch ? .fetched : .stored)
            let filter = exclude ? ItemFilter(exclude: try parsedRules()) : ItemFilter(include: try parsedRules())
            let outcome = try await orExit { () async throws(PipelineError) in try await test.run(filter) }
            for report in outcome.reports {
                print(json ? FilterTest.json(report) : FilterTest.line(report))
            }
            if !json { print(FilterTest.summary(outcome)) }
            for failure in outcome.failures { printError(failure.description) }
            if !outcome.failures.isEmpty { throw Exit.partial }
        }

        func validate() throws { _ = try parsedRules() }

        /// The rules as `FilterRule` reads them; one that cannot be read is a command-line error.
        private func parsedRules() throws -> [FilterRule] {
            try rules.map { text in
                do {
                    return try FilterRule(text)
                } catch {
                    throw ValidationError("\(error)")
                }
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Add the feeds of an OPML file to a feed list (default: the first configured list).")

        @Argument(help: "The OPML file to import.")
        var file: String

        @OptionGroup var config: ConfigOption

        @Option(help: "The feed list to add to, instead of the first configured list.")
        var into: String?

        func run() throws {
            let target =
                try into.map(absolute)
                ?? firstLocalList(config.load(needsFeeds: true, option: "--into FILE.opml"))
            let summary = try orExit { () throws(PipelineError) in
                try FeedListEditing.importList(from: file, into: target)
            }
            print("added \(summary.added) feed\(summary.added == 1 ? "" : "s") to \(target)")
            for location in summary.localFiles {
                print("note: \(location) is a local file; briefing reads it from this machine's disk")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print every configured feed list as one OPML 2.0 document.")

        @OptionGroup var config: ConfigOption

        func run() throws {
            let lists = localLists(try config.load(needsFeeds: true, option: nil))
            print(try orExit { () throws(PipelineError) in try FeedListEditing.export(lists) }, terminator: "")
        }
    }
}

/// The configured lists that are local files (lists at URLs are read-only).
func localLists(_ configuration: BriefingConfiguration) -> [String] {
    configuration.allFeedLists.filter { !$0.contains("://") }
}

/// The list `feeds add` and `import` write to by default: the first configured list.
func firstLocalList(_ configuration: BriefingConfiguration) throws -> String {
    guard let first = configuration.feedLists.first, !first.contains("://") else {
        printError("the first configured feed list is not a local file; give --into FILE")
        throw Exit.failure
    }
    return first
}

/// `path` made absolute against the working directory.
func absolute(_ path: String) -> String {
    ConfigurationLocation.absolute(path)
}
