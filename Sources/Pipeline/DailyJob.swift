import BriefingCore
import Fetching
import Foundation
import History
import Logging
import Rendering

/// The choices of one `briefing run` invocation.
public struct JobOptions: Sendable, Hashable {
    /// Format written to standard output or to a single `--output` file. Nil: a file's extension
    /// (`OutputFormat(fileExtension:)`) when it names a format, else the configuration's.
    public var format: OutputFormat?
    /// A file (one format) or a directory (every format, `briefing-YYYY-MM-DD.{txt,md,html,eml}`).
    public var output: String?
    /// Overrides the configured state directory.
    public var stateDirectory: String?
    public var since: TimeInterval?
    /// Print the briefing without reading or writing anything but the feeds (state is read only).
    public var dryRun = false
    /// Make today's briefing again even if one was made already.
    public var force = false
    /// Send the briefing by email.
    public var send = false
    /// The profiles to make (`--profile`, names or comma lists); empty: every profile.
    public var profiles: [String] = []
    /// The edition to make (`--edition`) instead of the one whose time has come.
    public var edition: String?

    public init() {}
}

/// What a job did.
public struct JobOutcome: Sendable {
    public var briefing: Briefing
    /// The briefing in the requested format, for standard output (nil when written to files).
    public var printed: String?
    /// Files written.
    public var files: [String]
    /// True when today's briefing existed already and was shown again unchanged.
    public var reused: Bool
    /// Why sending failed, when it did (the briefing is kept and sent by the next run).
    public var sendError: String?
    /// Earlier briefings whose delivery was retried, and how that went.
    public var retriedDeliveries: [String]
    /// What the job chose that the user should know (e.g. an earlier briefing kept).
    public var notes: [String] = []
    /// True when `--force` made a briefing with no stories and the day's earlier one was kept.
    public var keptEarlierBriefing = false
    /// The profile ("" without profiles) and edition (nil without editions) it is of.
    public var profile = ""
    public var edition: String?
}

/// `briefing run` from start to end: lock the state, build the briefing, write it, record it,
/// send it.
///
/// Order matters for "nothing lost, nothing repeated": output files are written (atomically)
/// before the state records the items as briefed, and the state records a briefing as
/// "pending" before it is sent. A run killed at any point therefore leaves either no record
/// (the next run makes the briefing again) or a record with its files (the next run sends it).
public struct DailyJob: Sendable {
    public var configuration: BriefingConfiguration
    public var options: JobOptions
    private let fetcher: Fetcher?
    private let now: @Sendable () -> Date
    private let environment: [String: String]
    private let logger: Logger

    /// - Parameter logger: where the job reports its progress (the caller's; the library never
    ///   builds one of its own beyond a silent default).
    public init(
        configuration: BriefingConfiguration, options: JobOptions, fetcher: Fetcher? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        logger: Logger = Logger(label: "briefing", factory: { _ in SwiftLogNoOpLogHandler() }),
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.configuration = configuration
        self.options = options
        self.fetcher = fetcher
        self.environment = environment
        self.logger = logger
        self.now = now
    }

    /// Makes the briefing of a configuration without profiles, or the first one chosen
    /// (see `runAll()`, which makes every one).
    public func run() async throws(PipelineError) -> JobOutcome {
        let outcomes = try await runAll()
        guard let first = outcomes.first else {
            throw PipelineError(input: "--profile", message: "no profile chosen")
        }
        return first
    }

    /// One briefing to make in this run: a profile's (or the configuration's) edition of a day.
    private struct Plan {
        /// The profile's configuration, its title that of the edition.
        var configuration: BriefingConfiguration
        var choice: EditionChoice
        var madeFrom: String
        /// The stored briefings of the same profile, day, edition and inputs, oldest first.
        var sameInputs: [(stored: StoredBriefing, briefing: Briefing)]
        var edition: String { choice.edition?.name ?? "" }
    }

