import Testing

/// The scale tests' reading of a composed briefing: each link counted as often as the Markdown
/// uses it, so that an item shown twice (or in two stories) is seen twice.
@Suite struct LinkUsesTests {
    @Test func everyUseOfAReferenceCountsIncludingAlsoReportedBy() {
        let markdown = """
            # Daily briefing — Wednesday, 2 December 2026

            ### [Report 0 from feed 1][1]

            Also reported by [Feed 0][2], [Feed 2][3].

            ### Updated: [Report 0 from feed 2][3]

            ### An item without a link \\[not a reference\\]

            [1]: <https://feed1.example/story/0>
            [2]: <https://feed0.example/story/0>
            [3]: <https://feed2.example/story/0>
            """
        #expect(
            WorkerCycle.linkUses(markdown) == [
                "https://feed1.example/story/0": 1, "https://feed0.example/story/0": 1,
                "https://feed2.example/story/0": 2,
            ])
    }

    @Test func aReferenceWithoutItsURLIsNamedNotDropped() {
        #expect(WorkerCycle.linkUses("### [Lost][7]\n") == ["unknown reference 7": 1])
        #expect(WorkerCycle.linkUses("No new stories.\n").isEmpty)
    }
}
