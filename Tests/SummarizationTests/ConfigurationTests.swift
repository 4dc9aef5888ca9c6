import Testing

@testable import Summarization

struct ConfigurationTests {
    @Test func defaultsAreValid() throws {
        try SummarizerConfiguration().validate()
    }

    @Test func namesAreSnakeCaseAndCoverEveryWeight() {
        for name in SummarizerWeights.names {
            #expect(name == name.lowercased() && !name.contains("-"), "\(name) is not snake_case")
            #expect(SummarizerWeights()[name: name] != nil, "\(name) has no value")
        }
        let features = Set(SentenceFeature.allCases.map(\.name))
        #expect(
            Set(SummarizerWeights.names)
                == features.union(["position_scale", "length_ideal", "coverage", "redundancy", "minimum_words"]))
        #expect(SummarizerWeights()[name: "entitys"] == nil)
    }

    @Test func formerCamelCaseNamesStillResolve() {
        #expect(SummarizerWeights.canonicalName("positionScale") == "position_scale")
        #expect(SummarizerWeights.canonicalName("lengthIdeal") == "length_ideal")
        #expect(SummarizerWeights.canonicalName("minimumWords") == "minimum_words")
        #expect(SummarizerWeights.canonicalName("entities") == "entities")
        #expect(SummarizerWeights.canonicalName("entitys") == nil)
    }

    @Test func aWeightSetByNameIsReadBack() throws {
        var weights = SummarizerWeights()
        for (offset, name) in SummarizerWeights.names.enumerated() {
            weights[name: name] = Double(offset + 1)
        }
        for (offset, name) in SummarizerWeights.names.enumerated() {
            #expect(weights[name: name] == Double(offset + 1), "\(name)")
        }
        try weights.validate()
    }

    @Test func badValuesAreRejected() {
        for (name, value) in [
            ("position", Double.nan), ("position_scale", 0), ("length_ideal", -1), ("redundancy", -1), ("coverage", -0.5),
            ("minimum_words", -1),
        ] {
            var weights = SummarizerWeights()
            weights[name: name] = value
            let error = #expect(throws: SummarizerWeights.ValidationError.self) { try weights.validate() }
            #expect(error?.name == name)
        }
    }
}
