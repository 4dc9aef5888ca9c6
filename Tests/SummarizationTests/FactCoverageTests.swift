import Testing

@testable import Summarization

/// Selection by fact coverage, word budgets, and the labels the weights are fitted on.
struct FactCoverageTests {
    /// A headline about an amount whose lead sentences do not state it; the fifth does.
    static let pledge = Document(
        title: "Gates Foundation pledges $200 million for malaria vaccine",
        text: """
            The Bill and Melinda Gates Foundation said on Tuesday it would back the development of a new vaccine against malaria.

            The disease kills hundreds of thousands of children in Africa every year, health officials say.

            Researchers have been working on the vaccine for more than a decade, with mixed results at first.

            Early trials showed promising results in children, according to the team that ran them.

            The foundation will give $200 million over five years to the vaccine programme, its chief executive Mark Suzman told reporters in Seattle.

            Other donors are expected to follow, officials said, although none has yet made a commitment.
            """)

    @Test func anAmountStatedAfterTheLeadIsKept() {
        let summary = Summarizer().summarize(Self.pledge, length: .sentences(3))
        #expect(summary.sentences.contains { $0.text.contains("$200 million") }, "\(summary.sentences.map(\.text))")
    }

    @Test func aFactToldByTwoSourcesCountsOnce() {
        let a = Document(
            title: "Floods in Valencia",
            text: """
                Floods killed 12 people in Valencia on Monday, the regional government said. \
                Rescue teams were still searching for 40 missing residents late on Monday night.
                """)
        let b = Document(
            title: "Valencia floods kill twelve",
            text: """
                Twelve people died in Valencia on Monday when floods swept through the city, officials said. \
                The Spanish government declared three days of national mourning from Wednesday.
                """)
        let summary = Summarizer().summarize([a, b], length: .sentences(2))
        let texts = summary.sentences.map(\.text)
        let deaths = texts.filter { $0.contains("killed 12") || $0.contains("Twelve people died") }
        #expect(deaths.count == 1, "\(texts)")
        #expect(texts.count == 2)
    }

    @Test func coverageZeroIsPlainMMR() {
        var weights = SummarizerWeights()
        weights.coverage = 0
        let plain = Summarizer(configuration: .init(weights: weights)).summarize(Self.pledge, length: .sentences(2))
        let scores = plain.candidates.map(\.score)
        // With no coverage term the first choice is the best-scored eligible sentence.
        let best = scores.indices.max { scores[$0] < scores[$1] }!
        #expect(plain.sentences.map(\.index).contains(best))
    }

    @Test func aWordBudgetKeepsWholeSentencesWithinIt() {
        for budget in [20, 40, 60, 90] {
            let summary = Summarizer().summarize(Self.pledge, length: .words(budget))
            let words = summary.sentences.map { sentence in
                Int(sentence.features.first { $0.name == "words" }!.value)
            }
            #expect(!summary.sentences.isEmpty)
            #expect(words.reduce(0, +) <= budget || words.count == 1, "budget \(budget): \(words)")
            for sentence in summary.sentences {
                #expect(Self.pledge.text.contains(sentence.text), "a sentence was cut")
            }
        }
    }

    @Test func aBudgetSmallerThanEverySentenceStillGivesOne() {
        let summary = Summarizer().summarize(Self.pledge, length: .words(3))
        #expect(summary.sentences.count == 1)
    }

    @Test func sentencesAndWordsBothApply() {
        let loose = Summarizer().summarize(Self.pledge, length: .sentencesAndWords(sentences: 2, words: 1000))
        #expect(loose.sentences.count == 2)
        let tight = Summarizer().summarize(Self.pledge, length: .sentencesAndWords(sentences: 5, words: 40))
        let words = tight.sentences.map { Int($0.features.first { $0.name == "words" }!.value) }.reduce(0, +)
        #expect(tight.sentences.count >= 1 && (words <= 40 || tight.sentences.count == 1))
    }

    @Test func leadUnderAWordBudgetTakesTheLeadingSentencesThatFit() {
        let sentences = ["One two three four five.", "Six seven eight.", "Nine ten eleven twelve."]
        #expect(Evaluation.leading(sentences, .words(8)) == Array(sentences.prefix(2)))
        #expect(Evaluation.leading(sentences, .words(2)) == [sentences[0]])
        #expect(Evaluation.leading(sentences, .sentences(1)) == [sentences[0]])
    }

    @Test func evaluationReportsTheAverageLength() {
        let record = EvaluationRecord(
            id: "a", text: Self.pledge.text, summary: "The foundation will give $200 million.", title: Self.pledge.title)
        let report = Evaluation.run([record], length: .words(40))
        #expect(report.summarizer.words > 0 && report.summarizer.words <= 40)
        #expect(report.lead.words > 0 && report.lead.words <= 40)
        #expect(report.table.contains("| words |"))
    }

    @Test func goldLabelsCountedByAnotherSplitterAreMatched() {
        let texts = [
            "A storm hit the coast on Monday.", "Power was cut to 20,000 homes.",
            "The mayor said schools would stay shut.", "Crews worked through the night.",
        ]
        // The corpus counted one more sentence before ours: its 4 is our index 2.
        let reference = "Schools stay shut, the mayor said.\nPower was cut to 20,000 homes."
        #expect(TrainingData.goldSentences([4, 2], texts: texts, reference: reference).sorted() == [1, 2])
        // Each sentence is labelled once, even when two ids point near it.
        #expect(TrainingData.goldSentences([3, 3], texts: texts, reference: reference).count == 2)
    }

    @Test func theOracleTakesWhatTheReferenceSays() {
        let texts = ["Nothing here matters.", "The bridge reopened on Friday after repairs.", "Weather was mild."]
        #expect(TrainingData.oracle(texts: texts, reference: "The bridge reopened on Friday.", limit: 3) == [1])
    }

    @Test func trainingExamplesLabelEveryEligibleSentence() {
        let record = EvaluationRecord(
            id: "a", text: Self.pledge.text, summary: "Gates Foundation gives $200 million for malaria vaccine.",
            title: Self.pledge.title)
        let example = TrainingData.example(record, summarizer: Summarizer())
        #expect(example.features.count == example.labels.count && example.labels.count == example.gains.count)
        #expect(example.features.allSatisfy { $0.count == TrainingData.featureNames.count })
        #expect(example.labels.contains(1) && !example.gold)
        #expect(example.features.joined().allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
