/// Named HTML character references that appear in real feeds and pages, and their decoding.
///
/// The table covers XML's five, Latin-1 (ISO 8859-1) and the typographic punctuation news sites
/// use. Unknown names are left as written.
public enum HTMLEntities {
    /// Decodes `&name;`, `&#NNN;` and `&#xHHH;` references in `text`.
    ///
    /// A reference without its closing semicolon is decoded only for the XML five and `nbsp`,
    /// as browsers do for the commonest legacy forms.
    public static func decode(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
        var output = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "&", let (decoded, length) = reference(in: scalars, at: index) {
                output.append(contentsOf: decoded.unicodeScalars)
                index += length
            } else {
                output.append(scalar)
                index += 1
            }
        }
        return String(output)
    }

    /// The decoded text and the number of scalars consumed for the reference at `start`.
    private static func reference(in scalars: [Unicode.Scalar], at start: Int) -> (String, Int)? {
        var index = start + 1
        guard index < scalars.count else { return nil }
        if scalars[index] == "#" {
            index += 1
            var radix = 10
            if index < scalars.count, scalars[index] == "x" || scalars[index] == "X" {
                radix = 16
                index += 1
            }
            var digits = ""
            while index < scalars.count, digits.count < 8,
                scalars[index].properties.isASCIIHexDigit,
                radix == 16 || ("0"..."9").contains(scalars[index])
            {
                digits.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard !digits.isEmpty, let value = UInt32(digits, radix: radix) else { return nil }
            if index < scalars.count, scalars[index] == ";" { index += 1 }
            let scalar = numericScalar(value)
            return (String(Character(scalar)), index - start)
        }
        var name = ""
        while index < scalars.count, name.count < 32,
            scalars[index].properties.isAlphabetic || ("0"..."9").contains(scalars[index])
        {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        guard !name.isEmpty else { return nil }
        if index < scalars.count, scalars[index] == ";", let value = named[name] {
            return (value, index + 1 - start)
        }
        if let value = named[name], ["amp", "lt", "gt", "quot", "nbsp"].contains(name) {
            return (value, index - start)
        }
        return nil
    }

    /// Numeric references map C1 controls as Windows-1252 (as browsers do) and invalid values to U+FFFD.
    private static func numericScalar(_ value: UInt32) -> Unicode.Scalar {
        if (0x80...0x9F).contains(value), let mapped = windows1252C1[value] { return mapped }
        if value == 0 { return "\u{FFFD}" }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    private static let windows1252C1: [UInt32: Unicode.Scalar] = [
        0x80: "\u{20AC}", 0x82: "\u{201A}", 0x83: "\u{0192}", 0x84: "\u{201E}", 0x85: "\u{2026}",
        0x86: "\u{2020}", 0x87: "\u{2021}", 0x88: "\u{02C6}", 0x89: "\u{2030}", 0x8A: "\u{0160}",
        0x8B: "\u{2039}", 0x8C: "\u{0152}", 0x8E: "\u{017D}", 0x91: "\u{2018}", 0x92: "\u{2019}",
        0x93: "\u{201C}", 0x94: "\u{201D}", 0x95: "\u{2022}", 0x96: "\u{2013}", 0x97: "\u{2014}",
        0x98: "\u{02DC}", 0x99: "\u{2122}", 0x9A: "\u{0161}", 0x9B: "\u{203A}", 0x9C: "\u{0153}",
        0x9E: "\u{017E}", 0x9F: "\u{0178}",
    ]

    /// Named references: the XML five, Latin-1 and common punctuation and symbols.
    public static let named: [String: String] = {
        var table: [String: String] = [
            "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
            "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}", "rsquo": "\u{2019}",
            "sbquo": "\u{201A}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}",
            "dagger": "\u{2020}", "Dagger": "\u{2021}", "bull": "\u{2022}", "hellip": "\u{2026}",
            "permil": "\u{2030}", "prime": "\u{2032}", "Prime": "\u{2033}", "lsaquo": "\u{2039}",
            "rsaquo": "\u{203A}", "oline": "\u{203E}", "euro": "\u{20AC}", "trade": "\u{2122}",
            "larr": "\u{2190}", "uarr": "\u{2191}", "rarr": "\u{2192}", "darr": "\u{2193}",
            "harr": "\u{2194}", "minus": "\u{2212}", "infin": "\u{221E}", "ne": "\u{2260}",
            "le": "\u{2264}", "ge": "\u{2265}", "asymp": "\u{2248}", "thinsp": "\u{2009}",
            "ensp": "\u{2002}", "emsp": "\u{2003}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
            "lrm": "\u{200E}", "rlm": "\u{200F}", "OElig": "\u{0152}", "oelig": "\u{0153}",
            "Scaron": "\u{0160}", "scaron": "\u{0161}", "Yuml": "\u{0178}", "fnof": "\u{0192}",
            "circ": "\u{02C6}", "tilde": "\u{02DC}", "Alpha": "\u{0391}", "Beta": "\u{0392}",
            "Gamma": "\u{0393}", "Delta": "\u{0394}", "Omega": "\u{03A9}", "alpha": "\u{03B1}",
            "beta": "\u{03B2}", "gamma": "\u{03B3}", "delta": "\u{03B4}", "epsilon": "\u{03B5}",
            "lambda": "\u{03BB}", "mu": "\u{03BC}", "pi": "\u{03C0}", "sigma": "\u{03C3}",
            "omega": "\u{03C9}",
        ]
        // Latin-1 (U+00A0 to U+00FF) in code point order.
        let latin1 = [
            "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf",
            "laquo", "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro",
            "para", "middot", "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest",
            "Agrave", "Aacute", "Acirc", "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave",
            "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve",
            "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml",
            "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig",
            "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
            "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
            "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
        ]
        for (offset, name) in latin1.enumerated() {
            if let scalar = Unicode.Scalar(UInt32(0xA0 + offset)) { table[name] = String(Character(scalar)) }
        }
        return table
    }()
}
