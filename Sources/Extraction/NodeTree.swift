import CLibXML2
import Glibc

/// A compact copy of the parsed page: elements and text in one array, in document order.
///
/// Built once from libxml2's tree by walking `xmlNode` pointers (`children`, `next`, `type`,
/// `name`, `properties`) with an explicit stack, so no depth of nesting can overflow the call
/// stack. Everything later (scoring, cleaning, text assembly) works on indices into `nodes`, and
/// every walk over it is iterative too. A parent always comes before its children, so a loop over
/// the indices from last to first visits children before parents.
struct NodeTree {
    /// One element or text node: its tag and links, and where its text or attributes are stored.
    struct Node {
        /// The element's tag, or ``Tag/text`` for text.
        var tag: Tag
        /// Index of the parent, `-1` for the root.
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// Text nodes: where the text's UTF-8 bytes sit in ``NodeTree/textBytes``.
        var textStart: Int32 = 0
        var textCount: Int32 = 0
        /// Elements: where their attributes sit in ``NodeTree/attributeNames`` and ``NodeTree/attributeValues``.
        var attributeStart: Int32 = 0
        var attributeCount: Int32 = 0
    }

    private(set) var nodes: [Node] = []
    /// The text of every text node, back to back, as UTF-8 (character references already decoded).
    private(set) var textBytes: [UInt8] = []
    /// The attributes that extraction reads (see ``AttributeName``) of every element, back to back:
    /// names and values in two parallel arrays.
    private(set) var attributeNames: [AttributeName] = []
    private(set) var attributeValues: [String] = []
    /// What each element's class and id suggest (empty hints for text).
    private(set) var hints: [ClassHints] = []
    /// Size measures of each text node (zero for elements).
    private(set) var textStatistics: [TextStatistics] = []

    /// Text of `<script type="application/ld+json">` blocks, in document order.
    private(set) var jsonLD: [String] = []

    var count: Int { nodes.count }

    subscript(index: Int) -> Node { nodes[index] }

    /// The value of attribute `name` of element `index`.
    func attribute(_ name: AttributeName, of index: Int) -> String? {
        let node = nodes[index]
        let start = Int(node.attributeStart)
        for position in start..<(start + Int(node.attributeCount)) where attributeNames[position] == name {
            return attributeValues[position]
        }
        return nil
    }

    /// The text of text node `index`.
    func text(_ index: Int) -> String {
        let node = nodes[index]
        let start = Int(node.textStart)
        return String(decoding: textBytes[start..<(start + Int(node.textCount))], as: UTF8.self)
    }

    /// All the text under `index`, white space collapsed.
    func collapsedText(under index: Int) -> String {
        var bytes: [UInt8] = []
        for child in descendants(of: index) where nodes[child].tag == .text {
            let start = Int(nodes[child].textStart)
            bytes.append(contentsOf: textBytes[start..<(start + Int(nodes[child].textCount))])
        }
        return String(decoding: bytes, as: UTF8.self).split(whereSeparator: { $0.isWhitespace }).joined(
            separator: " ")
    }

