import TestSupport
import Testing

/// The audit that the hostile-content tests and the renderer fuzzer rely on, shown to fail on
/// what it must catch and to pass what is inert.
@Suite struct HTMLAuditTests {
    @Test(arguments: [
        (#"<a href="javascript:alert(1)">x</a>"#, "<a href=\"javascript:alert(1)\">"),
        (#"<a href=" JaVa&#9;ScRiPt:alert(1)">x</a>"#, "<a href=\" JaVa\tScRiPt:alert(1)\">"),
        (#"<a href="vbscript:msgbox(1)">x</a>"#, "<a href=\"vbscript:msgbox(1)\">"),
        (#"<a href="data:text/html,x">x</a>"#, "<a href=\"data:text/html,x\">"),
        (#"<a href="file:///etc/passwd">x</a>"#, "<a href=\"file:///etc/passwd\">"),
        (#"<a href="/relative">x</a>"#, "<a href=\"/relative\">"),
        (#"<a href="//evil.example/">x</a>"#, "<a href=\"//evil.example/\">"),
        (#"<img src="x">"#, "<img src=\"x\">"),
        (#"<img srcset="https://ok/1 1x, javascript:x 2x">"#, "<img srcset=\"https://ok/1 1x, javascript:x 2x\">"),
        (#"<form action="javascript:x"></form>"#, "<form>"),
        (#"<button formaction="javascript:x">b</button>"#, "<button formaction=\"javascript:x\">"),
        (#"<table background="javascript:x"><tr><td>t</td></tr></table>"#, "<table background=\"javascript:x\">"),
        (#"<video poster="javascript:x"></video>"#, "<video poster=\"javascript:x\">"),
        (#"<p xlink:href="javascript:x">p</p>"#, "<p xlink:href=\"javascript:x\">"),
        (#"<img src=x onerror=alert(2)>"#, "<img onerror=\"alert(2)\">"),
        (#"<p ONCLICK="alert(3)">p</p>"#, "<p onclick=\"alert(3)\">"),
        (#"<body onload="x"></body>"#, "<second body>"),
        (#"<html onmouseover="x">"#, "<second html>"),
        (#"<p style="background:url(javascript:x)">p</p>"#, "<p style=\"background:url(javascript:x)\">"),
        ("<script>alert(1)</script>", "<script>"),
        ("<SCRIPT>alert(1)</SCRIPT>", "<script>"),
        (#"<iframe src="https://ok.example/"></iframe>"#, "<iframe>"),
        ("<frameset><frame></frameset>", "<frameset>"),
        ("<object>o</object>", "<object>"),
        ("<embed>", "<embed>"),
        ("<applet>a</applet>", "<applet>"),
        ("<svg><circle/></svg>", "<svg>"),
        ("<math><mi>x</mi></math>", "<math>"),
        ("<style>body{}</style>", "<style>"),
        (#"<base href="https://evil.example/">"#, "<base>"),
        (#"<link rel="stylesheet" href="https://evil.example/x.css">"#, "<link>"),
        (#"<meta http-equiv="Refresh" content="0;url=javascript:x">"#, "<meta http-equiv=\"Refresh\">"),
    ])
    func catchesEachViolation(html: String, expected: String) {
        let found = HTMLAudit.violations(in: "<!DOCTYPE html><html><body>\(html)</body></html>").map(\.description)
        #expect(found.contains(expected), "found \(found)")
    }

    @Test func passesInertHTML() {
        let html = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t &lt;script&gt;</title></head>
            <body style="margin:0;color:#1d1d1b;"><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>
            <a href="https://example.com/a%22%3E" style="color:#000;">ok</a> <a href=" HTTP://example.com/">up</a>
            <p>javascript:alert(1) onload=x &lt;img src=x onerror=y&gt;</p></body></html>
            """
        let report = HTMLAudit.audit(html)
        #expect(report.violations.isEmpty, "\(report.violations)")
        #expect(report.links == ["https://example.com/a%22%3E", " HTTP://example.com/"])
    }

    @Test func findsEveryViolationNotOnlyTheFirst() {
        let html = #"<p><a href="javascript:1">a</a><script></script><i onclick="x">i</i></p>"#
        #expect(HTMLAudit.violations(in: html).count == 3)
    }

    @Test func readsEventHandlersOnTheDocumentsOwnBody() {
        let found = HTMLAudit.violations(in: #"<html><body onload="alert(1)"><p>p</p></body></html>"#)
        #expect(found.map(\.description) == ["<body onload=\"alert(1)\">"])
    }
}
