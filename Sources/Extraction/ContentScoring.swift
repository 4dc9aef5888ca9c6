/// Finds the block of a page that holds the article, readability-style.
///
/// The steps, for one attempt:
/// 1. Prune: remove hidden elements, navigation roles, `nav`/`aside`/`footer`, and blocks whose
///    class or id reads like chrome (``ClassHints/isUnlikelyCandidate``) — the last two only when
///    `stripUnlikely` is on.
/// 2. Score paragraphs: every paragraph-like block (`p`, `pre`, `td`, headings below `h1`, a `div`
///    with no block children, or the inline text run of a block) of at least 25 characters scores
///    1 + its commas + one point per 100 characters (at most 3), and gives that score to its
///    parent, half to its grandparent, and a third of a share to ancestors further up (five
///    levels). An ancestor starts from a score by tag (``ContentScoring/tagScore``) plus its class
///    weight.
/// 3. Scale each candidate's score by 1 − its link density and take the best; step up to a common
///    ancestor when several near-best candidates share one, or when the parent scores higher.
/// 4. Siblings: keep the top candidate's siblings that score at least a fifth of it, and plain
///    paragraphs beside it that read like prose.
struct ContentScoring {
    /// Switches that a retry turns off one by one when an attempt finds too little text.
    struct Flags: Hashable {
        var stripUnlikely = true
        var weightClasses = true
        var cleanConditionally = true
    }

    /// The least characters a paragraph needs to count.
    static let minimumParagraphLength = 25
    /// Share of the top score a sibling needs, and the floor of that threshold.
    static let siblingShare = 0.2
    static let siblingMinimumScore = 10.0

    var analysis: PageAnalysis
    let flags: Flags
    private(set) var score: [Double]
    private(set) var isCandidate: [Bool]

    var tree: NodeTree { analysis.tree }

    init(analysis: PageAnalysis, flags: Flags) {
        self.analysis = analysis
        self.flags = flags
        score = Array(repeating: 0, count: analysis.tree.count)
        isCandidate = Array(repeating: false, count: analysis.tree.count)
    }

    /// Step 1.
    mutating func prune(body: Int) {
        var walk = tree.descendants(of: body)
        while let index = walk.next() {
            let node = tree[index]
            guard node.tag != .text else { continue }
            if Self.isHidden(tree, index) || node.tag == .nav || node.tag == .aside
                || (tree.attribute(.role, of: index).map { BoilerplatePatterns.unlikelyRoles.contains($0.lowercased()) }
                    ?? false)
            {
                analysis.removed[index] = true
                walk.skipChildren(of: index)
                continue
            }
            if tree.hints[index].isComments && node.tag != .html && node.tag != .body && node.tag != .main {
                analysis.removed[index] = true
                walk.skipChildren(of: index)
                continue
            }
            if flags.stripUnlikely {
                if node.tag == .footer && !tree.hasAncestor(index, tag: .article, maxDepth: 32) {
                    analysis.removed[index] = true
                    walk.skipChildren(of: index)
                    continue
                }
                switch node.tag {
                case .body, .a, .article, .main, .table, .tbody, .thead, .tr, .td, .th, .code, .pre:
                    continue
                default:
                    break
                }
                if tree.hints[index].isUnlikelyCandidate && !tree.hasAncestor(index, tag: .table, maxDepth: 32)
                    && !tree.hasAncestor(index, tag: .code, maxDepth: 32)
                {
                    analysis.removed[index] = true
                    walk.skipChildren(of: index)
                }
            }
        }
        analysis.measure()
    }

    static func isHidden(_ tree: NodeTree, _ index: Int) -> Bool {
        let node = tree[index]
        guard node.attributeCount > 0 else { return false }
        if tree.attribute(.hidden, of: index) != nil { return true }
        if tree.attribute(.ariaHidden, of: index)?.lowercased() == "true", node.tag != .figure, node.tag != .img {
            return !(tree.attribute(.class, of: index)?.contains("fallback-image") ?? false)
        }
        if let style = tree.attribute(.style, of: index)?.lowercased(),
            ByteSearch.contains(style, "none") || ByteSearch.contains(style, "hidden")
        {
            let compact = style.filter { !$0.isWhitespace }
            if compact.contains("display:none") || compact.contains("visibility:hidden") { return true }
        }
        return false
    }