    /// Makes the briefing of every chosen profile (`options.profiles`, else all), in the
    /// configuration's order, under one lock: the feeds of all of them are fetched once and
    /// stored, then each profile's briefing is composed of the items it has not been shown.
    ///
    /// The idempotence and `--force` rules hold per profile, day and edition: a profile whose
    /// edition of the day exists already shows it again (and does not make the feeds be
    /// fetched); the others are made.
    public func runAll() async throws(PipelineError) -> [JobOutcome] {
        let location: StateLocation
        do {
            location = try configuration.stateLocation(directory: options.stateDirectory)
        } catch {
            throw PipelineError(input: error.path, cause: .state(error))
        }
        let directory = location.description
        let dailyRun = DailyRun(configuration: configuration, fetcher: fetcher, logger: logger, now: now)
        let chosen: [BriefingConfiguration]
        do {
            chosen = try configuration.briefings(named: options.profiles)
        } catch {
            throw PipelineError(input: "--profile", message: error.message)
        }
        if let edition = options.edition {
            for briefing in chosen where !briefing.editions.contains(where: { $0.name == edition }) {
                let names = briefing.editions.map(\.name)
                let owner = briefing.profile.isEmpty ? "the configuration" : "profile \(briefing.profile)"
                throw PipelineError(
                    input: "--edition",
                    cause: .selfContained(
                        "--edition: unknown edition \(edition) (\(names.isEmpty ? "\(owner) has no editions" : "\(owner) has \(names.joined(separator: ", "))"))"
                    ))
            }
        }
        if options.send {
            for briefing in chosen { _ = try mailSender(for: briefing) }  // Fail early on bad mail settings.
        }
        // A feed list that is not there is an error even when today's briefing exists already.
        var lists = Set<String>()
        for list in chosen.flatMap(\.feedLists) where !list.contains("://") && lists.insert(list).inserted {
            guard FileManager.default.fileExists(atPath: list) else {
                throw PipelineError(input: list, message: "no such file")
            }
        }
        let refreshOptions = RunOptions(since: options.since, remaking: options.force ? [] : nil)

        if options.dryRun {
            let state = try storeCall(directory) { () throws(StateError) in
                try StateStore(location: location, readOnly: true)
            }
            var refresh = try await dailyRun.refresh(chosen, state: state, options: RunOptions(since: options.since))
            var outcomes: [JobOutcome] = []
            for briefing in chosen {
                let plan = self.plan(briefing, at: refresh.started, sameInputs: [])
                let result = try await dailyRun.compose(
                    plan.configuration, from: &refresh, state: state, options: RunOptions(since: options.since))
                var outcome = JobOutcome(
                    briefing: result.briefing,
                    printed: render(result.briefing, as: options.format ?? briefing.format, for: plan.configuration),
                    files: [], reused: false, sendError: nil, retriedDeliveries: [])
                outcome.profile = briefing.profile
                outcome.edition = plan.choice.edition?.name
                outcomes.append(outcome)
            }
            return outcomes
        }

        logger.debug("opening the state", metadata: ["directory": "\(directory)"])
        let state = try storeCall(directory) { () throws(StateError) in try StateStore(location: location) }
        // A state directory is one process's at a time; a PostgreSQL state serialises its
        // writers itself (transactions), so that any number of processes share it.
        let lock: RunLock?
        if case .directory(let directory) = location {
            lock = try storeCall(directory) { () throws(StateError) in try RunLock(directory: directory) }
        } else {
            lock = nil
        }
        defer { withExtendedLifetime(lock) {} }
        crashPoint("locked")

        var retried: [String] = []
        if options.send {
            retried = try await retryUndelivered(state)
        }

        let started = now()
        var outcomes: [JobOutcome?] = Array(repeating: nil, count: chosen.count)
        var plans: [(index: Int, plan: Plan)] = []
        for (index, briefing) in chosen.enumerated() {
            var plan = self.plan(briefing, at: started, sameInputs: [])
            // Today's briefing is shown again only when it was made from the same feed lists and
            // options; a run with others makes its own.
            plan.sameInputs = try storeCall(directory) { () throws(StateError) in
                try state.briefings(day: plan.choice.day, profile: briefing.profile, edition: plan.edition)
            }
            .compactMap { stored in
                (try? JSONDecoder.briefing.decode(Briefing.self, from: stored.payload)).map { (stored, $0) }
            }
            .filter { $0.1.madeFrom == plan.madeFrom || $0.1.madeFrom.isEmpty }
            if !options.force, let (existing, earlier) = plan.sameInputs.last {
                let files = try write(earlier, plan: plan, many: chosen.count > 1)
                // Made earlier without --send: send it now.
                var sendError: String?
                if options.send && existing.delivery == .none {
                    sendError = try await deliver(earlier, id: existing.id, state: state, for: plan.configuration)
                }
                outcomes[index] = outcome(
                    earlier, plan: plan, files: files, reused: true, sendError: sendError, retried: retried)
                continue
            }
            plans.append((index, plan))
        }
        guard !plans.isEmpty else { return outcomes.compactMap { $0 } }

        // Every feed of the briefings to make, once; stored before any briefing is composed, so
        // that each profile composes from what any run fetched.
        var refresh = try await dailyRun.refresh(plans.map(\.plan.configuration), state: state, options: refreshOptions)
        refresh.record.keep = configuration.retention
        // The stored text serves composing only, which takes items first stored within the
        // profile's max_item_age: kept that long (the longest of all profiles; all, if one has none).
        let ages = configuration.briefings.map(\.maxItemAge)
        refresh.record.keepText = ages.contains(0) ? 0 : ages.max() ?? 0
        let record = refresh.record
        try storeCall(directory) { () throws(StateError) in try state.store(record) }

        for (index, plan) in plans {
            // --force makes again only the day's briefings made from the same inputs; one made
            // from other feed lists keeps its items.
            let remaking = plan.sameInputs.map(\.stored.id)
            var result = try await dailyRun.compose(
                plan.configuration, from: &refresh, state: state,
                options: RunOptions(since: options.since, remaking: options.force ? remaking : nil))
            result.briefing.madeFrom = plan.madeFrom
            outcomes[index] = try await finish(
                result, plan: plan, state: state, retried: retried, many: chosen.count > 1)
        }
        return outcomes.compactMap { $0 }
    }

