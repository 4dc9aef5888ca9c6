/// Per-node measures of a ``NodeTree`` for one extraction attempt: which nodes are still in,
/// how much text, link text and commas each subtree holds, and how many paragraphs, images,
/// list items and form fields.
///
/// Computed bottom-up in one loop over the indices from last to first (children come after their
/// parents), so it needs no recursion.
struct PageAnalysis {
    let tree: NodeTree

    /// Subtrees removed in this attempt: `removed[i]` means i and everything under it.
    var removed: [Bool]
    /// Whether a node is in (neither it nor an ancestor removed).
    private(set) var alive: [Bool] = []
    /// Text under each node.
    private(set) var total: [TextStatistics] = []
    /// Text under each node reachable without entering a block element: the node's own inline run.
    private(set) var inline: [TextStatistics] = []
    /// Length of the text inside links under each node, links to `#fragments` weighted 0.3.
    private(set) var linkLength: [Double] = []
    /// Whether a node has a block-level child.
    private(set) var hasBlockChild: [Bool] = []
    private(set) var paragraphs: [Int32] = []
    private(set) var images: [Int32] = []
    private(set) var listItems: [Int32] = []
    private(set) var headings: [Int32] = []

    init(tree: NodeTree) {
        self.tree = tree
        self.removed = Array(repeating: false, count: tree.count)
    }

    /// Recomputes every measure from `removed`.
    mutating func measure() {
        let count = tree.count
        alive = Array(repeating: true, count: count)
        total = Array(repeating: TextStatistics(), count: count)
        inline = Array(repeating: TextStatistics(), count: count)
        linkLength = Array(repeating: 0, count: count)
        hasBlockChild = Array(repeating: false, count: count)
        paragraphs = Array(repeating: 0, count: count)
        images = Array(repeating: 0, count: count)
        listItems = Array(repeating: 0, count: count)
        headings = Array(repeating: 0, count: count)
        for index in 0..<count {
            let parent = Int(tree[index].parent)
            alive[index] = !removed[index] && (parent < 0 || alive[parent])
        }
        for index in stride(from: count - 1, through: 0, by: -1) where alive[index] {
            let node = tree[index]
            if node.tag == .text {
                total[index] = tree.textStatistics[index]
                inline[index] = tree.textStatistics[index]
            } else {
                switch node.tag {
                case .a:
                    let href = tree.attribute(.href, of: index) ?? ""
                    linkLength[index] = Double(total[index].length) * (href.hasPrefix("#") ? 0.3 : 1)
                case .p: paragraphs[index] += 1
                case .img: images[index] += 1
                case .li: listItems[index] += 1
                case .h1, .h2, .h3, .h4, .h5, .h6: headings[index] += 1
                default: break
                }
            }
            let parent = Int(node.parent)
            guard parent >= 0 else { continue }
            total[parent] += total[index]
            linkLength[parent] += linkLength[index]
            paragraphs[parent] += paragraphs[index]
            images[parent] += images[index]
            listItems[parent] += listItems[index]
            headings[parent] += headings[index]
            if node.tag == .text || !node.tag.isBlock {
                inline[parent] += inline[index]
            } else {
                hasBlockChild[parent] = true
            }
        }
    }

    /// Share of the text under `index` that sits inside links (0 when there is no text).
    func linkDensity(_ index: Int) -> Double {
        let length = total[index].length
        return length == 0 ? 0 : min(1, linkLength[index] / Double(length))
    }
}
