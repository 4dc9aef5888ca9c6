import Testing

@testable import Summarization

struct ConfigurationTests {
    @Test func defaultsAreValid() throws {
        try SummarizerConfiguration().validate()
    }

    @Test func unknownNameIsRejected() {
        #expect(throws: SummarizerConfiguration.ValidationError.self) {
            try SummarizerConfiguration(weights: ["entitys": 1]).validate()
        }
    }

    @Test func badValuesAreRejected() {
        #expect(throws: SummarizerConfiguration.ValidationError.self) {
            try SummarizerConfiguration(weights: ["position": .nan]).validate()
        }
        #expect(throws: SummarizerConfiguration.ValidationError.self) {
            try SummarizerConfiguration(weights: ["positionScale": 0]).validate()
        }
        #expect(throws: SummarizerConfiguration.ValidationError.self) {
            try SummarizerConfiguration(weights: ["redundancy": -1]).validate()
        }
    }

    @Test func missingNamesTakeDefaults() throws {
        let partial = SummarizerConfiguration(weights: ["entities": 2])
        try partial.validate()
        #expect(partial.value("entities") == 2)
        #expect(partial.value("position") == SummarizerConfiguration.defaultWeights["position"])
    }

    @Test func everyDefaultIsUsed() {
        let used = Set(Feature.allCases.map(\.name)).union([
            "positionScale", "lengthIdeal", "redundancy", "minimumWords",
        ])
        #expect(Set(SummarizerConfiguration.defaultWeights.keys) == used)
    }
}
