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

    public func run() async throws(PipelineError) -> JobOutcome {
        let directory = options.stateDirectory ?? configuration.stateDirectory
        let dailyRun = DailyRun(configuration: configuration, fetcher: fetcher, logger: logger, now: now)
        var runOptions = RunOptions(since: options.since)
        if options.send { _ = try mailSender() }  // Fail early on bad mail settings.
        // A feed list that is not there is an error even when today's briefing exists already.
        for list in configuration.feedLists where !list.contains("://") {
            guard FileManager.default.fileExists(atPath: list) else {
                throw PipelineError(input: list, message: "no such file")
            }
        }

        if options.dryRun {
            let state = try storeCall(directory) { () throws(StateError) in
                try StateStore(directory: directory, readOnly: true)
            }
            let result = try await dailyRun.build(state: state, options: runOptions)
            return JobOutcome(
                briefing: result.briefing, printed: render(result.briefing, as: options.format ?? configuration.format),
                files: [], reused: false, sendError: nil, retriedDeliveries: [])
        }

        logger.debug("opening the state", metadata: ["directory": "\(directory)"])
        let state = try storeCall(directory) { () throws(StateError) in try StateStore(directory: directory) }
        let lock = try storeCall(directory) { () throws(StateError) in try RunLock(directory: directory) }
        defer { withExtendedLifetime(lock) {} }
        crashPoint("locked")

        var retried: [String] = []
        if options.send {
            retried = try await retryUndelivered(state)
        }

        let started = now()
        let day = Self.day(of: started, in: timeZone)
        // Today's briefing is shown again only when it was made from the same feed lists and
        // options; a run with others makes its own.
        let madeFrom = Self.inputs(feedLists: configuration.feedLists, since: options.since)
        let sameInputs = try storeCall(directory) { () throws(StateError) in try state.briefings(day: day) }
            .compactMap { stored in
                (try? JSONDecoder.briefing.decode(Briefing.self, from: stored.payload)).map { (stored, $0) }
            }
            .filter { $0.1.madeFrom == madeFrom || $0.1.madeFrom.isEmpty }
        let earlier = sameInputs.last
        if !options.force, let (existing, briefing) = earlier {
            let files = try write(briefing, day: day)
            // Made earlier without --send: send it now.
            var sendError: String?
            if options.send && existing.delivery == .none {
                sendError = try await deliver(briefing, id: existing.id, state: state)
            }
            return JobOutcome(
                briefing: briefing,
                printed: files.isEmpty ? render(briefing, as: options.format ?? configuration.format) : nil,
                files: files, reused: true, sendError: sendError, retriedDeliveries: retried)
        }

        // --force makes again only the day's briefings made from the same inputs; one made from
        // other feed lists keeps its items.
        if options.force { runOptions.remaking = sameInputs.map(\.0.id) }
        var result = try await dailyRun.build(state: state, options: runOptions)
        result.briefing.madeFrom = madeFrom
        crashPoint("built")
        // A remade briefing with no stories never replaces one that had them: the feeds may be
        // down, or have dropped the day's items; the earlier briefing stays, and the user is told.
        if options.force, result.briefing.entryCount == 0, let earlier = earlier?.1, earlier.entryCount > 0 {
            let files = try write(earlier, day: day)
            var outcome = JobOutcome(
                briefing: earlier,
                printed: files.isEmpty ? render(earlier, as: options.format ?? configuration.format) : nil,
                files: files, reused: true, sendError: nil, retriedDeliveries: retried)
            let failed = result.briefing.failures.count
            outcome.keptEarlierBriefing = true
            outcome.notes.append(
                "the remade briefing had no stories\(failed > 0 ? " (\(failed) of \(result.briefing.feedCount) feeds failed)" : ""); today's earlier briefing (\(earlier.entryCount) \(earlier.entryCount == 1 ? "story" : "stories")) is kept"
            )
            return outcome
        }
        let files = try write(result.briefing, day: day)
        crashPoint("written")
        let payload: Data
        do {
            payload = try JSONEncoder.briefing.encode(result.briefing)
        } catch {
            throw PipelineError(input: directory, message: "cannot encode the briefing: \(error)")
        }
        let record = RunRecord(
            day: day, createdAt: started, payload: payload, files: files, delivery: options.send ? .pending : .none,
            // A --since briefing is a look back, not the day's delivery: it marks no item as briefed,
            // so the regular briefing still has every new item.
            feeds: result.feeds, items: options.since == nil ? result.items : [],
            replacing: options.force && options.since == nil ? sameInputs.map(\.0.id) : [], listed: result.listed,
            keep: configuration.retention)
        let id = try storeCall(directory) { () throws(StateError) in try state.commit(record) }
        logger.info(
            "briefing recorded",
            metadata: [
                "day": "\(day)", "stories": "\(result.briefing.entryCount)",
                "failed feeds": "\(result.briefing.failures.count)",
            ])
        crashPoint("committed")

        var sendError: String?
        if options.send {
            sendError = try await deliver(result.briefing, id: id, state: state)
        }
        return JobOutcome(
            briefing: result.briefing,
            printed: files.isEmpty ? render(result.briefing, as: options.format ?? configuration.format) : nil,
            files: files, reused: false, sendError: sendError, retriedDeliveries: retried)
    }

    /// For the crash tests: `BRIEFING_CRASH_AT=NAME` kills the process (SIGKILL, as `kill -9`
    /// would) when the run reaches the point of that name: locked, built, written, committed.
    private func crashPoint(_ name: String) {
        if environment["BRIEFING_CRASH_AT"] == name { kill(getpid(), SIGKILL) }
    }

    // MARK: Output

    /// The configured time zone, for the day of the briefing and the times in it (UTC when the
    /// configuration names none that exists; its loading refuses an unknown one).
    private var timeZone: TimeZone {
        TimeZone(identifier: configuration.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
    }

    private var renderer: BriefingRenderer {
        BriefingRenderer(
            format: .text,
            timeZone: timeZone,
            wrapColumn: configuration.wrapColumn,
            subscription: configuration.subscription())  // issue 20: the footer (pass the profile's name)
    }

    /// The briefing in `format`.
    public func render(_ briefing: Briefing, as format: OutputFormat) -> String {
        var renderer = self.renderer
        switch format {
        case .text: renderer.format = .text
        case .markdown: renderer.format = .markdown
        case .html: renderer.format = .html
        case .email:
            return renderer.message(briefing, from: configuration.email.from, to: recipients).rendered()
        }
        return renderer.render(briefing)
    }

    private var recipients: [String] {
        configuration.email.to.isEmpty ? ["undisclosed-recipients:;"] : configuration.email.to
    }

    /// Writes the output files, if any were asked for; returns their paths.
    private func write(_ briefing: Briefing, day: String) throws(PipelineError) -> [String] {
        guard let output = options.output else { return [] }
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
            for format in OutputFormat.allCases {
                let path = (output as NSString).appendingPathComponent("briefing-\(day).\(format.fileExtension)")
                try AtomicFile.write(render(briefing, as: format), to: path)
                files.append(path)
            }
            // issue 20: the archive (index.html, briefings.atom) beside the day's files; pass the
            // profile and edition names, and the HTML file's name as written above.
            try BriefingArchive(directory: output, title: configuration.title, renderer: renderer)
                .add(briefing, day: day, file: "briefing-\(day).\(OutputFormat.html.fileExtension)", now: now())
            return files
        }
        // `--format` wins; else the file's extension (.txt, .md, .html, .eml); else the configuration's.
        let format = options.format ?? OutputFormat(path: output) ?? configuration.format
        try AtomicFile.write(render(briefing, as: format), to: output)
        return [output]
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

    private func mailSender() throws(PipelineError) -> MailSender {
        let email = configuration.email
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
    private func deliver(_ briefing: Briefing, id: Int64, state: StateStore) async throws(PipelineError) -> String? {
        try recordDelivery(.sending, briefing: id, state: state)
        do {
            let sender = try mailSender()
            let message = renderer.message(briefing, from: configuration.email.from, to: configuration.email.to)
            try await sender.send(message.rendered())
        } catch {
            let text = String(describing: error)
            logger.warning("sending failed; the next run retries", metadata: ["error": "\(text)"])
            try recordDelivery(.failed, error: text, briefing: id, state: state)
            return text
        }
        logger.info("briefing sent", metadata: ["to": "\(configuration.email.to.joined(separator: ", "))"])
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
            if let error = try await deliver(briefing, id: stored.id, state: state) {
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
