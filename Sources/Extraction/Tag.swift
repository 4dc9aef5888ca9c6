/// The HTML elements extraction tells apart; everything else is ``other`` (treated as inline).
enum Tag: UInt8 {
    case text, other
    case html, head, body, title, meta, link, base, script, style, noscript, template
    case a, abbr, b, i, em, strong, span, small, sub, sup, code, cite, q, mark, u, s, time, font, label
    case br, hr, img, picture, source, figure, figcaption
    case p, div, section, article, main, header, footer, nav, aside, address, blockquote, pre, center
    case h1, h2, h3, h4, h5, h6, hgroup
    case ul, ol, li, dl, dt, dd, menu
    case table, caption, thead, tbody, tfoot, tr, td, th
    case form, fieldset, legend, input, button, select, option, textarea
    case iframe, object, embed, svg, math, canvas, video, audio, map, dialog, details, summary

    init(lowercasedName name: String) {
        self = Self.byName[name] ?? .other
    }

    private static let byName: [String: Tag] = {
        var table: [String: Tag] = [:]
        for raw in UInt8(2)...Tag.summary.rawValue {
            if let tag = Tag(rawValue: raw) { table[String(describing: tag)] = tag }
        }
        return table
    }()

    /// Elements whose content is never article text: not even copied out of libxml2's tree.
    var isSkipped: Bool {
        switch self {
        case .style, .noscript, .template, .svg, .math, .canvas, .iframe, .object, .embed, .button, .select,
            .option, .textarea, .input, .map, .video, .audio, .dialog:
            return true
        default:
            return false
        }
    }

    /// Elements that start and end a block of text (a paragraph break in the output).
    var isBlock: Bool {
        switch self {
        case .html, .body, .p, .div, .section, .article, .main, .header, .footer, .nav, .aside, .address,
            .blockquote, .pre, .center, .h1, .h2, .h3, .h4, .h5, .h6, .hgroup, .ul, .ol, .li, .dl, .dt, .dd,
            .menu, .table, .caption, .thead, .tbody, .tfoot, .tr, .td, .th, .form, .fieldset, .legend, .figure,
            .figcaption, .details, .summary, .hr:
            return true
        default:
            return false
        }
    }

    var isHeading: Bool {
        switch self {
        case .h1, .h2, .h3, .h4, .h5, .h6: return true
        default: return false
        }
    }
}

/// The attributes extraction reads; the rest are not copied out of libxml2's tree.
enum AttributeName: String, CaseIterable {
    case `class`, id, style, hidden, role, href, rel, itemprop, property, name, content, type, datetime, lang
    case ariaHidden = "aria-hidden"
    case itemtype
}

extension AttributeName {
    /// Every name as bytes, for ``init(cName:)``.
    private static let byteNames: [(bytes: [UInt8], name: AttributeName)] = allCases.map {
        (Array($0.rawValue.utf8), $0)
    }

    /// The attribute named by a NUL-terminated C string (compared without regard to ASCII case),
    /// or `nil` for attributes extraction does not read; no `String` is made.
    init?(cName: UnsafePointer<UInt8>) {
        var length = 0
        while length <= 12 && cName[length] != 0 { length += 1 }
        guard length <= 12 else { return nil }
        self.init(bytes: UnsafeBufferPointer(start: cName, count: length))
    }

    /// The attribute named by `bytes` (compared without regard to ASCII case), or `nil`.
    init?(bytes name: UnsafeBufferPointer<UInt8>) {
        let length = name.count
        for (bytes, attribute) in Self.byteNames where bytes.count == length {
            var offset = 0
            while offset < length {
                let byte = name[offset]
                if (byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte) != bytes[offset] { break }
                offset += 1
            }
            if offset == length {
                self = attribute
                return
            }
        }
        return nil
    }
}
