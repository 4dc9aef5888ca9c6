import Foundation
import Summarization

/// `briefing summarize --explain`: every sentence with its features and score.
public enum SummaryExplanation {
    /// One block per sentence: a mark (`*` chosen), its position, score, features, then the text.
    public static func render(_ summary: Summary) -> String {
        let chosen = Set(summary.sentences.map(\.index))
        var lines: [String] = ["* = chosen; features are each scorer's value before weighting", ""]
        for sentence in summary.candidates {
            let mark = chosen.contains(sentence.index) ? "*" : " "
            let features = sentence.features.map { "\($0.name)=\(String(format: "%.3f", $0.value))" }
            lines.append(
                "\(mark) [\(sentence.index)] score=\(String(format: "%.3f", sentence.score)) "
                    + features.joined(separator: " "))
            lines.append("    \(sentence.text)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
