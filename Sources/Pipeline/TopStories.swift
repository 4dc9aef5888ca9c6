import BriefingCore

/// The optional first section of a briefing: the few stories carried by the most sources,
/// taken from across all sections (`top_stories = N` in `[briefing]`).
///
/// A pure function of the briefing's sections, applied after ranking and the caps:
///
/// 1. Every entry is scored by the number of distinct feeds that carried it (its own and those
///    in `alsoReportedBy`).
/// 2. The `count` entries with the highest scores are chosen, ties going to the entry ranked
///    higher within its own section (sections are already sorted by importance, which weighs
///    salience and recency), then to the section listed first.
/// 3. They form the section ``sectionName``, placed first, in that order; each is taken out of
///    its own section, so that every story appears once, and a section left empty disappears.
///
/// A story carried by one feed only is still a candidate (the section then shows the most
/// important stories of the day); `count` 0 leaves the sections as they are.
public enum TopStories {
    /// The name of the section.
    public static let sectionName = "Top stories"

    /// `sections` with the top `count` stories moved into a first section.
    public static func apply(_ sections: [BriefingSection], count: Int) -> [BriefingSection] {
        guard count > 0 else { return sections }
        struct Place {
            var section: Int
            var position: Int
            var sources: Int
        }
        var places: [Place] = []
        for (section, content) in sections.enumerated() {
            for (position, entry) in content.entries.enumerated() {
                let feeds = Set([entry.source] + entry.alsoReportedBy.map(\.source))
                places.append(Place(section: section, position: position, sources: feeds.count))
            }
        }
        guard !places.isEmpty else { return sections }
        let chosen = places.sorted { a, b in
            if a.sources != b.sources { return a.sources > b.sources }
            if a.position != b.position { return a.position < b.position }
            return a.section < b.section
        }.prefix(count)
        let taken = Set(chosen.map { [$0.section, $0.position] })
        var result = [
            BriefingSection(name: sectionName, entries: chosen.map { sections[$0.section].entries[$0.position] })
        ]
        for (section, content) in sections.enumerated() {
            let rest = content.entries.enumerated().filter { !taken.contains([section, $0.offset]) }.map(\.element)
            if !rest.isEmpty { result.append(BriefingSection(name: content.name, entries: rest)) }
        }
        return result
    }
}
