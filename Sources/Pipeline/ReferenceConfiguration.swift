import Fetching
import Summarization

/// The commented reference configuration: every option with its default. `briefing init`
/// writes it, and `Config/briefing.toml` is a copy that a test keeps equal (run the tests with
/// `BRIEFING_RECORD_REFERENCE=1` to write the copy again). Defaults and allowed values come from
/// the types themselves, so the text cannot drift from the parser.
public enum ReferenceConfiguration {
    /// The configuration file's name.
    public static let fileName = "briefing.toml"
    /// The feed list the reference names, beside the configuration file.
    public static let feedList = "feeds.opml"

    /// The text of the reference configuration.
    public static var text: String {
        let d = BriefingConfiguration()
        let f = FetchConfiguration()
        let r = RefreshConfiguration()
        return #"""
            # briefing configuration: every option, with its default and what it does.
            # `briefing init` writes this file to $XDG_CONFIG_HOME/briefing/briefing.toml (else
            # ~/.config/briefing/briefing.toml) and the feed list it names, feeds.opml, beside it. To copy
            # it there yourself, put your OPML feed list beside it as feeds.opml. Or pass any configuration
            # with --config. Relative paths here (feeds, state directory, password and CA files) are
            # relative to the folder this file is in. Unknown options are errors, so a typo never goes
            # unnoticed.

            [briefing]
            # The heading of the briefing, and of the mail's Subject. One line: control characters
            # (CR, LF, NUL...) are refused. Default: "Daily briefing".
            title = "Daily briefing"

            # OPML feed lists: paths (relative to this file's folder) or http(s) URLs. Required. Add feeds
            # with `briefing feeds add URL` or `briefing feeds import FILE.opml`.
            # Each list's outline groups become the briefing's sections; groups with the same name merge.
            feeds = ["\#(feedList)"]

            # Output format when --format is not given: \#(quoted(OutputFormat.allCases)). Default: "\#(d.format.rawValue)".
            format = "\#(d.format.rawValue)"

            # Sentences in each item's summary (1 to 20). Default: \#(d.sentences).
            sentences = \#(d.sentences)

            # Most words in each item's summary, whole sentences only (a summary keeps at least its
            # best sentence); 0 means no limit. Both this and `sentences` apply. Default: \#(d.words).
            words = \#(d.words)

            # Most items per section, newest first; 0 means no limit. Default: \#(d.maxItemsPerSection).
            max_items_per_section = \#(d.maxItemsPerSection)

            # Most items in the whole briefing; 0 means no limit. Default: \#(d.maxItems).
            max_items = \#(d.maxItems)

            # A first section, "Top stories", with this many stories: those carried by the most feeds
            # (ties: the higher ranked in its section), taken from every section, each still shown once
            # (a section left empty disappears). 0 to 100; 0 means no such section. Default: \#(d.topStories).
            top_stories = \#(d.topStories)

            # Items published longer ago than this are never shown: a number and a unit (s, m, h, d, w);
            # "0" means no limit. Default: "\#(DurationText.describe(d.maxItemAge))".
            max_item_age = "\#(DurationText.describe(d.maxItemAge))"

            # Time zone for the dates shown, an IANA name such as "Europe/Berlin". Default: "\#(d.timeZone)".
            time_zone = "\#(d.timeZone)"

            # Column at which plain text is wrapped (20 to 1000). Default: \#(d.wrapColumn).
            wrap_column = \#(d.wrapColumn)

            # Filters. An item is shown only when it matches at least one include rule (if there are any)
            # and no exclude rule; each feed's own rules ([feeds."URL"] below) apply as well. A filtered
            # item counts as seen: it is not shown later either, even when the rules change. A rule is a
            # word or phrase, matched as whole words in any case ("interest rates" matches "Interest-rates
            # rise", never "interested"), or a /regular expression/ in Swift Regex syntax, with the flags
            # i (ignore case), m and s after the closing slash. A prefix title:, text:, author:, link: or
            # category: limits a rule to that field: "title:budget", "author:/^AP$/". An invalid rule is
            # refused when this file is read. Try rules with `briefing feeds test RULE`. Default: none.
            # include = ["budget", "/\\binflation\\b/i"]
            # exclude = ["category:sport"]

            # More than one briefing a day. Either local times ("HH:MM" in time_zone), named by the time
            # of day (morning before 12:00, afternoon before 17:00, evening from 17:00; two in the same
            # part of the day get the time added, morning-0630), or a table of names to times:
            # editions = { early = "05:00", late = "21:30" }. A run makes the latest edition whose time
            # has come (before the first, the previous day's last), or the one `--edition NAME` names.
            # Each edition has the items new since the one before, its own files
            # (briefing-DAY-evening.txt) and title ("Evening briefing", or "TITLE, evening edition").
            # Running again makes no second briefing of the same edition (--force remakes it).
            # Default: none, one briefing a day.
            # editions = ["06:30", "18:00"]

            [state]
            # Where the run state (state.db: feeds' validators, items seen, briefings made) lives.
            # Default: $XDG_STATE_HOME/briefing, else ~/.local/state/briefing.
            # directory = "~/.local/state/briefing"

            # Or keep the state in PostgreSQL, shared by any number of processes and machines (then
            # no state directory and no run lock: the database serialises the writers). A password
            # in the URL is refused: it comes from password_file (mode 600 or stricter), else the
            # environment's BRIEFING_PG_PASSWORD, else libpq's PGPASSFILE or ~/.pgpass. Default: none.
            # url = "postgresql://briefing@db.example:5432/briefing"
            # password_file = "~/.config/briefing/pg-password"

            # How long the state keeps what it no longer needs, so that it stays the same size over years:
            # after each run, items first seen longer ago than this that their feed no longer lists are
            # deleted, and so are briefings made longer ago. An item its feed still lists is kept however
            # old, so it is never briefed again; feeds that failed or answered 304 keep all their items.
            # A feed taken out of every feed list keeps its items this long after it was last read, then
            # they go with it. At least max_item_age (unless that is "0"), so that an item that leaves its
            # feed and comes back later is too old to be briefed again. "0" keeps everything forever.
            # Default: "\#(DurationText.describe(d.retention))".
            keep = "\#(DurationText.describe(d.retention))"

            [email]
            # Where `briefing run --send` delivers: smtp://host:587 (STARTTLS) or smtps://host:465 (TLS from
            # the start). Required to send.
            # smtp_url = "smtp://mail.example.com:587"
            # The From address: "address" or "Display Name <address>"; names that are not ASCII are fine
            # (they are encoded as RFC 2047 asks). Like every value that goes into a mail header, one line:
            # CR, LF and other control characters are refused. Default: "briefing <briefing@localhost>".
            from = "briefing <briefing@localhost>"
            # Recipients, in the same forms. Required to send.
            # to = ["Zoë Ångström <zoe@example.com>", "\"Doe, Jane\" <jane@example.com>"]
            # Require STARTTLS on smtp:// URLs: a server that does not offer it gets nothing, not even the
            # password. Set false only for a server on this machine. Default: true.
            starttls = true
            # SMTP user name, if the server wants one; then a password is required, from the environment
            # variable BRIEFING_SMTP_PASSWORD or from password_file. Default: none.
            # username = "briefing"
            # A file holding the SMTP password, readable only by its owner (chmod 600); relative to this
            # file. BRIEFING_SMTP_PASSWORD, when set, wins. Default: none.
            # password_file = "smtp-password"
            # CA certificates (a PEM file) to trust for the mail server instead of the system's: for a
            # server whose certificate a private CA signed. Relative to this file. Default: none, which
            # means the file named by CURL_CA_BUNDLE or SSL_CERT_FILE (and the folder SSL_CERT_DIR) when
            # set, as curl does, else the system's CAs.
            # ca_file = "private-ca.pem"
            # Every format ends with a footer for the recipients: why they receive the briefing (their
            # address is in `to` of this file) and how to stop. With an address here, a "mailto:" or an
            # http(s) URL (at most 900 bytes; the link policy refuses anything else), the footer names
            # it and the message carries it as its List-Unsubscribe header (RFC 2369), which mail
            # clients show as an unsubscribe button. Default: none.
            # unsubscribe = "mailto:briefing-owner@example.com?subject=unsubscribe"

            [full_text]
            # Whether to fetch an item's web page for its full text: \#(quoted(FullTextMode.allCases)). "auto"
            # fetches it when the feed carries fewer than min_words words (a teaser), "always" for every
            # item, "never" summarizes what the feed carries. Default: "\#(d.fullText.mode.rawValue)".
            mode = "\#(d.fullText.mode.rawValue)"
            # In auto mode, a feed text shorter than this many words is a teaser. Default: \#(d.fullText.minimumWords).
            min_words = \#(d.fullText.minimumWords)
            # Most pages fetched for full text in one run. Default: \#(d.fullText.maxPages).
            max_pages = \#(d.fullText.maxPages)

            # Modes for single feeds, by the feed's URL as the feed list names it. Default: none.
            # [full_text.feeds]
            # "https://example.com/feed.xml" = "always"

            # Options of single feeds, by the feed's URL as the feed list names it. Default: none.
            # [feeds."https://example.com/feed.xml"]
            # Its full-text mode, as in [full_text.feeds] (the two may not disagree).
            # full_text = "always"
            # Filters for this feed's items, as in [briefing]; the briefing's rules apply too.
            # include = ["title:budget"]
            # exclude = ["author:/^AP$/"]
            # The User-Agent sent for this feed. Default: [fetch] user_agent.
            # user_agent = "Mozilla/5.0 (compatible; briefing)"
            # Extra request headers. Names are HTTP tokens, values printable ASCII; Host, Content-Length,
            # User-Agent and the headers that frame the request or make it conditional are refused.
            # headers = { "X-Api-Key" = "key" }
            # HTTP basic authentication. The password comes from a file only its owner can read (chmod 600;
            # relative to this file) or from an environment variable, never from the command line.
            # Credentials and extra headers are sent to the origin of the feed's URL only (its scheme, host
            # and port): a redirect anywhere else is followed without them.
            # username = "me"
            # password_file = "example-password"
            # password_env = "EXAMPLE_FEED_PASSWORD"

            [fetch]
            # Transfers at once, across all hosts. Default: 16.
            concurrency = \#(f.maxConcurrent)
            # Transfers at once to one host. Default: 2.
            per_host = \#(f.maxPerHost)
            # Seconds to establish a connection. Default: 10.
            connect_timeout = \#(number(f.connectTimeout))
            # Seconds for a whole transfer, redirects included. Default: 30.
            timeout = \#(number(f.totalTimeout))
            # A transfer under low_speed_limit bytes/s for low_speed_time seconds is aborted, and retried once
            # at most. Defaults: 100, 15 (a limit of 0 turns the check off).
            low_speed_limit = \#(f.lowSpeedBytesPerSecond)
            low_speed_time = \#(f.lowSpeedSeconds)
            # Largest body accepted, counted after decompression. Default: 10485760 (10 MiB).
            max_body_bytes = \#(f.maxBodyBytes)
            # Redirects followed. Default: 5.
            max_redirects = \#(f.maxRedirects)
            # Attempts for connection failures, 5xx and 429 (1 = no retries). Default: 3.
            attempts = \#(f.maxAttempts)
            # First retry delay in seconds; doubles each attempt, with jitter. Default: 0.5.
            retry_delay = \#(number(f.retryBaseDelay))
            # Longest Retry-After honoured, in seconds; a longer one fails the feed for this run. Default: 30.
            max_retry_after = \#(number(f.maxRetryAfter))
            # User-Agent header. Default: "briefing/VERSION (+project URL)".
            # user_agent = "\#(FetchConfiguration.defaultUserAgent)"
            # URLs that come from the network (item links fetched for full text, feeds named by a remote
            # OPML list, redirects to another host) may reach public addresses only: never loopback,
            # private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16, fe80::/10), shared
            # (100.64/10), unspecified, multicast or reserved ones. URLs you write yourself (here, in your
            # own OPML files, on the command line) may point anywhere. true lifts the limit. Default: false.
            allow_private_networks = \#(f.allowPrivateNetworks)
            # A PEM file of certificate authorities to trust for HTTPS instead of the system's, for feeds
            # served with a private CA (relative to this file). Default: none, then the CURL_CA_BUNDLE or
            # SSL_CERT_FILE variable, then the system store.
            # ca_file = "company-ca.pem"

            [refresh]
            # `briefing refresh` workers: each claims due feeds from the state, fetches them and stores
            # their items, for `briefing run` to compose from. How long after a feed is refreshed it is
            # due again (a feed that keeps failing waits longer, as in `briefing run`). Default: "\#(DurationText.describe(r.interval))".
            interval = "\#(DurationText.describe(r.interval))"
            # How long a claimed feed stays a worker's: a worker that dies loses its feeds this long after
            # it claimed them, and another worker takes them. Default: "\#(DurationText.describe(r.lease))".
            lease = "\#(DurationText.describe(r.lease))"
            # Feeds a worker claims at once. Default: \#(r.batch).
            batch = \#(r.batch)

            [summarizer.weights]
            # The summarizer scores each sentence as a weighted sum of its features (see
            # `briefing summarize --explain FILE`), then picks sentences one at a time by score plus
            # the facts they add that the summary does not state yet. The defaults were fitted on
            # labelled news (scripts/fit-summarizer-weights.py). Only the weights you set change.
            # Entity density: named entities per word, weighted by their importance in the document.
            entities = \#(weight("entities"))
            # Number density: digits, amounts, percentages, dates and number words per word.
            numbers = \#(weight("numbers"))
            # Position prior 1 / (1 + p / position_scale) for the p-th sentence.
            position = \#(weight("position"))
            # Bonus for a document's first sentence.
            lead = \#(weight("lead"))
            # Similarity to the whole document.
            centrality = \#(weight("centrality"))
            # Share of the title's words the sentence repeats.
            title = \#(weight("title"))
            # Length prior, best at length_ideal words.
            length = \#(weight("length"))
            # Photo captions and lines without final punctuation (negative: avoided).
            caption = \#(weight("caption"))
            # Sentences that open with or hold a quotation.
            quote = \#(weight("quote"))
            # Sentences ending with a question mark.
            question = \#(weight("question"))
            # The importance of the names a sentence is the first to state.
            first_mention = \#(weight("first_mention"))
            # Share of the title's names the sentence states.
            title_entities = \#(weight("title_entities"))
            # Attributed statements (said, told, according to).
            attribution = \#(weight("attribution"))
            # Bonus for a paragraph's first sentence.
            paragraph_lead = \#(weight("paragraph_lead"))
            # Length in words / 60, at most 1.
            word_count = \#(weight("word_count"))
            # Sentences after which the position prior has halved.
            position_scale = \#(weight("position_scale"))
            # The sentence length, in words, the length prior likes best.
            length_ideal = \#(weight("length_ideal"))
            # Weight of the facts (names, figures, title words, repeated word pairs) a sentence adds
            # that the summary does not state yet.
            coverage = \#(weight("coverage"))
            # Penalty per unit of similarity to a sentence already chosen.
            redundancy = \#(weight("redundancy"))
            # Sentences shorter than this many words are not chosen.
            minimum_words = \#(weight("minimum_words"))

            # Profiles: several briefings from one configuration, each a [profiles.NAME] table (NAME:
            # letters, digits, - and _). A profile takes every option of [briefing] (title, feeds,
            # format, sentences, editions...), and each one it does not set comes from [briefing].
            # `briefing run` makes every profile's briefing under one lock, fetching each feed once;
            # `--profile NAME` (repeatable, or a comma list) makes only those. Each profile keeps its own
            # record of what it was shown, so two profiles reading one feed each get its items once.
            # Files are named by profile: briefing-NAME-DAY.txt. Default: no profiles, one briefing.
            # [profiles.NAME]
            # title = "Markets"
            # feeds = ["markets.opml"]
            # Recipients of this profile's briefing with --send. Default: [email] to.
            # to = ["markets-team@example.com"]

            """#
    }

    /// `"text", "markdown", "html" or "email"`.
    private static func quoted<T: RawRepresentable<String>>(_ values: [T]) -> String {
        listing(values.map { "\"\($0.rawValue)\"" })
    }

    /// `value` without a fraction when it has none: `10`, `0.5`.
    private static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// The default summarizer weight `name`.
    private static func weight(_ name: String) -> String {
        number(SummarizerWeights()[name: name] ?? 0)
    }
}
