/// A compact copy of the parsed page: elements and text in one array, in document order.
///
/// Built once, by a ``Builder`` fed with the events of libxml2's streaming (SAX) HTML parser
/// (``NodeTree/parse(_:)``), so libxml2 never builds a tree of its own and no depth of nesting
/// can overflow the call stack. Everything later (scoring, cleaning, text assembly) works on
/// indices into `nodes`, and every walk over it is iterative too. A parent always comes before its children, so a loop over
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
        return String(decoding: bytes, as: UTF8.self).collapsingWhitespace()
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

extension NodeTree {
    /// Builds a ``NodeTree`` from a parser's events, in document order: elements opened and closed,
    /// and runs of text. Events must nest (every ``beginElement(_:)`` has its ``endElement()``), as
    /// libxml2's HTML parser guarantees by closing implied and unclosed elements itself.
    ///
    /// What the tree leaves out is dropped here: elements whose content is never article text
    /// (``Tag/isSkipped``) with everything inside them, comments, and scripts; the text of
    /// `<script type="application/ld+json">` is kept aside in ``NodeTree/jsonLD``. Consecutive runs
    /// of text become one text node, as in a DOM.
    struct Builder {
        /// What an open element became.
        private enum Entry {
            /// An element in the tree, at this index.
            case element(Int32)
            /// Left out, with everything inside it.
            case skipped
            /// A `<script>` whose attributes are still coming.
            case script
            /// A JSON-LD script, whose text is collected.
            case linkedData
        }

        private var tree = NodeTree()
        private var open: [Entry] = []
        /// The text node that text events still extend, or -1 once anything else has happened.
        private var openText: Int32 = -1
        private var linkedDataText: [UInt8] = []
        /// Many elements share a class value (and ids repeat class values): match each distinct
        /// value once.
        private var classMatches: [String: ClassHints.Match] = [:]

        init() {
            tree.nodes.reserveCapacity(2048)
            tree.textBytes.reserveCapacity(1 << 16)
        }

        /// The parent a new node gets: the innermost open element, `-1` at the top level, or `nil`
        /// inside something left out.
        private var parent: Int32? {
            switch open.last {
            case nil: return -1
            case .element(let index): return index
            case .skipped, .script, .linkedData: return nil
            }
        }

        /// Opens an element. Returns whether its attributes matter: `false` for an element left
        /// out, which then needs no ``addAttribute(_:value:)`` calls (they would be ignored).
        /// ``endStartTag()`` follows the attributes.
        @discardableResult
        mutating func beginElement(_ tag: Tag) -> Bool {
            closeText()
            guard let parent = parent, !tag.isSkipped else {
                open.append(.skipped)
                return false
            }
            if tag == .script {
                open.append(.script)
                return true
            }
            var element = Node(tag: tag, parent: parent)
            element.attributeStart = Int32(truncatingIfNeeded: tree.attributeNames.count)
            open.append(.element(append(element)))
            return true
        }

        /// Adds an attribute to the element opened last (before anything inside it).
        mutating func addAttribute(_ name: AttributeName, value: String) {
            switch open.last {
            case .script:
                if name == .type, ByteSearch.contains(value.lowercased(), "ld+json") { open[open.count - 1] = .linkedData }
            case .element(let index):
                let position = Int(index)
                if name == .class || name == .id {
                    let match: ClassHints.Match
                    if let cached = classMatches[value] {
                        match = cached
                    } else {
                        match = ClassHints.match(value)
                        classMatches[value] = match
                    }
                    tree.hints[position].add(match, isID: name == .id)
                }
                tree.attributeNames.append(name)
                tree.attributeValues.append(value)
                tree.nodes[position].attributeCount += 1
            case .skipped, .linkedData, nil:
                break
            }
        }

        /// Ends the start tag of the element opened last: its attributes are all in.
        mutating func endStartTag() {
            if case .script = open.last { open[open.count - 1] = .skipped }
        }

        /// Closes the innermost open element.
        mutating func endElement() {
            closeText()
            switch open.popLast() {
            case .linkedData:
                tree.jsonLD.append(String(decoding: linkedDataText, as: UTF8.self))
                linkedDataText.removeAll(keepingCapacity: true)
            case .element, .skipped, .script, nil:
                break
            }
        }

        /// A run of text (character references already decoded) in the innermost open element.
        mutating func addText(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard !bytes.isEmpty else { return }
            switch open.last {
            case .linkedData:
                linkedDataText.append(contentsOf: bytes)
                return
            case .skipped, .script, nil:
                // Text outside every element has no place in the tree, as in a DOM.
                return
            case .element(let parent):
                if openText >= 0 {
                    tree.textBytes.append(contentsOf: bytes)
                    tree.nodes[Int(openText)].textCount += Int32(truncatingIfNeeded: bytes.count)
                    return
                }
                var text = Node(tag: .text, parent: parent)
                text.textStart = Int32(truncatingIfNeeded: tree.textBytes.count)
                text.textCount = Int32(truncatingIfNeeded: bytes.count)
                tree.textBytes.append(contentsOf: bytes)
                openText = append(text)
            }
        }

        /// Something that separates text runs without being in the tree (a comment).
        mutating func breakText() {
            closeText()
        }

        /// The finished tree; elements still open are closed.
        mutating func finish() -> NodeTree {
            closeText()
            while !open.isEmpty { endElement() }
            return tree
        }

        /// Measures the text node that was being extended; nothing extends it after this.
        private mutating func closeText() {
            guard openText >= 0 else { return }
            let node = tree.nodes[Int(openText)]
            let start = Int(node.textStart)
            tree.textStatistics[Int(openText)] = tree.textBytes.withUnsafeBufferPointer {
                TextStatistics(of: UnsafeBufferPointer(rebasing: $0[start..<(start + Int(node.textCount))]))
            }
            openText = -1
        }

        /// Adds `node` as the last child of its parent; text statistics are filled in by
        /// ``closeText()``.
        private mutating func append(_ node: Node) -> Int32 {
            let index = Int32(tree.nodes.count)
            if node.parent >= 0 {
                let parentIndex = Int(node.parent)
                if tree.nodes[parentIndex].lastChild >= 0 {
                    tree.nodes[Int(tree.nodes[parentIndex].lastChild)].nextSibling = index
                } else {
                    tree.nodes[parentIndex].firstChild = index
                }
                tree.nodes[parentIndex].lastChild = index
            }
            tree.nodes.append(node)
            tree.hints.append(ClassHints())
            tree.textStatistics.append(TextStatistics())
            return index
        }
    }
}
