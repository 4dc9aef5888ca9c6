import BriefingCore

/// Text from feeds made fit to show on one line: no controls, no bidirectional overrides, white
/// space folded, length bounded.
enum DisplayText {
    /// `text` on one line, at most `limit` characters.
    ///
    /// Bidirectional controls (U+202E "RLO" and the rest of ``BidiControls``), NUL and every
    /// other C0 and C1 control and DEL are removed; tabs, newlines, the other ASCII white space,
    /// NEL and the line and paragraph separators become spaces; runs of white space fold to one
    /// space (no-break spaces are kept, as written); the ends are trimmed. A longer text is cut on
    /// a character boundary to its first `limit - 1` characters, without the white space before
    /// the cut, followed by "…". Characters made of many scalars (a letter under a heap of
    /// combining marks) count more: the text also keeps at most `4 × limit` Unicode scalars.
    static func line(_ text: String, limit: Int) -> String {
        let scalarLimit = 4 * limit
        // The kept scalars in UTF-8: appending to a String.UnicodeScalarView took 4.5 times the
        // instructions (callgrind), and every field of every story passes here.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(text.utf8.count, 4 * scalarLimit + 4))
        var pendingSpace = false
        var count = 0
        for scalar in text.unicodeScalars {
            if folds(scalar) {
                pendingSpace = count > 0
                continue
            }
            if removed(scalar) { continue }
            if pendingSpace {
                bytes.append(0x20)
                count += 1
                pendingSpace = false
            }
            UTF8.encode(scalar) { bytes.append($0) }
            count += 1
            // Past the limit there is no need to read on: what follows is cut anyway.
            if count > scalarLimit { break }
        }
        let cleaned = String(decoding: bytes, as: UTF8.self)
        if count <= scalarLimit && cleaned.count <= limit { return cleaned }
        return cut(cleaned, limit: limit, scalarLimit: scalarLimit)
    }

    /// The first characters of `text` that fit in `limit - 1` characters and `scalarLimit - 1`
    /// scalars, without trailing space, and "…".
    private static func cut(_ text: String, limit: Int, scalarLimit: Int) -> String {
        var kept = ""
        var characters = 0
        var scalars = 0
        for character in text {
            let size = character.unicodeScalars.count
            if characters + 1 > limit - 1 || scalars + size > scalarLimit - 1 { break }
            kept.append(character)
            characters += 1
            scalars += size
        }
        while kept.last == " " { kept.removeLast() }
        return kept + "…"
    }

    /// White space that folds into a single space.
    private static func folds(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Controls that are dropped.
    private static func removed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0...0x1F, 0x7F...0x9F: return true
        default: return BidiControls.contains(scalar)
        }
    }
}
