import Foundation

/// One evaluation document: `{"id", "text", "summary", "title"?}`, where `summary` holds
/// one reference sentence per line.
public struct EvaluationRecord: Sendable, Hashable, Decodable {
    public var id: String
    public var text: String
    public var summary: String
    public var title: String?
    /// Human extractive labels, when the corpus has them: 1-based sentence numbers by the
    /// corpus's own splitter (the CNN Corpus's `gold_sentence_ids`).
    public var goldSentenceIDs: [Int]?

    enum CodingKeys: String, CodingKey {
        case id, text, summary, title
        case goldSentenceIDs = "gold_sentence_ids"
    }

    public init(id: String, text: String, summary: String, title: String? = nil, goldSentenceIDs: [Int]? = nil) {
        self.id = id
        self.text = text
        self.summary = summary
        self.title = title
        self.goldSentenceIDs = goldSentenceIDs
    }

    /// Parses JSON Lines; blank lines are skipped.
    public static func parse(jsonLines: String) throws -> [EvaluationRecord] {
        let decoder = JSONDecoder()
        var records: [EvaluationRecord] = []
        for (number, line) in jsonLines.split(separator: "\n", omittingEmptySubsequences: false)
            .enumerated()
        {
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            do {
                records.append(try decoder.decode(EvaluationRecord.self, from: Data(line.utf8)))
            } catch {
                throw EvaluationError(line: number + 1, message: reason(error))
            }
        }
        return records
    }

    /// What is wrong with a line, in a few words rather than Foundation's `DecodingError` text.
    private static func reason(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        case DecodingError.dataCorrupted: "not a JSON object"
        default: "\(error)"
        }
    }
}

/// A line of an evaluation file that could not be read.
public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "summarization: evaluation data line \(line): \(message)" }
}

/// Averages over a data set for one system: ROUGE F1 × 100 and fact recall in percent.
public struct EvaluationFigures: Sendable, Hashable {
    public var documents = 0
    public var rouge1 = 0.0
    public var rouge2 = 0.0
    public var rougeLsum = 0.0
    /// Mean per-document number recall (documents whose reference has numbers), percent.
    public var numberRecall = 0.0
    public var numberDocuments = 0
    /// Mean per-document entity recall (documents whose reference has entities), percent.
    public var entityRecall = 0.0
    public var entityDocuments = 0
    /// Mean number of sentences per summary.
    public var sentences = 0.0
    /// Mean number of words per summary (as ROUGE counts them: runs of letters and digits).
    public var words = 0.0

    mutating func add(reference: String, summary: [String]) {
        let joined = summary.joined(separator: "\n")
        let rouge = ROUGE.score(reference: reference, candidate: joined)
        documents += 1
        rouge1 += rouge.rouge1.f1
        rouge2 += rouge.rouge2.f1
        rougeLsum += rouge.rougeLsum.f1
        sentences += Double(summary.count)
        words += Double(ROUGE.wordCount(joined))
        let facts = FactRecall.measure(reference: reference, summary: joined)
        if let r = facts.numbers.recall {
            numberRecall += r
            numberDocuments += 1
        }
        if let r = facts.entities.recall {
            entityRecall += r
            entityDocuments += 1
        }
    }

    mutating func finish() {
        let d = Double(max(documents, 1))
        rouge1 = 100 * rouge1 / d
        rouge2 = 100 * rouge2 / d
        rougeLsum = 100 * rougeLsum / d
        sentences /= d
        words /= d
        numberRecall = 100 * numberRecall / Double(max(numberDocuments, 1))
        entityRecall = 100 * entityRecall / Double(max(entityDocuments, 1))
    }
}

/// Our summaries and Lead-N side by side on one data set.
public struct EvaluationReport: Sendable, Hashable {
    public var summarizer: EvaluationFigures
    public var lead: EvaluationFigures
    /// The length asked for: sentences, or words (`lead` then takes the leading sentences
    /// that fit, at least one).
    public var length: SummaryLength
    /// Sentences per summary, when the length is in sentences.
    public var sentences: Int {
        if case .sentences(let k) = length { return k }
        return 0
    }
    var leadName: String {
        switch length {
        case .sentences(let k): "lead-\(k)"
        case .words(let w): "lead \(w) words"
        case .ratio(let r): "lead \(r)"
        case .sentencesAndWords(let k, let w): "lead-\(k), \(w) words"
        }
    }
    /// Our summaries by record id, one sentence per line.
    public var outputs: [(id: String, summary: String)] {
        zip(ids, summaries).map { ($0, $1) }
    }
    var ids: [String] = []
    var summaries: [String] = []

    /// A plain-text table of both systems.
    public var table: String {
        func row(_ name: String, _ f: EvaluationFigures) -> String {
            var cells = [f.rouge1, f.rouge2, f.rougeLsum, f.numberRecall, f.entityRecall].map {
                String(format: "%.2f", $0)
            }
            // No reference had numbers or entities (XSum's are lower-cased): nothing to recall.
            if f.numberDocuments == 0 { cells[3] = "n/a" }
            if f.entityDocuments == 0 { cells[4] = "n/a" }
            return "| \(name) | " + cells.joined(separator: " | ") + " | "
                + String(format: "%.2f", f.sentences) + " | " + String(format: "%.1f", f.words) + " |"
        }
        return """
            | system (docs=\(summarizer.documents)) | R-1 | R-2 | R-Lsum | numbers % | entities % | sents | words |
            |---|---|---|---|---|---|---|---|
            \(row("briefing", summarizer))
            \(row(leadName, lead))
            """
    }
}

/// Runs the summarizer and Lead-N over evaluation records.
public enum Evaluation {
    public static func run(
        _ records: [EvaluationRecord], sentences: Int = 3,
        configuration: SummarizerConfiguration = .init()
    ) -> EvaluationReport {
        run(records, length: .sentences(sentences), configuration: configuration)
    }

    public static func run(
        _ records: [EvaluationRecord], length: SummaryLength, configuration: SummarizerConfiguration = .init()
    ) -> EvaluationReport {
        let summarizer = Summarizer(configuration: configuration)
        var ours = EvaluationFigures()
        var lead = EvaluationFigures()
        var report = EvaluationReport(summarizer: ours, lead: lead, length: length)
        for record in records {
            let document = Document(title: record.title, text: record.text)
            let summary = summarizer.summarize(document, length: length).sentences.map(\.text)
            ours.add(reference: record.summary, summary: summary)
            lead.add(reference: record.summary, summary: leading(SentenceSplitter.sentences(in: record.text), length))
            report.ids.append(record.id)
            report.summaries.append(
                summary.map { $0.replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\n"))
        }
        ours.finish()
        lead.finish()
        report.summarizer = ours
        report.lead = lead
        return report
    }

    /// The baseline: the document's first sentences, as many as `length` allows (under a word
    /// budget, those that fit, and always the first).
    static func leading(_ sentences: [String], _ length: SummaryLength) -> [String] {
        switch length {
        case .sentences(let k): return Array(sentences.prefix(k))
        case .ratio(let r): return Array(sentences.prefix(max(1, Int((r * Double(sentences.count)).rounded()))))
        case .words(let budget): return leading(sentences, .sentencesAndWords(sentences: .max, words: budget))
        case .sentencesAndWords(let k, let budget):
            var out: [String] = []
            var used = 0
            for s in sentences.prefix(k) {
                let w = ROUGE.wordCount(s)
                if !out.isEmpty && used + w > budget { break }
                out.append(s)
                used += w
                if used >= budget { break }
            }
            return out
        }
    }
}
