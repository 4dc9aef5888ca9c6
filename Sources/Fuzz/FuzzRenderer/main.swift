// Fuzzes the renderers (`BriefingRenderer`: the email, whose parts are the plain text and HTML
// formats, and Markdown) with libFuzzer on an arbitrary `Briefing` built from the input; run it
// through scripts/fuzz.
//
// The input is read as fields separated by the byte 0xFF (which UTF-8 never uses): the first is
// the briefing's title; each further field's first byte says what it is (its value modulo 7:
// section, story title, link, source, summary sentence, also-reported-by, failure) and the rest
// is its text, decoded as UTF-8 with replacement. Also-reported-by and failure fields hold parts
// separated by 0xFE.
//
// Every output carries the recipients' footer (`Subscription`), its profile and file names from
// the input, its unsubscribe address the first story's link.
//
// Invariants checked (each a trap when broken):
// - the HTML (the email's HTML part) passes `HTMLAudit` (no script, no event handler, no
//   non-web URL in any attribute, no forbidden element), and every link in them is a URL that
//   `LinkPolicy` accepts and leaves as it is;
// - no output holds a bidirectional control, NUL or any other C0 or C1 control but the newline
//   (and CR before it, in the rendered email);
// - in the Markdown, every `<` and `>` is backslash-escaped, except the angle brackets around a
//   link destination in a `[n]: <...>` definition line, whose destination holds no space,
//   parenthesis, quote or backslash.
import BriefingCore
import CFuzzSupport
import Foundation
import Rendering
import TestSupport

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRenderer(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let briefing = makeBriefing(data)
    // The email's parts are what `render` gives in text and HTML (each call builds its own date
    // formatters, the slowest part of a run, so the two formats are not rendered again).
    // The recipients' footer too: the title as the profile's name, the first link as the
    // unsubscribe address (used only when the link policy accepts it).
    let subscription = Subscription(
        profile: briefing.title, configuration: briefing.sections.first?.name ?? "briefing.toml",
        unsubscribe: briefing.sections.first?.entries.first?.link)
    let message = BriefingRenderer(format: .html, subscription: subscription).message(
        briefing, from: "a@example.com", to: ["b@example.com"])
    checkControls(message.text, allowCR: false, what: "text")
    checkControls(message.html, allowCR: false, what: "html")
    checkHTML(message.html, what: "html")
    checkControls(message.subject, allowCR: false, what: "subject")
    checkControls(message.rendered(), allowCR: true, what: "email")
    let markdown = BriefingRenderer(format: .markdown, subscription: subscription).render(briefing)
    checkControls(markdown, allowCR: false, what: "markdown")
    checkMarkdown(markdown)
    return 0
}

/// The briefing the input describes.
private func makeBriefing(_ data: [UInt8]) -> Briefing {
    let fields = data.split(separator: 0xFF, omittingEmptySubsequences: false)
    func text(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
    func parts(_ bytes: ArraySlice<UInt8>) -> [String] {
        bytes.split(separator: 0xFE, omittingEmptySubsequences: false).map(text)
    }
    var sections: [BriefingSection] = []
    var failures: [FeedFailure] = []
    func withEntry(_ change: (inout BriefingEntry) -> Void) {
        if sections.isEmpty { sections.append(BriefingSection(name: "Section", entries: [])) }
        if sections[sections.count - 1].entries.isEmpty {
            sections[sections.count - 1].entries.append(
                BriefingEntry(title: "", link: nil, source: "", date: nil, summary: []))
        }
        let last = sections[sections.count - 1].entries.count - 1
        change(&sections[sections.count - 1].entries[last])
    }
    for field in fields.dropFirst() {
        guard let kind = field.first else { continue }
        let body = field.dropFirst()
        switch kind % 7 {
        case 0: sections.append(BriefingSection(name: text(body), entries: []))
        case 1:
            if sections.isEmpty { sections.append(BriefingSection(name: "Section", entries: [])) }
            sections[sections.count - 1].entries.append(
                BriefingEntry(
                    title: text(body), link: nil, source: "", date: Date(timeIntervalSince1970: 1_795_770_000),
                    summary: [], isUpdate: kind & 0x80 != 0))
        case 2: withEntry { $0.link = text(body) }
        case 3: withEntry { $0.source = text(body) }
        case 4: withEntry { $0.summary.append(text(body)) }
        case 5:
            let split = parts(body)
            withEntry { $0.alsoReportedBy.append(SourceLink(source: split[0], link: split.count > 1 ? split[1] : nil)) }
        default:
            let split = parts(body)
            let source = FeedSource(
                location: split[0], title: split.count > 1 ? split[1] : nil, group: split.count > 3 ? split[3] : "")
            failures.append(FeedFailure(source: source, reason: split.count > 2 ? split[2] : ""))
        }
    }
    return Briefing(
        title: fields.first.map(text) ?? "", date: Date(timeIntervalSince1970: 1_795_859_200), sections: sections,
        failures: failures, feedCount: max(1, failures.count))
}

private func checkHTML(_ html: String, what: String) {
    let report = HTMLAudit.audit(html)
    if let violation = report.violations.first { fatalError("invariant: \(what): \(violation)") }
    for link in report.links where LinkPolicy.webURL(link) != link {
        fatalError("invariant: \(what): link the policy does not leave as it is: \(link.debugDescription)")
    }
}

private func checkControls(_ output: String, allowCR: Bool, what: String) {
    var previous: Unicode.Scalar = " "
    for scalar in output.unicodeScalars {
        let allowed = scalar == "\n" || (allowCR && scalar == "\r")
        if (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) && !allowed
            || BidiControls.contains(scalar)
        {
            fatalError("invariant: \(what) holds control U+\(String(scalar.value, radix: 16))")
        }
        if allowCR && scalar == "\n" && previous != "\r" { fatalError("invariant: \(what) holds a bare LF") }
        previous = scalar
    }
}

private func checkMarkdown(_ markdown: String) {
    for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
        var body = Substring(line)
        if line.hasPrefix("["), let open = line.range(of: "]: <"), line.hasSuffix(">"),
            line[line.index(after: line.startIndex)..<open.lowerBound].allSatisfy(\.isNumber)
        {
            let destination = line[open.upperBound..<line.index(before: line.endIndex)]
            if destination.contains(where: { " ()'\"\\<>".contains($0) }) {
                fatalError("invariant: markdown destination \(destination.debugDescription)")
            }
            body = ""
        }
        var escaped = false
        for character in body {
            if (character == "<" || character == ">") && !escaped {
                fatalError("invariant: markdown has an unescaped \(character) in \(line.debugDescription)")
            }
            escaped = character == "\\" && !escaped
        }
    }
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzRenderer))
