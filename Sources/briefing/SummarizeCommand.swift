import ArgumentParser
import BriefingCore
import Foundation
import Pipeline
import Summarization

/// `briefing summarize`: a one-off summary of a file, standard input or a web page.
struct SummarizeCommand: AsyncParsableCommand, PlainlyParsable {
    static let configuration = CommandConfiguration(
        commandName: "summarize",
        abstract: "Summarize a text file, standard input (-) or an http(s) URL.",
        discussion: """
            Prints the chosen sentences in document order, one per line. With --batch, reads \
            JSON lines {"id", "text", "title"?} and writes one {"id", "summary"} line per input line.
            """
    )

    @Argument(help: "A file path, - for standard input, or an http(s) URL.")
    var source: String?

    @Option(name: .shortAndLong, help: "Sentences to keep.")
    var sentences: Int = 3

    @Option(help: "Keep at most this many words (whole sentences only) instead of --sentences.")
    var words: Int?

    @Option(help: "Keep this share of the document's sentences (0 < R <= 1) instead of --sentences.")
    var ratio: Double?

    @Flag(help: "Show every sentence with its features and score, and which were chosen.")
    var explain = false

    @Option(help: "Summarize every line of this JSONL file instead of SOURCE.")
    var batch: String?

    @Flag(
        help: """
            With --batch: print to standard error the CPU time spent summarizing and the share of \
            the process's CPU time left to the rest (JSON in and out, reading, writing, start-up).
            """)
    var timings = false

    /// For summarizer weights and fetch limits; none is read unless given.
    @OptionGroup var config: ConfigOption

    static let plainFlags = ["explain", "timings"]
    static let plainOptions = ["sentences", "words", "ratio", "batch", "config"]

    init() {}

    init?(plain line: PlainCommandLine) {
        guard line.positionals.count <= 1, let sentences = line.option("sentences", as: Int.self),
            let words = line.option("words", as: Int.self), let ratio = line.option("ratio", as: Double.self)
        else { return nil }
        source = line.positionals.first
        self.sentences = sentences ?? 3
        self.words = words
        self.ratio = ratio
        explain = line.flag("explain")
        timings = line.flag("timings")
        batch = line.option("batch")
        config = ConfigOption()
        config.config = line.option("config")
    }

    func validate() throws {
        guard sentences >= 1 else { throw ValidationError("--sentences must be at least 1") }
        if let words, words < 1 { throw ValidationError("--words must be at least 1") }
        if let ratio, !(ratio > 0 && ratio <= 1) { throw ValidationError("--ratio must be above 0 and at most 1") }
        guard words == nil || ratio == nil else { throw ValidationError("give --words or --ratio, not both") }
        guard (source == nil) != (batch == nil) else {
            throw ValidationError("give either a SOURCE or --batch FILE")
        }
        guard !timings || batch != nil else { throw ValidationError("--timings goes with --batch") }
    }

    func run() async throws {
        let (oneOff, length) = try setUp()
        guard batch == nil, let source else { return try runBatch(oneOff, length) }
        let summary = try await orExit { () async throws(PipelineError) in
            try await oneOff.summarize(source, length: length)
        }
        show(summary)
    }

    /// A batch, or a local source, without the concurrency runtime.
    func runSynchronously() throws -> Bool {
        let (oneOff, length) = try setUp()
        guard batch == nil, let source else {
            try runBatch(oneOff, length)
            return true
        }
        let summary = try orExit { () throws(PipelineError) -> Summary? in
            guard let input = try SourceReader.readLocal(source, fetch: oneOff.fetch) else { return nil }
            return try oneOff.summarize(oneOff.document(from: input, source: source), of: source, length: length)
        }
        guard let summary else { return false }
        show(summary)
        return true
    }

    /// The summarizer and fetch limits (from `--config`, if given), and the summary's length.
    private func setUp() throws -> (OneOffSummary, SummaryLength) {
        var summarizer = Summarizer()
        var oneOff = OneOffSummary()
        if config.config != nil {
            let configuration = try config.load(needsFeeds: false)
            summarizer = Summarizer(configuration: configuration.summarizer)
            oneOff.fetch = configuration.fetch
        }
        oneOff.summarizer = summarizer
        let length: SummaryLength =
            if let words { .words(words) } else if let ratio { .ratio(ratio) } else { .sentences(sentences) }
        return (oneOff, length)
    }

    private func runBatch(_ oneOff: OneOffSummary, _ length: SummaryLength) throws {
        guard let batch else { return }
        var runner = BatchSummarization(summarizer: oneOff.summarizer, length: length)
        if timings { runner.summarizingTime = CPUTime.Total() }
        let output = OutputBuffer()
        defer { output.flush() }
        try orExit { () throws(PipelineError) in
            defer { output.flush() }
            try runner.run(path: batch, output: output)
        }
        if let summarizing = runner.summarizingTime?.total {
            output.flush()
            printError(Self.timingsLine(summarizing: summarizing, process: CPUTime.process()))
        }
    }

    /// `--timings`' line: the summarizing CPU time, the process's, and the share of the rest.
    static func timingsLine(summarizing: UInt64, process: UInt64) -> String {
        let rest = process > summarizing ? Double(process - summarizing) / Double(process) : 0
        func milliseconds(_ nanoseconds: UInt64) -> String { String(format: "%.1f ms", Double(nanoseconds) / 1e6) }
        return "timings: summarizing \(milliseconds(summarizing)) of \(milliseconds(process)) CPU (all threads); "
            + "JSON in and out, reading, writing and start-up: \(String(format: "%.1f%%", rest * 100))"
    }

    private func show(_ summary: Summary) {
        if explain {
            print(summary.explanation, terminator: "")
            return
        }
        for sentence in summary.sentences {
            print(sentence.text)
        }
    }
}