    /// Copies the tree under `document`'s root element.
    init(document: HTMLDocument) {
        guard let root = document.rootElement else { return }
        nodes.reserveCapacity(2048)
        textBytes.reserveCapacity(1 << 16)
        // libxml2 interns element and attribute names in the document's dictionary, so a name is
        // recognised by its pointer after the first time.
        var tagCache = NameCache<Tag>()
        var attributeCache = NameCache<AttributeName?>()
        // Many elements share a class value: match each distinct one once.
        var classMatches: [String: ClassHints.Match] = [:]
        // Each entry: the next sibling still to visit at some level, and that level's parent index.
        var pending: [(node: xmlNodePtr?, parent: Int32)] = []
        var current: xmlNodePtr? = root
        var parent: Int32 = -1
        while true {
            while let node = current {
                current = node.pointee.next
                switch node.pointee.type {
                case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                    guard parent >= 0, let content = node.pointee.content else { continue }
                    let length = strlen(UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
                    guard length > 0 else { continue }
                    let bytes = UnsafeBufferPointer(start: content, count: length)
                    var text = Node(tag: .text, parent: parent)
                    text.textStart = Int32(truncatingIfNeeded: textBytes.count)
                    text.textCount = Int32(truncatingIfNeeded: length)
                    textBytes.append(contentsOf: bytes)
                    append(text, hints: ClassHints(), statistics: TextStatistics(of: bytes))
                case XML_ELEMENT_NODE:
                    guard let name = node.pointee.name else { continue }
                    let tag = tagCache.value(for: name) { Tag(lowercasedName: String(cString: $0).lowercased()) }
                    if tag.isSkipped { continue }
                    var element = Node(tag: tag, parent: parent)
                    element.attributeStart = Int32(truncatingIfNeeded: attributeNames.count)
                    var hints = ClassHints()
                    var attribute = node.pointee.properties
                    while let attr = attribute {
                        attribute = attr.pointee.next
                        guard let attrName = attr.pointee.name else { continue }
                        let known = attributeCache.value(for: attrName) { AttributeName(cName: $0) }
                        guard let known else { continue }
                        let value = Self.attributeValue(attr)
                        if known == .class {
                            if let cached = classMatches[value] {
                                hints.add(cached, isID: false)
                            } else {
                                let match = ClassHints.match(value)
                                classMatches[value] = match
                                hints.add(match, isID: false)
                            }
                        } else if known == .id {
                            hints.add(ClassHints.match(value), isID: true)
                        }
                        attributeNames.append(known)
                        attributeValues.append(value)
                        element.attributeCount += 1
                    }
                    if tag == .script {
                        // Only JSON-LD scripts matter, for metadata; their text is kept aside.
                        let type = attributeValue(.type, of: element)
                        if type?.lowercased().contains("ld+json") == true { jsonLD.append(Self.textContent(node)) }
                        attributeNames.removeLast(Int(element.attributeCount))
                        attributeValues.removeLast(Int(element.attributeCount))
                        continue
                    }
                    let index = append(element, hints: hints, statistics: TextStatistics())
                    if let child = node.pointee.children {
                        pending.append((current, parent))
                        current = child
                        parent = index
                    }
                default:
                    continue
                }
            }
            guard let resume = pending.popLast() else { break }
            current = resume.node
            parent = resume.parent
        }
    }

    private func attributeValue(_ name: AttributeName, of element: Node) -> String? {
        let start = Int(element.attributeStart)
        for position in start..<(start + Int(element.attributeCount)) where attributeNames[position] == name {
            return attributeValues[position]
        }
        return nil
    }

    @discardableResult
    private mutating func append(_ node: Node, hints: ClassHints, statistics: TextStatistics) -> Int32 {
        let index = Int32(nodes.count)
        if node.parent >= 0 {
            let parentIndex = Int(node.parent)
            if nodes[parentIndex].lastChild >= 0 {
                nodes[Int(nodes[parentIndex].lastChild)].nextSibling = index
            } else {
                nodes[parentIndex].firstChild = index
            }
            nodes[parentIndex].lastChild = index
        }
        nodes.append(node)
        self.hints.append(hints)
        textStatistics.append(statistics)
        return index
    }

    /// An attribute's value: the concatenated content of its text children.
    private static func attributeValue(_ attr: xmlAttrPtr) -> String {
        guard let only = attr.pointee.children, only.pointee.next == nil else {
            var value = ""
            var child = attr.pointee.children
            while let node = child {
                if let content = node.pointee.content { value += String(cString: content) }
                child = node.pointee.next
            }
            return value
        }
        return only.pointee.content.map { String(cString: $0) } ?? ""
    }

    /// The concatenated text directly inside `element` (enough for a `<script>`).
    private static func textContent(_ element: xmlNodePtr) -> String {
        var text = ""
        var child = element.pointee.children
        while let node = child {
            if let content = node.pointee.content { text += String(cString: content) }
            child = node.pointee.next
        }
        return text
    }

    /// Indices of the nodes under `index` (not including it), in document order.
    func descendants(of index: Int) -> DescendantSequence {
        DescendantSequence(tree: self, root: index)
    }

    /// Indices of the element children of `index`.
    func children(of index: Int) -> [Int] {
        var result: [Int] = []
        var child = Int(nodes[index].firstChild)
        while child >= 0 {
            result.append(child)
            child = Int(nodes[child].nextSibling)
        }
        return result
    }

    /// The first ancestor of `index` (not itself) with `tag`, if any.
    func hasAncestor(_ index: Int, tag: Tag, maxDepth: Int = .max) -> Bool {
        var current = Int(nodes[index].parent)
        var steps = 0
        while current >= 0 && steps < maxDepth {
            if nodes[current].tag == tag { return true }
            current = Int(nodes[current].parent)
            steps += 1
        }
        return false
    }
}

/// Preorder walk of a subtree using the tree's links, without recursion or a stack: the next node is
/// the first child, else the next sibling, else the next sibling of the nearest ancestor that has one.
struct DescendantSequence: Sequence, IteratorProtocol {
    let tree: NodeTree
    let root: Int
    private var upcoming: Int

    init(tree: NodeTree, root: Int) {
        self.tree = tree
        self.root = root
        self.upcoming = Int(tree[root].firstChild)
    }

    /// Leaves out the subtree under the node returned last.
    mutating func skipChildren(of index: Int) {
        upcoming = following(index)
    }

    mutating func next() -> Int? {
        guard upcoming >= 0 else { return nil }
        let current = upcoming
        let child = Int(tree[current].firstChild)
        upcoming = child >= 0 ? child : following(current)
        return current
    }

    private func following(_ index: Int) -> Int {
        var node = index
        while node != root && node >= 0 {
            let sibling = Int(tree[node].nextSibling)
            if sibling >= 0 { return sibling }
            node = Int(tree[node].parent)
        }
        return -1
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