    /// The plan of `briefing` for a run started at `started`: its edition, day and inputs.
    private func plan(_ briefing: BriefingConfiguration, at started: Date, sameInputs: [(StoredBriefing, Briefing)])
        -> Plan
    {
        let choice = EditionChoice.of(
            started, editions: briefing.editions, named: options.edition, timeZone: timeZone(of: briefing))
        var configuration = briefing
        if let edition = choice.edition { configuration.title = edition.title(for: briefing.title) }
        return Plan(
            configuration: configuration, choice: choice,
            madeFrom: Self.inputs(feedLists: briefing.feedLists, since: options.since),
            sameInputs: sameInputs.map { (stored: $0.0, briefing: $0.1) })
    }

    private func outcome(
        _ briefing: Briefing, plan: Plan, files: [String], reused: Bool, sendError: String?, retried: [String]
    ) -> JobOutcome {
        var outcome = JobOutcome(
            briefing: briefing,
            printed: files.isEmpty
                ? render(briefing, as: options.format ?? plan.configuration.format, for: plan.configuration) : nil,
            files: files, reused: reused, sendError: sendError, retriedDeliveries: retried)
        outcome.profile = plan.configuration.profile
        outcome.edition = plan.choice.edition?.name
        return outcome
    }

    /// Writes, records and sends one composed briefing.
    private func finish(
        _ result: RunResult, plan: Plan, state: StateStore, retried: [String], many: Bool
    ) async throws(PipelineError) -> JobOutcome {
        let directory = state.directory
        let day = plan.choice.day
        crashPoint("built")
        // A remade briefing with no stories never replaces one that had them: the feeds may be
        // down, or have dropped the day's items; the earlier briefing stays, and the user is told.
        if options.force, result.briefing.entryCount == 0, let earlier = plan.sameInputs.last?.briefing,
            earlier.entryCount > 0
        {
            let files = try write(earlier, plan: plan, many: many)
            var outcome = self.outcome(
                earlier, plan: plan, files: files, reused: true, sendError: nil, retried: retried)
            let failed = result.briefing.failures.count
            outcome.keptEarlierBriefing = true
            outcome.notes.append(
                "the remade briefing had no stories\(failed > 0 ? " (\(failed) of \(result.briefing.feedCount) feeds failed)" : ""); today's earlier briefing (\(earlier.entryCount) \(earlier.entryCount == 1 ? "story" : "stories")) is kept"
            )
            return outcome
        }
        let files = try write(result.briefing, plan: plan, many: many)
        crashPoint("written")
        let payload: Data
        do {
            payload = try JSONEncoder.briefing.encode(result.briefing)
        } catch {
            throw PipelineError(input: directory, message: "cannot encode the briefing: \(error)")
        }
        let record = RunRecord(
            day: day, createdAt: result.briefing.date, payload: payload, files: files,
            delivery: options.send ? .pending : .none,
            // The feeds were recorded with the refresh. A --since briefing is a look back, not the
            // day's delivery: it marks no item as briefed, so the regular briefing still has every new item.
            feeds: [], items: options.since == nil ? result.items : [],
            replacing: options.force && options.since == nil ? plan.sameInputs.map(\.stored.id) : [],
            profile: plan.configuration.profile, edition: plan.edition)
        let id = try storeCall(directory) { () throws(StateError) in try state.commit(record) }
        logger.info(
            "briefing recorded",
            metadata: [
                "day": "\(day)", "stories": "\(result.briefing.entryCount)",
                "failed feeds": "\(result.briefing.failures.count)", "profile": "\(plan.configuration.profile)",
                "edition": "\(plan.edition)",
            ])
        crashPoint("committed")

        var sendError: String?
        if options.send {
            sendError = try await deliver(result.briefing, id: id, state: state, for: plan.configuration)
        }
        return outcome(result.briefing, plan: plan, files: files, reused: false, sendError: sendError, retried: retried)
    }

