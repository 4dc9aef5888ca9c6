import CLibXML2

/// A page parsed by libxml2's error-tolerant HTML parser; owns the `xmlDoc` and frees it in `deinit`.
///
/// The input is always UTF-8 (``CharsetDecoding`` turns bytes into text first) and libxml2 is told
/// so, and told to ignore any `<meta charset>` inside. Parsing never touches the network.
final class HTMLDocument {
    private let document: htmlDocPtr

    /// The options every parse uses: recover from errors, stay quiet, no network, compact text nodes,
    /// and trust the encoding we pass rather than the page's own declaration.
    static let options: Int32 = Int32(
        bitPattern: HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue | HTML_PARSE_IGNORE_ENC.rawValue)

    /// Parses `utf8`; `nil` when libxml2 builds no document (empty or hopeless input).
    init?(utf8: UnsafeBufferPointer<UInt8>, url: String? = nil) {
        guard let base = utf8.baseAddress, utf8.count > 0, utf8.count <= Int(Int32.max) else { return nil }
        let parsed = base.withMemoryRebound(to: CChar.self, capacity: utf8.count) { chars in
            htmlReadMemory(chars, Int32(utf8.count), url, "UTF-8", Self.options)
        }
        guard let parsed else { return nil }
        document = parsed
    }

    private init(owning document: htmlDocPtr) {
        self.document = document
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The root element (`<html>`, which libxml2 supplies when the page leaves it out).
    var rootElement: xmlNodePtr? {
        xmlDocGetRootElement(document)
    }
}

extension HTMLDocument {
    /// Takes ownership of a document built elsewhere (for instance with libxml2's tree API);
    /// it is freed with this object.
    convenience init(adopting document: htmlDocPtr) {
        self.init(owning: document)
    }
}
