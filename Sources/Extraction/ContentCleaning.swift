/// Removes what does not belong to the article from inside the chosen blocks.
///
/// Steps, top-down over each chosen block, a removed element taking its subtree with it:
/// 1. Forms, field sets, footers, and headings whose class or id is negative.
/// 2. Share bars, newsletter boxes, "related" lists, bylines, credits and the like
///    (``ClassHints/isInArticleBoilerplate``) with under ``ContentCleaning/shortWidgetLength``
///    characters of text.
/// 3. When `cleanConditionally` is on, lists, tables, divisions and sections that look like link
///    farms, image strips or empty shells: too little text, too many links for their class
///    weight, more list items or images than paragraphs.
struct ContentCleaning {
    /// A block with a boilerplate class and less text than this is a widget, not part of the story.
    static let shortWidgetLength = 500

    let scoring: ContentScoring

    /// Indices of nodes to leave out of the article (each with its subtree).
    func droppedNodes(roots: [Int]) -> Set<Int> {
        var dropped: Set<Int> = []
        let tree = scoring.tree
        let analysis = scoring.analysis
        for root in roots {
            var walk = tree.descendants(of: root)
            while let index = walk.next() {
                let node = tree[index]
                guard node.tag != .text else { continue }
                guard analysis.alive[index] else {
                    walk.skipChildren(of: index)
                    continue
                }
                if shouldDrop(index, node) {
                    dropped.insert(index)
                    walk.skipChildren(of: index)
                }
            }
        }
        return dropped
    }

    private func shouldDrop(_ index: Int, _ node: NodeTree.Node) -> Bool {
        let analysis = scoring.analysis
        let hints = scoring.tree.hints[index]
        switch node.tag {
        case .form, .fieldset, .footer:
            return true
        case .h1, .h2, .h3:
            if hints.weight < 0 { return true }
        default:
            break
        }
        if hints.isInArticleBoilerplate && analysis.total[index].length < Self.shortWidgetLength
            && node.tag != .p && !node.tag.isHeading
        {
            return true
        }
        if scoring.flags.cleanConditionally {
            switch node.tag {
            case .table, .ul, .ol, .div, .section, .header, .figure, .dl, .other:
                return isDoubtful(index, node, hints)
            default:
                return false
            }
        }
        return false
    }

    /// Readability's "clean conditionally" test, in our own terms.
    private func isDoubtful(_ index: Int, _ node: NodeTree.Node, _ hints: ClassHints) -> Bool {
        let analysis = scoring.analysis
        let tree = scoring.tree
        if node.tag == .table && isDataTable(index) { return false }
        // Bounded look-ups: an unbounded walk per element would be quadratic on deep trees.
        if tree.hasAncestor(index, tag: .pre, maxDepth: 8) || tree.hasAncestor(index, tag: .code, maxDepth: 8) {
            return false
        }
        let weight = scoring.flags.weightClasses ? hints.weight : 0
        // Only the class weight, as in readability: a list's own score starts at -3 by its tag, so
        // counting it would drop every list that holds a paragraph (a captioned image in a bullet).
        if weight < 0 { return true }
        let statistics = analysis.total[index]
        guard statistics.commas < 10 else { return false }
        let paragraphs = Double(analysis.paragraphs[index])
        let images = Double(analysis.images[index])
        let listItems = Double(analysis.listItems[index]) - 100
        let headings = Double(analysis.headings[index])
        let length = statistics.length
        let linkDensity = analysis.linkDensity(index)
        var isList = node.tag == .ul || node.tag == .ol
        if !isList && length > 0 {
            // Mostly list text: treat as a list.
            isList = Double(analysis.listItems[index]) > 0 && paragraphs == 0 && headings == 0
        }
        let inFigure = node.tag == .figure || tree.hasAncestor(index, tag: .figure, maxDepth: 3)
        if images > 1 && paragraphs / images < 0.5 && !inFigure { return true }
        if !isList && listItems > paragraphs { return true }
        if !isList && length < 25 && (images == 0 || images > 2) && !inFigure { return true }
        if !isList && weight < 25 && linkDensity > 0.2 { return true }
        if weight >= 25 && linkDensity > 0.5 { return true }
        if isList && linkDensity > 0.5 && length < 1000 { return true }
        return false
    }

    /// Tables with headers or a caption hold data; layout tables hold none of these.
    private func isDataTable(_ index: Int) -> Bool {
        let tree = scoring.tree
        if tree.attribute(.role, of: index)?.lowercased() == "presentation" { return false }
        for child in tree.descendants(of: index) {
            switch tree[child].tag {
            case .th, .caption, .thead: return true
            case .table: return false
            default: continue
            }
        }
        return false
    }
}
