/// English function words that carry no topic, compiled for this project: articles,
/// pronouns, auxiliaries and modals, prepositions, conjunctions, common adverbs and the
/// reporting verbs of news prose ("said", "told").
enum StopWords {
    static let list = """
        a an the this that these those there here
        i me my mine myself we us our ours ourselves you your yours yourself yourselves
        he him his himself she her hers herself it its itself they them their theirs themselves
        who whom whose which what whatever whoever when where why how
        am is are was were be been being have has had having do does did doing done
        will would shall should can could may might must ought
        not no nor never none
        and or but if then else so than too very also just only even still yet
        of at by for with about against between into through during before after above below
        to from up down in out on off over under again further once
        all any both each few more most other some such own same
        as until while because since although though unless whether
        said says say told tell according
        s t d ll m re ve don't doesn't didn't isn't wasn't aren't weren't won't can't couldn't
        wouldn't shouldn't hasn't haven't hadn't it's he's she's that's there's i'm we're they're
        you're i've we've they've i'd he'd she'd we'd they'd i'll he'll she'll we'll they'll
        one ones get got go goes went come came make made take took use used
        now then today yesterday tomorrow however meanwhile mr mrs ms dr
        like well back way many much every another around across among within without
        upon onto toward towards via per
        """
}
