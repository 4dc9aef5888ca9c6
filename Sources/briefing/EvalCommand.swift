import ArgumentParser
import BriefingCore
import Foundation
import Summarization

/// `briefing eval`: ROUGE and fact recall of our summaries beside Lead-N.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Score summaries against references.",
        discussion: """
            Reads JSON Lines {"id", "text", "summary", "title"?} (summary: one reference sentence \
            per line) and prints ROUGE-1, ROUGE-2, ROUGE-Lsum F1 (x100, Porter-stemmed, as Google's \
            rouge-score computes them) and fact recall (share of the reference's numbers and named \
            entities the summary states) for our summaries and for Lead-N.
            """)

    @Option(name: .long, help: "Evaluation data (JSON Lines). Repeat for several files.")
    var data: [String]

    @Option(name: .long, help: "Sentences per summary.")
    var sentences: Int = 3

    @Option(
        name: .long,
        help: "Keep at most this many words per summary (whole sentences) instead of --sentences; Lead then takes the leading sentences that fit.")
    var words: Int?

    @Option(
        name: .long,
        help: "Write each document's sentence features and labels as JSON Lines to this file (for scripts/fit-summarizer-weights.py), instead of scoring.")
    var features: String?

    @Option(name: .long, help: "Override a summarizer weight, as NAME=VALUE. Repeatable.")
    var weight: [String] = []

    @Option(
        name: .long,
        help: "Write our summaries as JSON Lines {id, summary} to this file (for rouge_eval.py).")
    var output: String?

    @Flag(name: .long, help: "Print one JSON object per data file instead of a table.")
    var json = false

    func validate() throws {
        if sentences < 1 { throw ValidationError("--sentences must be at least 1") }
        if let words, words < 1 { throw ValidationError("--words must be at least 1") }
        _ = try makeConfiguration()
    }

    func makeConfiguration() throws -> SummarizerConfiguration {
        var weights = SummarizerWeights()
        for entry in weight {
            let parts = entry.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, let value = Double(parts[1]) else {
                throw ValidationError("--weight expects NAME=VALUE, got '\(entry)'")
            }
            guard let name = SummarizerWeights.canonicalName(String(parts[0])) else {
                let known = SummarizerWeights.names.joined(separator: ", ")
                throw ValidationError("--weight: unknown weight '\(parts[0])' (known: \(known))")
            }
            weights[name: name] = value
        }
        let configuration = SummarizerConfiguration(weights: weights)
        do {
            try configuration.validate()
        } catch {
            throw ValidationError("\(error)")
        }
        return configuration
    }

    func run() throws {
        let configuration = try makeConfiguration()
        var outputLines: [String] = []
        for path in data {
            let records: [EvaluationRecord]
            do {
                records = try EvaluationRecord.parse(jsonLines: String(contentsOfFile: path, encoding: .utf8))
            } catch let error as EvaluationError {
                printError("eval: \(path): line \(error.line): \(error.message)")
                throw Exit.failure
            } catch {
                let reason =
                    FileManager.default.fileExists(atPath: path) ? "cannot read the file as UTF-8" : "no such file"
                printError("eval: \(path): \(reason)")
                throw Exit.failure
            }
            if features != nil {
                let summarizer = Summarizer(configuration: configuration)
                for record in records {
                    let example = TrainingData.example(record, summarizer: summarizer)
                    outputLines.append(trainingLine(path: path, example))
                }
                continue
            }
            let length: SummaryLength = words.map { .words($0) } ?? .sentences(sentences)
            let report = Evaluation.run(records, length: length, configuration: configuration)
            if json {
                print(jsonLine(path: path, report: report))
            } else {
                print("## \(path)\n")
                print(report.table)
                print("")
            }
            for (id, summary) in report.outputs {
                outputLines.append(JSONValue.object([("id", .string(id)), ("summary", .string(summary))]).text)
            }
        }
        if let path = features ?? output {
            do {
                try (outputLines.joined(separator: "\n") + "\n").write(
                    toFile: path, atomically: true, encoding: .utf8)
            } catch {
                printError("eval: \(path): cannot write the file")
                throw Exit.failure
            }
        }
    }

    /// One document's training example: `{"data", "id", "gold", "names", "features", "words",
    /// "eligible", "labels", "gains"}`, with `features` in the order of `names`.
    private func trainingLine(path: String, _ example: TrainingData.Example) -> String {
        JSONValue.object([
            ("data", .string(path)), ("id", .string(example.id)), ("gold", .bool(example.gold)),
            ("names", .array(TrainingData.featureNames.map { .string($0) })),
            ("features", .array(example.features.map { .array($0.map { .double(($0 * 1e6).rounded() / 1e6) }) })),
            ("words", .array(example.words.map { .int($0) })),
            ("eligible", .array(example.eligible.map { .bool($0) })),
            ("labels", .array(example.labels.map { .int($0) })),
            ("gains", .array(example.gains.map { .double(($0 * 1e4).rounded() / 1e4) })),
        ]).text
    }

    /// One JSON object per data file, keys in this order: `data`, then `briefing` and `lead`,
    /// each {docs, rouge1, rouge2, rouge_lsum, number_recall, entity_recall, sentences, words}.
    private func jsonLine(path: String, report: EvaluationReport) -> String {
        func figures(_ f: EvaluationFigures) -> JSONValue {
            .object([
                ("docs", .int(f.documents)), ("rouge1", .double(f.rouge1)), ("rouge2", .double(f.rouge2)),
                ("rouge_lsum", .double(f.rougeLsum)), ("number_recall", .double(f.numberRecall)),
                ("entity_recall", .double(f.entityRecall)), ("sentences", .double(f.sentences)),
                ("words", .double(f.words)),
            ])
        }
        return JSONValue.object([
            ("data", .string(path)), ("briefing", figures(report.summarizer)), ("lead", figures(report.lead)),
        ]).text
    }
}
