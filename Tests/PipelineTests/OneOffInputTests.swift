import Foundation
import Summarization
import TestSupport
import Testing

@testable import Pipeline

/// What `briefing summarize` makes of a file without a Content-Type.
@Suite struct OneOffInputTests {
    func document(_ bytes: [UInt8]) async throws -> Document {
        let folder = Repository.temporaryDirectory("one-off")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("input")
        try Data(bytes).write(to: file)
        return try await OneOffSummary().document(from: file.path)
    }

    static let sentences = (1...12).map { "Sentence number \($0) says something about the council budget." }

    @Test func anHTMLFragmentIsReadAsHTML() async throws {
        // Paragraph markup without <html>, <head> or <body>: the tags used to reach the summary.
        let html = Self.sentences.map { "<p>\($0)</p>" }.joined(separator: "\n")
        let document = try await document(Array(html.utf8))
        #expect(!document.text.contains("<p>"))
        #expect(document.text.contains("Sentence number 1 says"))
    }

    @Test func aUTF16TextFileIsReadByItsByteOrderMark() async throws {
        let text = Self.sentences.joined(separator: " ") + " Ünïcode."
        let bytes: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let document = try await document(bytes)
        #expect(document.text.hasPrefix("Sentence number 1 says"))
        #expect(document.text.hasSuffix("Ünïcode."))
    }

    @Test func plainTextStaysPlainText() async throws {
        let text = Self.sentences.joined(separator: "\n\n") + "\n\nTom & Jerry, 3 < 4."
        let document = try await document(Array(text.utf8))
        #expect(document.text.contains("Tom & Jerry, 3 < 4."))
        #expect(document.text.contains("\n"))
    }
}
