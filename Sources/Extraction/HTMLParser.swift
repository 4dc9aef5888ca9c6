import CLibXML2

extension NodeTree {
    /// The options every parse uses: recover from errors, stay quiet, no network, and trust the
    /// encoding we pass rather than the page's own declaration.
    static let parserOptions: Int32 = Int32(
        bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses UTF-8 HTML with libxml2's error-tolerant HTML parser; `nil` when libxml2 cannot even
    /// start (empty or oversized input).
    ///
    /// The parser runs in streaming (SAX) mode: its events go straight into a ``Builder``, so
    /// libxml2 never allocates a tree of its own only for it to be copied and freed (that halved
    /// the parse time). libxml2 still does all the HTML work: implied and unclosed elements, end
    /// tags out of order, character references. The input is always UTF-8 (``CharsetDecoding``
    /// turns other encodings into text first), and nothing here touches the network.
    ///
    /// Script and style bodies and the attributes extraction never reads are first cut out of the
    /// input (``InertMarkup``) unless `cuttingInertMarkup` is `false`: the tree is the same either way.
    static func parse(_ utf8: UnsafeBufferPointer<UInt8>, cuttingInertMarkup: Bool = true) -> NodeTree? {
        if cuttingInertMarkup, let cut = InertMarkup.cut(utf8) {
            return cut.withUnsafeBufferPointer { parse($0, cuttingInertMarkup: false) }
        }
        guard let base = utf8.baseAddress, utf8.count > 0, utf8.count <= Int(Int32.max) else { return nil }
        let created = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
            htmlCreateMemoryParserCtxt(chars, Int32(utf8.count))
        }
        guard let context = created, let sax = context.pointee.sax else {
            created.map { xmlFreeParserCtxt($0) }
            return nil
        }
        defer { xmlFreeParserCtxt(context) }
        sax.pointee = Self.saxHandler()
        let state = UnsafeMutablePointer<ParseState>.allocate(capacity: 1)
        state.initialize(to: ParseState())
        defer { state.deinitialize(count: 1).deallocate() }
        context.pointee.userData = UnsafeMutableRawPointer(state)
        htmlCtxtUseOptions(context, parserOptions)
        if let utf8Handler = xmlFindCharEncodingHandler("UTF-8") { xmlSwitchToEncoding(context, utf8Handler) }
        _ = htmlParseDocument(context)
        return state.pointee.builder.finish()
    }

    /// The callbacks: element starts and ends, text (character data, CDATA of scripts, and white
    /// space, which libxml2 keeps as text by default) and comments; everything else is ignored.
    private static func saxHandler() -> htmlSAXHandler {
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            context.assumingMemoryBound(to: ParseState.self).pointee.startElement(name, attributes)
        }
        handler.endElement = { context, _ in
            context?.assumingMemoryBound(to: ParseState.self).pointee.builder.endElement()
        }
        let text: charactersSAXFunc = { context, characters, length in
            guard let context, let characters, length > 0 else { return }
            context.assumingMemoryBound(to: ParseState.self).pointee.builder.addText(
                UnsafeBufferPointer(start: characters, count: Int(length)))
        }
        handler.characters = text
        handler.ignorableWhitespace = text
        handler.cdataBlock = text
        handler.comment = { context, _ in
            context?.assumingMemoryBound(to: ParseState.self).pointee.builder.breakText()
        }
        return handler
    }
}

/// What the SAX callbacks share during one parse.
private struct ParseState {
    var builder = NodeTree.Builder()
    /// libxml2 interns element and attribute names in the parser's dictionary, so a name is
    /// recognised by its pointer after the first time.
    var tags = NameCache<Tag>()
    var attributeNames = NameCache<AttributeName?>()

    /// `attributes` is libxml2's list of name and value pairs, ended by a null name; a value is
    /// null for an attribute written without one.
    mutating func startElement(
        _ name: UnsafePointer<xmlChar>, _ attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        let tag = tags.value(for: name) { Tag(lowercasedName: String(cString: $0).lowercased()) }
        if builder.beginElement(tag), var pair = attributes {
            while let attributeName = pair[0] {
                if let known = attributeNames.value(for: attributeName, compute: { AttributeName(cName: $0) }) {
                    builder.addAttribute(known, value: pair[1].map { String(cString: $0) } ?? "")
                }
                pair += 2
            }
        }
        builder.endStartTag()
    }
}

/// A small direct-mapped cache from interned C-string pointers to what they name; a miss (or a
/// collision) just computes the value again.
struct NameCache<Value> {
    private var keys = [UnsafePointer<xmlChar>?](repeating: nil, count: 256)
    private var values: [Value?] = Array(repeating: nil, count: 256)

    mutating func value(for name: UnsafePointer<xmlChar>, compute: (UnsafePointer<xmlChar>) -> Value) -> Value {
        let bits = UInt(bitPattern: name)
        let slot = Int((bits >> 3 ^ bits >> 11) & 255)
        if keys[slot] == name, let value = values[slot] { return value }
        let value = compute(name)
        keys[slot] = name
        values[slot] = value
        return value
    }
}
