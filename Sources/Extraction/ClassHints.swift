/// What an element's `class` and `id` suggest about it, from ``BoilerplatePatterns``.
struct ClassHints {
    /// `class` and `id` lowercased, joined by a space.
    let classAndID: String
    let className: String
    let id: String

    init(_ node: NodeTree.Node) {
        className = node.attribute(.class)?.lowercased() ?? ""
        id = node.attribute(.id)?.lowercased() ?? ""
        classAndID = className.isEmpty ? id : id.isEmpty ? className : className + " " + id
    }

    var isEmpty: Bool { classAndID.isEmpty }

    /// Looks like navigation, comments, sidebars and the like.
    var isUnlikelyCandidate: Bool {
        guard !classAndID.isEmpty else { return false }
        let unlikely =
            Self.containsAny(classAndID, BoilerplatePatterns.unlikelyCandidates)
            || Self.hasToken(classAndID, BoilerplatePatterns.unlikelyTokens)
        return unlikely && !Self.containsAny(classAndID, BoilerplatePatterns.maybeCandidates)
    }

    /// -25 for a negative class, +25 for a positive one, and the same again for the id.
    var weight: Double {
        Self.weight(className) + Self.weight(id)
    }

    /// Looks like a share bar, newsletter box, "related" list or similar inside an article.
    var isInArticleBoilerplate: Bool {
        !classAndID.isEmpty
            && (Self.containsAny(classAndID, BoilerplatePatterns.inArticleBoilerplate)
                || Self.hasToken(classAndID, BoilerplatePatterns.unlikelyTokens))
    }

    private static func weight(_ value: String) -> Double {
        guard !value.isEmpty else { return 0 }
        var weight = 0.0
        if containsAny(value, BoilerplatePatterns.negativeHints) || hasToken(value, BoilerplatePatterns.negativeTokens)
        {
            weight -= 25
        }
        if containsAny(value, BoilerplatePatterns.positiveHints) { weight += 25 }
        return weight
    }

    static func containsAny(_ value: String, _ fragments: [String]) -> Bool {
        fragments.contains { value.contains($0) }
    }

    static func hasToken(_ value: String, _ tokens: Set<String>) -> Bool {
        var token = ""
        for character in value {
            if character.isLetter || character.isNumber {
                token.append(character)
            } else {
                if !token.isEmpty, tokens.contains(token) { return true }
                token = ""
            }
        }
        return !token.isEmpty && tokens.contains(token)
    }
}
