import Foundation

/// Turns the chosen blocks into plain text: one paragraph per block element, inline elements
/// glued to their neighbours exactly as in the source, `<br>` a line break, white space collapsed
/// (kept inside `<pre>`), and lines that are only site furniture ("Share", "Advertisement") left out.
struct TextAssembly {
    /// One paragraph of output and the block element that started it.
    struct Block {
        var text: String
        var tag: Tag
        /// Bytes of text in the block, and how many of them sit inside links.
        var length: Int
        var linkLength: Int
    }

    let tree: NodeTree
    let alive: [Bool]
    let dropped: Set<Int>

    /// The paragraphs under `roots`, in document order.
    func blocks(roots: [Int]) -> [Block] {
        var builder = Builder()
        for root in roots {
            // Events: a positive number enters node n-1, a negative one leaves node -n-1.
            var stack: [Int] = [root + 1]
            while let event = stack.popLast() {
                if event < 0 {
                    let index = -event - 1
                    let tag = tree[index].tag
                    if tag == .pre { builder.preDepth -= 1 }
                    if tag == .a { builder.linkDepth -= 1 }
                    if tag.isBlock { builder.endBlock(opening: tree[Int(max(0, tree[index].parent))].tag) }
                    continue
                }
                let index = event - 1
                guard alive[index], !dropped.contains(index) else { continue }
                let node = tree[index]
                switch node.tag {
                case .text:
                    let start = Int(node.textStart)
                    builder.append(tree.textBytes[start..<(start + Int(node.textCount))])
                    continue
                case .br:
                    builder.lineBreak()
                    continue
                case .img, .head, .title, .meta, .link, .base, .script, .style:
                    continue
                default:
                    break
                }
                if node.tag.isBlock { builder.endBlock(opening: node.tag) }
                if node.tag == .pre { builder.preDepth += 1 }
                if node.tag == .a { builder.linkDepth += 1 }
                stack.append(-index - 1)
                // The children go on in reverse, so that the first comes off first.
                let firstPushed = stack.count
                var child = Int(node.firstChild)
                while child >= 0 {
                    stack.append(child + 1)
                    child = Int(tree[child].nextSibling)
                }
                stack[firstPushed...].reverse()
            }
            builder.endBlock(opening: .other)
        }
        return builder.blocks
    }

    /// Whether the text under `index` ends a sentence or contains one (". " somewhere).
    static func endsLikeSentence(_ tree: NodeTree, _ index: Int) -> Bool {
        let trimmed = tree.collapsedText(under: index)
        guard let last = trimmed.last else { return false }
        return ".!?…\"”’)".contains(last) || trimmed.contains(". ")
    }

    /// Whether a paragraph is site furniture rather than article.
    static func isBoilerplate(_ text: String) -> Bool {
        guard text.utf8.count < 480, text.count < 120 else { return false }
        let lowered = text.lowercased()
        if BoilerplatePatterns.boilerplateLines.contains(lowered) { return true }
        return BoilerplatePatterns.boilerplateLinePrefixes.contains { lowered.hasPrefix($0) }
    }

    /// Whether a paragraph introduces a list of links to other stories ("You may also like...",
    /// "Related:"); it is left out together with the all-link paragraphs that follow it.
    static func isRelatedLeadIn(_ text: String) -> Bool {
        guard text.utf8.count < 160, text.count < 40 else { return false }
        let trimmed = text.lowercased().trimmingCharacters(in: leadInPunctuation)
        return BoilerplatePatterns.relatedLeadIns.contains(trimmed)
    }

    private static let leadInPunctuation = CharacterSet(charactersIn: " .…:-–—»>")

    /// Collects paragraphs as UTF-8 bytes; white space handling works on bytes too.
    private struct Builder {
        var blocks: [Block] = []
        var current: [UInt8] = []
        var currentTag: Tag = .other
        var pendingSpace = false
        var preDepth = 0
        var linkDepth = 0
        /// Bytes of the current paragraph that came from inside links.
        var linkBytes = 0
        /// The tag of the block that was entered last (it becomes the next paragraph's tag).
        var openTag: Tag = .other
        /// After a "You may also like" line: paragraphs that are all link are left out.
        var skippingLinkList = false

        private mutating func separate() {
            if pendingSpace, let last = current.last, last != 0x0A { current.append(0x20) }
            pendingSpace = false
            if current.isEmpty { currentTag = openTag }
        }

        mutating func append(_ text: ArraySlice<UInt8>) {
            if linkDepth > 0 { linkBytes += text.count }
            if preDepth > 0 {
                separate()
                current.append(contentsOf: text)
                return
            }
            var afterC2 = false
            for byte in text {
                if afterC2 {
                    afterC2 = false
                    if byte == 0xA0 {  // U+00A0 no-break space
                        pendingSpace = true
                        continue
                    }
                    separate()
                    current.append(0xC2)
                }
                switch byte {
                case 0x20, 0x09, 0x0A, 0x0D, 0x0C:
                    pendingSpace = true
                case 0xC2:
                    afterC2 = true
                default:
                    separate()
                    current.append(byte)
                }
            }
            if afterC2 {
                separate()
                current.append(0xC2)
            }
        }

        mutating func lineBreak() {
            pendingSpace = false
            if let last = current.last, last != 0x0A { current.append(0x0A) }
        }

        mutating func endBlock(opening tag: Tag) {
            while let last = current.last, last == 0x20 || last == 0x0A || last == 0x09 || last == 0x0D {
                current.removeLast()
            }
            if !current.isEmpty {
                let text = String(decoding: current, as: UTF8.self)
                let linkLength = min(linkBytes, current.count)
                if TextAssembly.isRelatedLeadIn(text) {
                    skippingLinkList = true
                } else if TextAssembly.isBoilerplate(text) {
                    // Furniture between the lead-in and its links does not end the list.
                } else if skippingLinkList && linkLength * 10 >= current.count * 9 {
                    // One of the links after "You may also like".
                } else {
                    skippingLinkList = false
                    blocks.append(Block(text: text, tag: currentTag, length: current.count, linkLength: linkLength))
                }
                current.removeAll(keepingCapacity: true)
            }
            linkBytes = 0
            pendingSpace = false
            openTag = tag
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space and line breaks.
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        // One copy of the bytes, not a scalar at a time.
        return String(decoding: utf8[first..<scalars.index(after: last)], as: UTF8.self)
    }

    /// The text with every run of white space (`Character.isWhitespace`) made one space, and none
    /// at either end. ASCII text is collapsed byte by byte; other text goes through `Character`,
    /// whose grapheme rules decide what counts as a white-space character there.
    func collapsingWhitespace() -> String {
        var text = String(self)
        let ascii: String? = text.withUTF8 { bytes in
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count)
            var pendingSpace = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                    pendingSpace = !result.isEmpty
                    continue
                }
                if pendingSpace {
                    result.append(0x20)
                    pendingSpace = false
                }
                result.append(byte)
            }
            return String(decoding: result, as: UTF8.self)
        }
        return ascii ?? text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}
