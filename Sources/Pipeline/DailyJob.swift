import BriefingCore
import Fetching
import Foundation
import History
import Logging
import Rendering

/// The choices of one `briefing run` invocation.
public struct JobOptions: Sendable, Hashable {
    /// Format written to standard output or to a single `--output` file.
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
        let timeZone = TimeZone(identifier: configuration.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let dailyRun = DailyRun(configuration: configuration, fetcher: fetcher, logger: logger, now: now)
        var runOptions = RunOptions(since: options.since)
        if options.send { _ = try mailSender() }  // Fail early on bad mail settings.

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
        if !options.force,
            let existing = try storeCall(directory, { () throws(StateError) in try state.briefing(day: day) }),
            let briefing = try? JSONDecoder.briefing.decode(Briefing.self, from: existing.payload)
        {
            let files = try write(briefing, day: day)
            // Made earlier without --send: send it now.
            var sendError: String?
            if options.send && existing.delivery == .none {
                sendError = await deliver(briefing, id: existing.id, state: state)
            }
            return JobOutcome(
                briefing: briefing,
                printed: files.isEmpty ? render(briefing, as: options.format ?? configuration.format) : nil,
                files: files, reused: true, sendError: sendError, retriedDeliveries: retried)
        }

        if options.force { runOptions.remaking = day }
        let result = try await dailyRun.build(state: state, options: runOptions)
        crashPoint("built")
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
            feeds: result.feeds, items: result.items, replacesDay: options.force ? day : nil, listed: result.listed,
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
            sendError = await deliver(result.briefing, id: id, state: state)
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

    private var renderer: BriefingRenderer {
        BriefingRenderer(
            format: .text,
            timeZone: TimeZone(identifier: configuration.timeZone) ?? TimeZone(secondsFromGMT: 0) ?? .current,
            wrapColumn: configuration.wrapColumn)
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
            for (format, suffix) in [(OutputFormat.text, "txt"), (.markdown, "md"), (.html, "html"), (.email, "eml")] {
                let path = (output as NSString).appendingPathComponent("briefing-\(day).\(suffix)")
                try AtomicFile.write(render(briefing, as: format), to: path)
                files.append(path)
            }
            return files
        }
        try AtomicFile.write(render(briefing, as: options.format ?? configuration.format), to: output)
        return [output]
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
        return MailSender(
            configuration: SMTPConfiguration(
                url: url, from: email.from, to: email.to, startTLS: email.startTLS, username: email.username,
                password: password))
    }

    /// Sends `briefing`; records the outcome; returns the error text on failure.
    private func deliver(_ briefing: Briefing, id: Int64, state: StateStore) async -> String? {
        do {
            let sender = try mailSender()
            let message = renderer.message(briefing, from: configuration.email.from, to: configuration.email.to)
            try await sender.send(message.rendered())
            try? state.setDelivery(.sent, briefing: id)
            logger.info("briefing sent", metadata: ["to": "\(configuration.email.to.joined(separator: ", "))"])
            return nil
        } catch {
            let text = String(describing: error)
            try? state.setDelivery(.failed, error: text, briefing: id)
            logger.warning("sending failed; the next run retries", metadata: ["error": "\(text)"])
            return text
        }
    }

    private func retryUndelivered(_ state: StateStore) async throws(PipelineError) -> [String] {
        let pending = try storeCall(state.directory) { () throws(StateError) in try state.undelivered() }
        var notes: [String] = []
        for stored in pending {
            guard let briefing = try? JSONDecoder.briefing.decode(Briefing.self, from: stored.payload) else { continue }
            if let error = await deliver(briefing, id: stored.id, state: state) {
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
                input: file, message: "the password file must be readable only by its owner (chmod 600 \(file))")
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
