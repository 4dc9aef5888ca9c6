/// The word lists behind extraction's guesses, as named constants.
///
/// Class and id values are lowercased and matched as substrings ("sidebar" matches
/// `widget-sidebar-left`), except ``BoilerplatePatterns/negativeTokens`` and
/// ``BoilerplatePatterns/unlikelyTokens``, which must be a whole token (split on anything that is
/// not a letter or digit) because they are too short to match safely inside longer words.
enum BoilerplatePatterns {
    /// Class/id fragments of blocks that are almost never the article: removed before scoring,
    /// unless the same class/id also has a ``maybeCandidates`` fragment.
    static let unlikelyCandidates: [String] = [
        "banner", "breadcrumb", "combx", "comment", "community", "cookie", "consent", "disqus", "extra",
        "footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox",
        "sidebar", "skyscraper", "social", "sponsor", "supplemental", "pagination", "pager", "popup",
        "newsletter", "subscribe", "signup", "promo", "advert", "outbrain", "taboola", "recirc", "trending",
        "most-popular", "mostpopular", "modal", "agegate", "yom-remote", "ad-break", "share", "toolbar",
        "masthead", "navbar", "topnav", "subnav",
    ]

    /// Whole class/id tokens of blocks that are almost never the article.
    static let unlikelyTokens: Set<String> = ["ad", "ads", "nav", "navigation", "dfp", "adslot", "adunit"]

    /// Whole first tokens of a class/id value that mark reader comments (`comments-area`,
    /// `commentlist`, `disqus_thread`, WordPress's `respond` form). Unlike the fragments above these
    /// are removed in every pass, so a short article is never replaced by its comment thread.
    static let commentTokens: Set<String> = ["comment", "comments", "commentlist", "disqus", "respond"]

    /// Class/id fragments that keep a block even when it also has an unlikely fragment
    /// (`article-header`, `main-content-footer`).
    static let maybeCandidates: [String] = ["article", "body", "column", "content", "main", "shadow"]

    /// Whole class/id tokens that keep a block like ``maybeCandidates`` (`sidebar-and-content`);
    /// a whole token so that `brand` or `standard` does not count.
    static let maybeTokens: Set<String> = ["and"]

    /// Class/id fragments that raise a block's score.
    static let positiveHints: [String] = [
        "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog",
        "story", "prose",
    ]

    /// Class/id fragments that lower a block's score.
    static let negativeHints: [String] = [
        "banner", "combx", "comment", "com-", "contact", "cookie", "footer", "gdpr", "masthead", "media",
        "outbrain", "taboola", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
        "sponsor", "shopping", "widget", "social", "newsletter", "subscribe", "byline", "author", "caption",
        "credit", "recommend", "nav", "breadcrumb", "teaser", "signup", "advert", "cta",
    ]

    /// Whole class/id tokens that lower a block's score.
    static let negativeTokens: Set<String> = ["ad", "ads", "hidden", "hid", "meta", "tags", "print", "dfp"]

    /// Class/id fragments of widgets that are removed from inside the article when their text is short
    /// (share buttons, newsletter boxes, "related stories", "read more" teasers).
    static let inArticleBoilerplate: [String] = [
        "share", "social", "related", "newsletter", "subscribe", "signup", "promo", "recommend", "read-more",
        "readmore", "more-stories", "comment", "advert", "sponsor", "tags", "tagged", "byline", "author",
        "credit", "caption", "toolbar", "print", "inline-ad", "ad-", "-ad", "cta", "paywall", "donate",
    ]

    /// ARIA roles of navigation and chrome.
    static let unlikelyRoles: Set<String> = [
        "menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog", "banner",
        "contentinfo", "search",
    ]

    /// Whole-paragraph texts (lowercased, trimmed) that are site furniture, not article. The
    /// ``relatedLeadIns`` ("Related stories", "Read more:") are checked first and are not repeated here.
    static let boilerplateLines: Set<String> = [
        "advertisement", "advertisement:", "ad", "share", "share this", "share this article", "share this story",
        "tweet", "email", "print", "comments", "show comments", "leave a comment",
        "sign up", "subscribe", "skip to content", "skip to main content", "continue reading", "close",
        "follow us", "share on facebook", "share on twitter", "copy link", "story continues below advertisement",
        "story continues below", "article continues below", "scroll to continue with content", "loading...",
    ]

    /// Whole-paragraph texts (lowercased, without trailing dots, colons or arrows) that introduce
    /// links to other stories; the all-link paragraphs after one are left out with it.
    static let relatedLeadIns: Set<String> = [
        "you may also like", "you might also like", "you may like", "you might like", "related", "related stories",
        "related articles", "related content", "related coverage", "related links", "related news",
        "more stories", "more on this story", "more on this topic", "read more", "read next", "see also",
        "also read", "also on", "recommended", "recommended for you", "recommended stories", "more from us",
        "don't miss", "trending", "popular", "most read", "most popular", "other stories",
    ]

    /// Prefixes of whole-paragraph texts (lowercased) that are calls to action, not article.
    static let boilerplateLinePrefixes: [String] = [
        "read more:", "related:", "sign up for", "subscribe to", "click here to", "follow us on",
        "this article was originally published", "get our newsletter",
    ]
}