    /// For the crash tests: `BRIEFING_CRASH_AT=NAME` kills the process (SIGKILL, as `kill -9`
    /// would) when the run reaches the point of that name: locked, built, written, committed.
    private func crashPoint(_ name: String) {
        if environment["BRIEFING_CRASH_AT"] == name { kill(getpid(), SIGKILL) }
    }

    // MARK: Output

    /// The configured time zone of `briefing`, for the day of the briefing and the times in it
    /// (UTC when the configuration names none that exists; its loading refuses an unknown one).
    private func timeZone(of briefing: BriefingConfiguration) -> TimeZone {
        TimeZone(identifier: briefing.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
    }

    private func renderer(for briefing: BriefingConfiguration) -> BriefingRenderer {
        BriefingRenderer(
            format: .text,
            timeZone: timeZone(of: briefing),
            wrapColumn: briefing.wrapColumn,
            subscription: briefing.subscription(profile: briefing.profile.isEmpty ? nil : briefing.profile))
    }

    /// The briefing in `format`.
    public func render(_ briefing: Briefing, as format: OutputFormat) -> String {
        render(briefing, as: format, for: configuration)
    }

    /// The briefing in `format`, as profile `profile` (its time zone, wrap column, recipients).
    func render(_ briefing: Briefing, as format: OutputFormat, for profile: BriefingConfiguration) -> String {
        var renderer = self.renderer(for: profile)
        guard let textFormat = Self.rendererFormat(format) else {
            return renderer.message(briefing, from: profile.email.from, to: recipients(of: profile)).rendered()
        }
        renderer.format = textFormat
        return renderer.render(briefing)
    }

    /// The renderer's format for `format`; nil for the email, which is a message made of two.
    private static func rendererFormat(_ format: OutputFormat) -> BriefingRenderer.Format? {
        switch format {
        case .text: .text
        case .markdown: .markdown
        case .html: .html
        case .email: nil
        }
    }

    private func recipients(of profile: BriefingConfiguration) -> [String] {
        profile.email.to.isEmpty ? ["undisclosed-recipients:;"] : profile.email.to
    }

    /// The file name part naming a plan's profile and edition: `briefing-markets-DAY-evening`;
    /// `briefing-DAY` without profiles and editions, as always.
    static func baseName(day: String, profile: String, edition: String) -> String {
        "briefing-" + (profile.isEmpty ? "" : profile + "-") + day + (edition.isEmpty ? "" : "-" + edition)
    }

    /// Writes the output files, if any were asked for; returns their paths.
    ///
    /// A directory gets `briefing-[PROFILE-]DAY[-EDITION].EXT` for every format. A single file
    /// is written as named, unless the run makes several profiles' briefings: then each goes to
    /// the file's name with `-PROFILE` before the extension.
    private func write(_ briefing: Briefing, plan: Plan, many: Bool) throws(PipelineError) -> [String] {
        guard let output = options.output else { return [] }
        let day = plan.choice.day
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory)
        if output.hasSuffix("/") || (exists && isDirectory.boolValue) {
            if !exists {
                do {
                    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
                } catch {
                    throw PipelineError(input: output, message: "cannot create the output directory")
                }
            }
            var files: [String] = []
            let base = Self.baseName(day: day, profile: plan.configuration.profile, edition: plan.edition)
            // Every file and the archive from one preparation and rendering of the briefing.
            let renditions = renderer(for: plan.configuration).renditions(briefing)
            for format in OutputFormat.allCases {
                let path = (output as NSString).appendingPathComponent("\(base).\(format.fileExtension)")
                let text =
                    Self.rendererFormat(format).map { renditions[$0] }
                    ?? renditions.message(from: plan.configuration.email.from, to: recipients(of: plan.configuration))
                    .rendered()
                try AtomicFile.write(text, to: path)
                files.append(path)
            }
            // The archive (index.html, briefings.atom) beside the day's files: one entry per
            // profile, day and edition.
            let profile = plan.configuration.profile
            try BriefingArchive(directory: output, title: configuration.title)
                .add(
                    renditions, day: day, profile: profile.isEmpty ? nil : profile,
                    edition: plan.edition.isEmpty ? nil : plan.edition,
                    file: "\(base).\(OutputFormat.html.fileExtension)", now: now())
            return files
        }
        // `--format` wins; else the file's extension (.txt, .md, .html, .eml); else the configuration's.
        let format = options.format ?? OutputFormat(path: output) ?? plan.configuration.format
        var path = output
        if many {
            let ext = (output as NSString).pathExtension
            let stem = ext.isEmpty ? output : String(output.dropLast(ext.count + 1))
            path = stem + "-" + plan.configuration.profile + (ext.isEmpty ? "" : "." + ext)
        }
        try AtomicFile.write(render(briefing, as: format, for: plan.configuration), to: path)
        return [path]
    }

