extension Summary {
    /// A plain-text account of the scoring for `briefing summarize --explain`: one block per
    /// candidate sentence in document order, marked `*` if chosen (or `-` if boilerplate,
    /// never chosen), with its score, each feature's value and the sentence text.
    ///
    /// ```
    /// * #0 score 2.914  entities 0.80 numbers 1.00 position 1.00 ... words 25
    ///     Crude oil prices surged above $47 a barrel on Thursday ...
    /// ```
    public var explanation: String {
        let chosen = Set(sentences.map(\.index))
        var out = ""
        for c in candidates {
            let boilerplate = c.features.contains { $0.name == "boilerplate" }
            let mark = chosen.contains(c.index) ? "*" : (boilerplate ? "-" : " ")
            out += "\(mark) #\(c.index) score \(Self.format(c.score, digits: 3)) "
            for f in c.features where f.name != "boilerplate" {
                out +=
                    " \(f.name) "
                    + (f.name == "words" ? String(Int(f.value)) : Self.format(f.value, digits: 2))
            }
            if boilerplate { out += "  boilerplate" }
            out += "\n    \(c.text.split(whereSeparator: \.isNewline).joined(separator: " "))\n"
        }
        return out
    }

    /// Formats without Foundation: fixed decimals, rounded half away from zero.
    static func format(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let whole = Int(scaled / scale)
        var fraction = String(Int(scaled) - whole * Int(scale))
        while fraction.count < digits { fraction = "0" + fraction }
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return digits > 0 ? "\(sign)\(whole).\(fraction)" : "\(sign)\(whole)"
    }
}
