import CLibXML2

/// A compact copy of the parsed page: elements and text in one array, in document order.
///
/// Built once from libxml2's tree by walking `xmlNode` pointers (`children`, `next`, `type`,
/// `name`, `properties`) with an explicit stack, so no depth of nesting can overflow the call
/// stack. Everything later (scoring, cleaning, text assembly) works on indices into `nodes`, and
/// every walk over it is iterative too. A parent always comes before its children, so a loop over
/// the indices from last to first visits children before parents.
struct NodeTree {
    /// One element or text node.
    struct Node {
        /// The element's tag, or ``Tag/text`` for text.
        var tag: Tag
        /// Index of the parent, `-1` for the root.
        var parent: Int32
        var firstChild: Int32 = -1
        var lastChild: Int32 = -1
        var nextSibling: Int32 = -1
        /// Depth below the root (the root is 0).
        var depth: Int32 = 0
        /// Text nodes: the text, character references decoded, white space as in the source.
        var text: String = ""
        /// Elements: the attributes that extraction reads (see ``AttributeName``).
        var attributes: [(name: AttributeName, value: String)] = []

        func attribute(_ name: AttributeName) -> String? {
            for attribute in attributes where attribute.name == name { return attribute.value }
            return nil
        }
    }

    private(set) var nodes: [Node] = []

    /// Text of `<script type="application/ld+json">` blocks, in document order.
    private(set) var jsonLD: [String] = []

    var count: Int { nodes.count }

    subscript(index: Int) -> Node { nodes[index] }

    /// Copies the tree under `document`'s root element.
    init(document: HTMLDocument) {
        guard let root = document.rootElement else { return }
        nodes.reserveCapacity(1024)
        var tagCache: [UnsafePointer<xmlChar>: Tag] = [:]
        var attributeCache: [UnsafePointer<xmlChar>: AttributeName?] = [:]
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
                    append(Node(tag: .text, parent: parent, text: String(cString: content)))
                case XML_ELEMENT_NODE:
                    guard let name = node.pointee.name else { continue }
                    let tag: Tag
                    if let known = tagCache[name] {
                        tag = known
                    } else {
                        tag = Tag(lowercasedName: String(cString: name).lowercased())
                        tagCache[name] = tag
                    }
                    if tag.isSkipped { continue }
                    var element = Node(tag: tag, parent: parent)
                    var attribute = node.pointee.properties
                    while let attr = attribute {
                        attribute = attr.pointee.next
                        guard let attrName = attr.pointee.name else { continue }
                        let known: AttributeName?
                        if let cached = attributeCache[attrName] {
                            known = cached
                        } else {
                            known = AttributeName(rawValue: String(cString: attrName).lowercased())
                            attributeCache[attrName] = known
                        }
                        guard let known else { continue }
                        element.attributes.append((known, Self.attributeValue(attr)))
                    }
                    if tag == .script {
                        // Only JSON-LD scripts matter, for metadata; their text is kept aside.
                        if element.attribute(.type)?.lowercased().contains("ld+json") == true {
                            jsonLD.append(Self.textContent(node))
                        }
                        continue
                    }
                    let index = append(element)
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

    @discardableResult
    private mutating func append(_ node: Node) -> Int32 {
        var node = node
        let index = Int32(nodes.count)
        if node.parent >= 0 {
            let parentIndex = Int(node.parent)
            node.depth = nodes[parentIndex].depth + 1
            if nodes[parentIndex].lastChild >= 0 {
                nodes[Int(nodes[parentIndex].lastChild)].nextSibling = index
            } else {
                nodes[parentIndex].firstChild = index
            }
            nodes[parentIndex].lastChild = index
        }
        nodes.append(node)
        return index
    }

    /// An attribute's value: the concatenated content of its text children.
    private static func attributeValue(_ attr: xmlAttrPtr) -> String {
        var value = ""
        var child = attr.pointee.children
        while let node = child {
            if let content = node.pointee.content { value += String(cString: content) }
            child = node.pointee.next
        }
        return value
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
