import Testing

@testable import Summarization

/// Hard cases for sentence splitting in news text: input → expected sentences.
struct SentenceSplitterTests {
    static let cases: [(String, [String])] = [
        // Titles and abbreviations.
        (
            "Mr. Smith went to Washington. He arrived on Monday.",
            ["Mr. Smith went to Washington.", "He arrived on Monday."]
        ),
        (
            "Dr. Jones and Sen. Warren met Gov. Newsom today. They talked.",
            ["Dr. Jones and Sen. Warren met Gov. Newsom today.", "They talked."]
        ),
        (
            "The U.S. economy grew. The U.K. economy shrank.",
            ["The U.S. economy grew.", "The U.K. economy shrank."]
        ),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        (
            "Shares of Acme Inc. rose 5%. Rivals fell.", ["Shares of Acme Inc. rose 5%.", "Rivals fell."]
        ),
        (
            "He works for Acme Inc. The company makes anvils.",
            ["He works for Acme Inc.", "The company makes anvils."]
        ),
        (
            "It opened on Jan. 5 in Paris. Crowds came.",
            ["It opened on Jan. 5 in Paris.", "Crowds came."]
        ),
        // Initials.
        (
            "J. R. Hartley wrote a book on fly fishing. It sold well.",
            ["J. R. Hartley wrote a book on fly fishing.", "It sold well."]
        ),
        (
            "The novel by George R. R. Martin sold. Fans cheered.",
            ["The novel by George R. R. Martin sold.", "Fans cheered."]
        ),
        // Numbers.
        (
            "Inflation was 20.9 per cent last year. Prices rose.",
            ["Inflation was 20.9 per cent last year.", "Prices rose."]
        ),
        (
            "The firm cut 1,200 jobs. Unions protested.",
            ["The firm cut 1,200 jobs.", "Unions protested."]
        ),
        ("He finished 2nd. She was 3rd.", ["He finished 2nd.", "She was 3rd."]),
        (
            "The meeting starts at 9 a.m. on Tuesday. Bring coffee.",
            ["The meeting starts at 9 a.m. on Tuesday.", "Bring coffee."]
        ),
        ("It ends at 5 p.m. The doors then close.", ["It ends at 5 p.m.", "The doors then close."]),
        ("Profit rose in 2004. 2005 was worse.", ["Profit rose in 2004.", "2005 was worse."]),
        (
            "He wore shirt No. 7 for years. Then he retired.",
            ["He wore shirt No. 7 for years.", "Then he retired."]
        ),
        // Quotes and brackets after the mark.
        ("\"We will win.\" The crowd roared.", ["\"We will win.\"", "The crowd roared."]),
        (
            "He said it was over (for now.) Then he left.",
            ["He said it was over (for now.)", "Then he left."]
        ),
        (
            "“It is done,” she said. “Go home.” They went.",
            ["“It is done,” she said.", "“Go home.”", "They went."]
        ),
        ("\"Why?\" he asked. Nobody knew.", ["\"Why?\" he asked.", "Nobody knew."]),
        // Ellipses and other marks.
        (
            "We waited... and waited. Nothing happened.",
            ["We waited... and waited.", "Nothing happened."]
        ),
        ("It was over… Or was it? Yes!", ["It was over…", "Or was it?", "Yes!"]),
        // Headings, captions, bullets, lines.
        (
            "Big news\n\nThe council voted today. It passed.",
            ["Big news", "The council voted today.", "It passed."]
        ),
        (
            "Key points:\n• Taxes rise\n• Spending falls\nThe budget passed.",
            ["Key points:", "Taxes rise", "Spending falls", "The budget passed."]
        ),
        (
            "The minister spoke at length\nabout the budget. Then she left.",
            ["The minister spoke at length\nabout the budget.", "Then she left."]
        ),
        (
            "Protesters outside parliament on Monday\nThousands marched through the city.",
            ["Protesters outside parliament on Monday", "Thousands marched through the city."]
        ),
        // Glued boilerplate.
        (
            "Scroll down for video Lindsey Vonn was back at Augusta. She watched.",
            ["Scroll down for video", "Lindsey Vonn was back at Augusta.", "She watched."]
        ),
        (
            "Share this withEmailFacebookTwitterCopy this linkMr Schmidt told the BBC. He left.",
            ["Share this withEmailFacebookTwitterCopy this link", "Mr Schmidt told the BBC.", "He left."]
        ),
        // Captions glued to the next sentence without a full stop.
        (
            "Riddick Bowe is now offering to post tweets for $20 He was once the champion.",
            ["Riddick Bowe is now offering to post tweets for $20", "He was once the champion."]
        ),
        (
            "An agent's rifle was stolen from a hotel parking lot An FBI agent's rifle was taken.",
            ["An agent's rifle was stolen from a hotel parking lot", "An FBI agent's rifle was taken."]
        ),
        (
            "Fans were reading The Guardian on the train to work.",
            ["Fans were reading The Guardian on the train to work."]
        ),
        // No paragraph breaks, no final mark.
        (
            "One sentence here. Another one there. And a last one without a stop",
            ["One sentence here.", "Another one there.", "And a last one without a stop"]
        ),
        ("", []),
        ("   \n\n  ", []),
    ]

    @Test("Hard cases", arguments: cases)
    func split(_ input: String, _ expected: [String]) {
        #expect(SentenceSplitter.sentences(in: input) == expected)
    }

    @Test func paragraphsAreCounted() {
        let spans = SentenceSplitter.spans(in: Array("A first one. A second.\n\nA third.".utf8))
        #expect(spans.map(\.paragraph) == [0, 0, 1])
    }
}