    /// A starting score by tag.
    static func tagScore(_ tag: Tag) -> Double {
        switch tag {
        case .div: return 5
        case .article: return 10
        case .main: return 5
        case .pre, .td, .blockquote: return 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: return -3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: return -5
        default: return 0
        }
    }

    private mutating func initialize(_ index: Int) {
        guard !isCandidate[index] else { return }
        isCandidate[index] = true
        score[index] = Self.tagScore(tree[index].tag) + (flags.weightClasses ? tree.hints[index].weight : 0)
    }

    /// Step 2.
    mutating func scoreParagraphs(body: Int) {
        let a = analysis
        var walk = tree.descendants(of: body)
        while let index = walk.next() {
            guard a.alive[index] else {
                walk.skipChildren(of: index)
                continue
            }
            let node = tree[index]
            let statistics: TextStatistics
            let firstAncestor: Int
            switch node.tag {
            case .p, .pre, .td, .h2, .h3, .h4, .h5, .h6:
                statistics = a.total[index]
                firstAncestor = Int(node.parent)
            case .div, .section, .article, .main, .center, .blockquote, .other:
                if !a.hasBlockChild[index] {
                    statistics = a.total[index]
                    firstAncestor = Int(node.parent)
                } else {
                    statistics = a.inline[index]
                    firstAncestor = index
                }
            default:
                continue
            }
            guard statistics.length >= Self.minimumParagraphLength else { continue }
            let points = 1 + Double(statistics.commas) + Double(min(statistics.length / 100, 3))
            var ancestor = firstAncestor
            var level = 0
            while ancestor >= 0 && level < 5 {
                let ancestorTag = tree[ancestor].tag
                if ancestorTag == .html { break }
                initialize(ancestor)
                let divider = level == 0 ? 1 : level == 1 ? 2 : Double(level) * 3
                score[ancestor] += points / divider
                ancestor = Int(tree[ancestor].parent)
                level += 1
            }
        }
        for index in 0..<score.count where isCandidate[index] {
            score[index] *= 1 - analysis.linkDensity(index)
        }
    }

    /// Step 3: the index of the block most likely to be the article, or `body` when nothing scored.
    func topCandidate(body: Int) -> Int {
        var ranked: [Int] = []
        for index in 0..<score.count where isCandidate[index] && analysis.alive[index] {
            ranked.append(index)
        }
        ranked.sort { score[$0] > score[$1] }
        guard var top = ranked.first, tree[top].tag != .body else { return body }

        // Several near-best candidates under one ancestor: the article is probably that ancestor.
        let alternatives = ranked.dropFirst().prefix(4).filter { score[$0] >= 0.75 * score[top] }
        if alternatives.count >= 3 {
            var ancestor = Int(tree[top].parent)
            while ancestor >= 0 && ancestor != body {
                let contained = alternatives.filter { isAncestor(ancestor, of: $0) }.count
                if contained >= 3 {
                    top = ancestor
                    break
                }
                ancestor = Int(tree[ancestor].parent)
            }
        }
        if !isCandidate[top] { return headlinedArticle(in: top) }

        // A parent that scores better than the candidate holds more of the article.
        var lastScore = score[top]
        let threshold = lastScore / 3
        var parent = Int(tree[top].parent)
        while parent >= 0 && tree[parent].tag != .body && tree[parent].tag != .html {
            if !isCandidate[parent] {
                parent = Int(tree[parent].parent)
                continue
            }
            let parentScore = score[parent]
            if parentScore < threshold { break }
            if parentScore > lastScore {
                top = parent
                break
            }
            lastScore = parentScore
            parent = Int(tree[parent].parent)
        }

        // An only child says no more than its parent.
        parent = Int(tree[top].parent)
        while parent >= 0 && tree[parent].tag != .body && tree[parent].tag != .html
            && elementChildren(of: parent).count == 1
        {
            top = parent
            parent = Int(tree[top].parent)
        }
        return headlinedArticle(in: top)
    }

