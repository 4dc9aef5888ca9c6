import Testing

@testable import Summarization

struct EntitiesTests {
    /// The names of the entities in `text`, most important first.
    func names(_ text: String, title: String? = nil) -> [(String, Int)] {
        let a = Analysis(documents: [Document(title: title, text: text)])
        var firstMention: [Int: Range<Int>] = [:]
        for m in a.entities.mentions
        where firstMention[m.entity] == nil || a.entities.entities[m.entity].words > 1 {
            if firstMention[m.entity] == nil || m.tokens.count > (firstMention[m.entity]?.count ?? 0) {
                firstMention[m.entity] = m.tokens
            }
        }
        return a.entities.entities.indices.sorted {
            a.entities.entities[$0].weight > a.entities.entities[$1].weight
        }
        .compactMap { e in
            guard let r = firstMention[e] else { return nil }
            let start = Int(a.tokens[r.lowerBound].start)
            let end = Int(a.tokens[r.upperBound - 1].end)
            return (String(decoding: a.bytes[start..<end], as: UTF8.self), a.entities.entities[e].count)
        }
    }

    @Test func surnameLinksToFullName() {
        let found = names("Tiger Woods played at Augusta. Later, Woods said he was happy. Woods left.")
        #expect(found.first?.0 == "Tiger Woods")
        #expect(found.first?.1 == 3)
        #expect(found.contains { $0.0 == "Augusta" })
    }

    @Test func titlesAreNotPartOfTheName() {
        let found = names(
            "On Monday, President Barack Obama met Mr Harley. The talks with Obama went well.")
        #expect(found.contains { $0.0 == "Barack Obama" && $0.1 == 2 })
        #expect(found.contains { $0.0 == "Harley" })
        #expect(!found.contains { $0.0.contains("Monday") })
    }

    @Test func sentenceInitialWordsNeedEvidence() {
        let found = names(
            "Heading into the weekend, fans waited. Police arrived. The police chief spoke to Reuters.")
        #expect(!found.contains { $0.0 == "Heading" })
        #expect(!found.contains { $0.0 == "Police" })
        #expect(found.contains { $0.0 == "Reuters" })
    }

    @Test func acronymsAndConnectors() {
        let found = names(
            "The IEA raised its forecast. The Bank of England held rates. The U.S. economy grew.")
        #expect(found.contains { $0.0 == "IEA" })
        #expect(found.contains { $0.0 == "Bank of England" })
        #expect(found.contains { $0.0 == "U.S." })
    }

    @Test func sentenceInitialWordCapitalizedElsewhereCounts() {
        let found = names("Spieth leads by five. Many expect Spieth to win.")
        #expect(found.contains { $0.0 == "Spieth" && $0.1 == 2 })
    }
}
