import Testing

@testable import BriefingCore

/// `LinkPolicy`: which links may become links, and how they are written.
@Suite struct LinkPolicyTests {
    @Test(arguments: [
        ("http://example.com/", "http://example.com/"),
        ("https://example.com/a/b?c=d#e", "https://example.com/a/b?c=d#e"),
        ("HTTPS://Example.com/Path", "https://Example.com/Path"),
        ("HtTp://example.com", "http://example.com"),
        ("  https://example.com/padded \n", "https://example.com/padded"),
        ("\u{1}\u{0}https://example.com/c0\u{1F}", "https://example.com/c0"),
        ("ht\ttp\n://exa\rmple.com/", "http://example.com/"),
        ("https://[::1]:8080/", "https://[::1]:8080/"),
        ("https://example.com/q?a=1&b=2", "https://example.com/q?a=1&b=2"),
        ("https://user@example.com/", "https://user@example.com/"),
        ("https://例え.jp/パス", "https://例え.jp/パス"),
    ])
    func acceptsWebURLs(raw: String, expected: String) {
        #expect(LinkPolicy.webURL(raw) == expected)
        #expect(LinkPolicy.isWebURL(raw))
    }

    @Test(arguments: [
        "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "java\nscript:alert(1)",
        "java\r\nscript:alert(1)", " \u{1}javascript:alert(1)", "JAVASCRIPT:alert(1)", "vbscript:msgbox(1)",
        "VBScript:msgbox(1)", "data:text/html,<script>alert(1)</script>", "DATA:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd", "FILE://localhost/etc/passwd", "ftp://example.com/", "mailto:a@example.com",
        "//example.com/protocol-relative", "/relative/path", "relative", "", " ", "http:", "http:/",
        "http://", "http:///three-slashes", "http://?q", "http://#f", "http://@host", "http:example.com",
        "https:/example.com", "h ttp://example.com", "\u{212A}ttp://example.com",  // Kelvin sign, not k
        "htt\u{FF50}://example.com", "http\u{202E}://example.com", "https\u{0}://example.com",
        "javascript://example.com/%0Aalert(1)",
    ])
    func refusesEverythingElse(raw: String) {
        #expect(LinkPolicy.webURL(raw) == nil)
        #expect(!LinkPolicy.isWebURL(raw))
    }

    @Test func encodesWhatCouldEndAnAttributeOrDestination() throws {
        let url = try #require(LinkPolicy.webURL("http://x/a\"><svg onload=alert(5)>"))
        #expect(url == "http://x/a%22%3E%3Csvg%20onload=alert(5)%3E")
        let others = try #require(LinkPolicy.webURL("https://x/?q=^`{|}\u{7F}\u{85}\u{0}\u{2028}\u{2029}"))
        #expect(others == "https://x/?q=%5E%60%7B%7C%7D%7F%C2%85%00%E2%80%A8%E2%80%A9")
    }

    @Test func encodesBidiControls() throws {
        let url = try #require(LinkPolicy.webURL("https://x/\u{202E}gpj.exe\u{2066}\u{200F}\u{61C}"))
        #expect(url == "https://x/%E2%80%AEgpj.exe%E2%81%A6%E2%80%8F%D8%9C")
        #expect(!url.unicodeScalars.contains(where: BidiControls.contains))
    }

    @Test func removesTabsAndNewlinesInsideAsABrowserDoes() {
        #expect(LinkPolicy.webURL("https://x/a\nb\tc\rd") == "https://x/abcd")
        // An injected definition line is joined to the URL and its space encoded.
        #expect(
            LinkPolicy.webURL("https://x/b>\n[1]: javascript:alert(1)") == "https://x/b%3E[1]:%20javascript:alert(1)")
    }

    @Test func readsBackslashesAsSlashesBeforeTheQuery() {
        #expect(LinkPolicy.webURL("http:\\\\example.com\\a\\b") == "http://example.com/a/b")
        #expect(LinkPolicy.webURL("https:/\\example.com/") == "https://example.com/")
        #expect(LinkPolicy.webURL("https://x/p?q=a\\b#c\\d") == "https://x/p?q=a%5Cb#c%5Cd")
        #expect(LinkPolicy.webURL("http:\\\\\\evil") == nil)
    }

    @Test func noReturnedURLHoldsACharacterThatEndsADestination() {
        // Every printable ASCII character and the troublesome others, after a valid prefix.
        var tail = (0x00...0x7F).map { String(UnicodeScalar(UInt8($0))) }.joined()
        tail += "\u{85}\u{A0}\u{2028}\u{202E}"
        let url = LinkPolicy.webURL("https://example.com/" + tail) ?? ""
        #expect(url.hasPrefix("https://example.com/"))
        for scalar in url.unicodeScalars {
            #expect(scalar.value > 0x20 && !(0x7F...0x9F).contains(scalar.value), "control \(scalar.value)")
            #expect(!"\"<>\\^`{|} ".unicodeScalars.contains(scalar), "unencoded \(scalar)")
            #expect(!BidiControls.contains(scalar))
        }
    }

    @Test func isIdempotent() {
        for raw in ["https://x/a\"b<c>d e\\f", "HTTP://X/%41?\u{202E}", "https://x/é?q=ü#ß"] {
            let once = LinkPolicy.webURL(raw)
            #expect(once != nil)
            #expect(once.flatMap(LinkPolicy.webURL) == once)
        }
    }

    @Test(arguments: [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069])
    func bidiControlsAreRecognised(value: UInt32) throws {
        #expect(BidiControls.contains(try #require(Unicode.Scalar(value))))
    }

    @Test(arguments: [0x0041, 0x061B, 0x061D, 0x200D, 0x2010, 0x2029, 0x202F, 0x2065, 0x206A, 0xFEFF])
    func otherCharactersAreNotBidiControls(value: UInt32) throws {
        #expect(!BidiControls.contains(try #require(Unicode.Scalar(value))))
    }
}