    /// What a briefing is made from, as stored with it: the feed lists (with a fingerprint of
    /// each local list's contents, so that an edited list counts as other information) and
    /// `--since`.
    static func inputs(feedLists: [String], since: TimeInterval?) -> String {
        let lists = feedLists.map { list in
            guard !list.contains("://"), let data = FileManager.default.contents(atPath: list) else { return list }
            return list + " " + StableHash.hex(String(decoding: data, as: UTF8.self))
        }
        return "lists=" + lists.joined(separator: "\n") + (since.map { "\nsince=\($0)" } ?? "")
    }

    static func day(of date: Date, in timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    // MARK: Delivery

    /// The sender of `profile`'s briefings (its recipients, else `[email] to`).
    private func mailSender(for profile: BriefingConfiguration) throws(PipelineError) -> MailSender {
        let email = profile.email
        guard let url = email.smtpURL, !email.to.isEmpty else {
            throw PipelineError(
                input: "[email]", message: "--send needs email.smtp_url and email.to in the configuration")
        }
        let password = try Credentials.password(environment: environment, file: email.passwordFile)
        let smtp = SMTPConfiguration(
            url: url, from: email.from, to: email.to, startTLS: email.startTLS, username: email.username,
            password: password, caFile: email.caFile)
        do {
            try smtp.validate()
        } catch {
            throw PipelineError(input: "[email]", cause: .mail(error))
        }
        return MailSender(configuration: smtp, environment: environment)
    }

    /// Sends `briefing` and records the outcome; returns the error text when sending failed
    /// (the briefing stays undelivered and the next run retries it).
    ///
    /// The briefing is recorded as `sending` first. If recording the outcome then fails, the run
    /// stops with an error, and the next run finds it `sending` and does not send it again: one
    /// briefing arrives at most once. A failure to record `sending` stops before anything is sent.
    private func deliver(
        _ briefing: Briefing, id: Int64, state: StateStore, for profile: BriefingConfiguration
    ) async throws(PipelineError) -> String? {
        try recordDelivery(.sending, briefing: id, state: state)
        do {
            let sender = try mailSender(for: profile)
            let message = renderer(for: profile).message(briefing, from: profile.email.from, to: profile.email.to)
            try await sender.send(message.rendered())
        } catch {
            let text = String(describing: error)
            logger.warning("sending failed; the next run retries", metadata: ["error": "\(text)"])
            try recordDelivery(.failed, error: text, briefing: id, state: state)
            return text
        }
        logger.info("briefing sent", metadata: ["to": "\(profile.email.to.joined(separator: ", "))"])
        try recordDelivery(.sent, briefing: id, state: state)
        return nil
    }

    private func recordDelivery(
        _ delivery: Delivery, error: String? = nil, briefing id: Int64, state: StateStore
    ) throws(PipelineError) {
        do {
            if environment["BRIEFING_FAIL_AT"] == "record-\(delivery.rawValue)" {
                throw StateError(path: state.directory, message: "injected failure (BRIEFING_FAIL_AT)")
            }
            try state.setDelivery(delivery, error: error, briefing: id)
        } catch {
            let consequence =
                delivery == .sending
                ? "nothing was sent; the next run sends it"
                : "it is not sent again, so that it cannot arrive twice"
            // The state error names the directory.
            throw PipelineError(
                input: state.directory,
                cause: .selfContained(
                    "cannot record that briefing \(id) is \(delivery.rawValue): \(error); \(consequence)"))
        }
    }

    private func retryUndelivered(_ state: StateStore) async throws(PipelineError) -> [String] {
        var notes: [String] = []
        // Left `sending` by a run that could not record the outcome, or died while sending.
        let interrupted = try storeCall(state.directory) { () throws(StateError) in
            try state.briefings(delivery: .sending)
        }
        for stored in interrupted {
            let text =
                "the delivery of the briefing of \(stored.day) was interrupted; it may have arrived, and is not sent again"
            try recordDelivery(.abandoned, error: text, briefing: stored.id, state: state)
            logger.warning("\(text)")
            notes.append(text)
        }
        let pending = try storeCall(state.directory) { () throws(StateError) in try state.undelivered() }
        for stored in pending {
            let briefing: Briefing
            do {
                briefing = try JSONDecoder.briefing.decode(Briefing.self, from: stored.payload)
            } catch {
                let text = "the briefing of \(stored.day) cannot be read from the state and is not sent: \(error)"
                logger.error("\(text)")
                try recordDelivery(.abandoned, error: text, briefing: stored.id, state: state)
                notes.append(text)
                continue
            }
            // A profile's briefing goes to its recipients; one whose profile is gone, to [email]'s.
            let profile = configuration.profiles.first { $0.profile == stored.profile } ?? configuration
            if let error = try await deliver(briefing, id: stored.id, state: state, for: profile) {
                notes.append("briefing of \(stored.day) still unsent: \(error)")
            } else {
                notes.append("briefing of \(stored.day) sent")
            }
        }
        return notes
    }
}

/// Reads the SMTP password from the environment or from a file only its owner can read.
enum Credentials {
    static func password(environment: [String: String], file: String?) throws(PipelineError) -> String? {
        if let value = environment["BRIEFING_SMTP_PASSWORD"], !value.isEmpty { return value }
        guard let file else { return nil }
        var info = stat()
        guard stat(file, &info) == 0 else { throw PipelineError(input: file, message: "cannot read the password file") }
        guard info.st_mode & 0o077 == 0 else {
            throw PipelineError(
                input: file,
                cause: .selfContained("the password file must be readable only by its owner (chmod 600 \(file))"))
        }
        guard info.st_uid == getuid() else {
            throw PipelineError(input: file, message: "the password file must belong to the user running briefing")
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw PipelineError(input: file, message: "cannot read the password file")
        }
        return text.trimmingCharacters(in: .newlines)
    }
}

extension JSONEncoder {
    /// Stable encoding of a briefing for the state: sorted keys, dates as seconds.
    static var briefing: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .secondsSince1970
        return encoder
    }
}

extension JSONDecoder {
    static var briefing: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }
}