    /// Several sibling `<article>`s, only one of them with an `<h1>`, are a listing or an endless
    /// scroll around the story: the story is that article, whether `top` holds the articles or is
    /// one of them. The headlined one must have at least a quarter of the longest one's text.
    func headlinedArticle(in top: Int) -> Int {
        let container = tree[top].tag == .article && tree[top].parent >= 0 ? Int(tree[top].parent) : top
        let articles = tree.children(of: container).filter { analysis.alive[$0] && tree[$0].tag == .article }
        guard articles.count >= 2 else { return top }
        let headlined = articles.filter { article in
            var walk = tree.descendants(of: article)
            while let index = walk.next() {
                if tree[index].tag == .h1 { return true }
            }
            return false
        }
        guard headlined.count == 1, let story = headlined.first else { return top }
        let longest = articles.map { analysis.total[$0].length }.max() ?? 0
        return analysis.total[story].length * 4 >= longest ? story : top
    }

    /// The best score of a scored block under `index`.
    func bestDescendantScore(_ index: Int) -> Double {
        var best = 0.0
        var walk = tree.descendants(of: index)
        while let descendant = walk.next() {
            guard analysis.alive[descendant] else {
                walk.skipChildren(of: descendant)
                continue
            }
            if isCandidate[descendant] { best = max(best, score[descendant]) }
        }
        return best
    }

    func isAncestor(_ ancestor: Int, of index: Int) -> Bool {
        var current = Int(tree[index].parent)
        while current >= 0 {
            if current == ancestor { return true }
            if current < ancestor { return false }
            current = Int(tree[current].parent)
        }
        return false
    }

    func elementChildren(of index: Int) -> [Int] {
        tree.children(of: index).filter { child in
            analysis.alive[child]
                && (tree[child].tag != .text || tree.textStatistics[child].length > 1)
        }
    }

    /// Step 4: the top candidate and the siblings that belong with it, in document order.
    func contentRoots(top: Int, body: Int) -> [Int] {
        let parent = Int(tree[top].parent)
        guard top != body, parent >= 0 else { return [top] }
        let topScore = isCandidate[top] ? score[top] : 0
        let threshold = max(Self.siblingMinimumScore, topScore * Self.siblingShare)
        let topClass = tree.attribute(.class, of: top) ?? ""
        var roots: [Int] = []
        for sibling in tree.children(of: parent) where analysis.alive[sibling] {
            if sibling == top {
                roots.append(sibling)
                continue
            }
            let node = tree[sibling]
            guard node.tag != .text else { continue }
            // Another <article> beside the chosen one is another story (a listing, an endless scroll).
            if node.tag == .article && tree[top].tag == .article { continue }
            var bonus = 0.0
            if !topClass.isEmpty, tree.attribute(.class, of: sibling) == topClass {
                bonus += topScore * Self.siblingShare
            }
            if isCandidate[sibling] && score[sibling] + bonus >= threshold {
                roots.append(sibling)
                continue
            }
            // A wrapper too far above its paragraphs to be scored itself (a section of an article
            // split around figures): judged by its best block, if it is not mostly links.
            if !isCandidate[sibling], analysis.linkDensity(sibling) < 0.25,
                bestDescendantScore(sibling) + bonus >= threshold
            {
                roots.append(sibling)
                continue
            }
            let paragraphLike =
                node.tag == .p || ((node.tag == .div || node.tag == .section) && !analysis.hasBlockChild[sibling])
            guard paragraphLike else { continue }
            let length = analysis.total[sibling].length
            let density = analysis.linkDensity(sibling)
            if length > 80 && density < 0.25 {
                roots.append(sibling)
            } else if length > 0 && length <= 80 && density == 0 && TextAssembly.endsLikeSentence(tree, sibling) {
                roots.append(sibling)
            }
        }
        return roots
    }
}
