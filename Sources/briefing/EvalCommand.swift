import ArgumentParser
import Summarization

/// `briefing eval`: ROUGE and fact recall of our summaries beside Lead-N.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "eval", abstract: "Score summaries against references.")
}
