/// Abbreviations that end with a full stop without ending the sentence, compiled for this
/// project from common English news usage.
enum Abbreviations {
    enum Kind { case none, title, beforeNumber, ambiguous }

    /// Titles before a name: a full stop after them never ends a sentence.
    static let titles = WordSet(
        list: """
            mr mrs ms messrs mme mlle dr prof sen sens rep reps gov gen lt col maj capt cmdr cdr adm
            sgt cpl pvt brig gens rev fr hon pres supt insp det atty amb sec lieut comdr
            """)

    /// Abbreviations usually followed by a number (No. 1, p. 12).
    static let beforeNumber = WordSet(list: "no nos p pp vol vols art fig figs ch para op tel ext nr")

    /// Abbreviations that may also end a sentence: company suffixes, months, street words,
    /// Latin shorthand.
    static let ambiguous = WordSet(
        list: """
            inc ltd co corp llc plc bros jr sr esq etc vs v al approx est dept univ assn intl
            jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
            ave blvd rd st mt ft sq hwy mph
            """)

    /// Words that typically open a sentence; after an ambiguous abbreviation the full stop
    /// ends the sentence only before one of these.
    static let openers = WordSet(
        list: """
            the a an he she it they we i you his her its their our my your this that these those
            there here but and or so yet in on at by for from to with as after before when while
            if although though despite since because however meanwhile also then now some many
            most all both each one two three what why how who where which mr mrs ms dr police
            officials according last earlier later during no not nor
            """)

    /// Capitalized words that, after a lower-case word, can only start a new sentence: the
    /// sign of a caption glued to the next sentence without punctuation. ("The" is left out:
    /// it opens too many names.)
    static let gluedOpeners = WordSet(list: "a an he she they it his her their we but")

    static func classify(_ word: UnsafeBufferPointer<UInt8>) -> Kind {
        if titles.contains(word) { return .title }
        if beforeNumber.contains(word) { return .beforeNumber }
        if ambiguous.contains(word) { return .ambiguous }
        // Initials (J. R. Hartley) and dotted acronyms (U.S., a.m.).
        if word.count == 1 { return UTF8Text.isASCIIUpper(word[0]) ? .ambiguous : .none }
        if word.contains(0x2E) { return .ambiguous }
        return .none
    }

    static func isSentenceOpener(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        openers.contains(word)
    }
}
