import BriefingCore
import CLibXML2
import Foundation

/// Token-overlap scoring of extracted text against gold text, the same numbers as the corpus's
/// `score.py` in its default `ws` mode.
///
/// Tokens are what Python's `str.split()` gives: runs of characters that are not Python white
/// space (which includes the ASCII separators U+001C–U+001F), compared by their exact code points
/// (no Unicode normalisation). Per document: tp = Σ min(gold count, system count) over tokens,
/// precision = tp / system tokens, recall = tp / gold tokens, F1 their harmonic mean; both empty
/// scores 1, one side empty scores 0.
public enum TokenOverlap {
    /// Precision, recall and F1 of `predicted` against `gold`.
    public static func score(gold: String, predicted: String) -> (precision: Double, recall: Double, f1: Double) {
        let goldCounts = counts(gold)
        let predictedCounts = counts(predicted)
        let goldTotal = goldCounts.values.reduce(0, +)
        let predictedTotal = predictedCounts.values.reduce(0, +)
        if goldTotal == 0 && predictedTotal == 0 { return (1, 1, 1) }
        if goldTotal == 0 || predictedTotal == 0 { return (0, 0, 0) }
        var overlap = 0
        for (token, count) in predictedCounts {
            overlap += min(count, goldCounts[token] ?? 0)
        }
        let precision = Double(overlap) / Double(predictedTotal)
        let recall = Double(overlap) / Double(goldTotal)
        let f1 = overlap == 0 ? 0 : 2 * precision * recall / (precision + recall)
        return (precision, recall, f1)
    }

    /// Whether Python's `str.isspace()` holds for `scalar`.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Tokens as their UTF-8 bytes (so equal means equal code points), with their counts.
    static func counts(_ text: String) -> [[UInt8]: Int] {
        var result: [[UInt8]: Int] = [:]
        var token: [UInt8] = []
        for scalar in text.unicodeScalars {
            if isPythonWhitespace(scalar) {
                if !token.isEmpty {
                    result[token, default: 0] += 1
                    token.removeAll(keepingCapacity: true)
                }
            } else {
                token.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
            }
        }
        if !token.isEmpty { result[token, default: 0] += 1 }
        return result
    }
}

/// The extraction corpus in `shared/extract`: `dev.jsonl` (or another JSONL file of the same shape)
/// and the gzipped pages beside it.
public struct ExtractionCorpus: Sendable {
    /// One page with its gold answer.
    public struct Page: Sendable {
        public var id: String
        /// The page's bytes, decompressed.
        public var html: Data
        /// The expected main text.
        public var text: String
        /// The expected title, where the corpus has one.
        public var title: String?
        /// The page's address, where known.
        public var url: String?
        /// Hand-made unit-test fixtures rather than real pages.
        public var synthetic: Bool
    }

    /// The pages, in file order.
    public var pages: [Page]

    /// Reads `jsonl` and every page it names (paths relative to the JSONL file; `.gz` files are
    /// decompressed through libxml2's I/O layer, which reads gzip transparently).
    public init(jsonl: URL) throws {
        let directory = jsonl.deletingLastPathComponent()
        let content = try String(contentsOf: jsonl, encoding: .utf8)
        var pages: [Page] = []
        for line in content.split(separator: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let id = record["id"] as? String, let path = record["html"] as? String
            else { continue }
            let file = directory.appendingPathComponent(path).path
            guard let html = Self.readPossiblyCompressed(file) else {
                throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: file])
            }
            pages.append(
                Page(
                    id: id, html: html, text: record["text"] as? String ?? "", title: record["title"] as? String,
                    url: record["url"] as? String, synthetic: record["synthetic"] as? Bool ?? false))
        }
        self.pages = pages
    }

    /// The file's bytes, gunzipped when it is gzip; nil when it cannot be read or holds more
    /// than 64 MiB (see ``readPossiblyCompressed(_:maximumBytes:)``).
    public static func readPossiblyCompressed(_ path: String) -> Data? {
        guard case .read(let data) = readPossiblyCompressed(path, maximumBytes: 64 << 20) else { return nil }
        return data
    }

    /// What ``readPossiblyCompressed(_:maximumBytes:)`` read.
    public enum CompressedRead: Sendable, Equatable {
        case read(Data)
        /// More than the cap, counted after decompression (a gzip bomb, or /dev/zero, stops here).
        case tooLarge
        case failed
    }

    /// The file's bytes, gunzipped when it is gzip, reading no more than one 64 KiB block past
    /// `maximumBytes` of decompressed bytes.
    public static func readPossiblyCompressed(_ path: String, maximumBytes: Int) -> CompressedRead {
        guard let input = xmlParserInputBufferCreateFilename(path, XML_CHAR_ENCODING_NONE) else { return .failed }
        defer { xmlFreeParserInputBuffer(input) }
        while true {
            let got = xmlParserInputBufferRead(input, 1 << 16)
            if got < 0 { return .failed }
            if got == 0 { break }
            if let buffer = input.pointee.buffer, xmlBufUse(buffer) > maximumBytes { return .tooLarge }
        }
        guard let buffer = input.pointee.buffer, let bytes = xmlBufContent(buffer) else { return .failed }
        if xmlBufUse(buffer) > maximumBytes { return .tooLarge }
        return .read(Data(bytes: bytes, count: xmlBufUse(buffer)))
    }
}

/// Whether an extracted title matches a gold title: equal once white space is collapsed and
/// typographic quotes and dashes are made plain.
public enum TitleAgreement {
    public static func agrees(gold: String, predicted: String?) -> Bool {
        guard let predicted else { return false }
        return normalize(gold) == normalize(predicted)
    }

    static func normalize(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\u{2018}", "\u{2019}": result.append("'")
            case "\u{201C}", "\u{201D}": result.append("\"")
            case "\u{2013}", "\u{2014}": result.append("-")
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension Article {
    /// `value` as a JSON string literal.
    public static func jsonLiteral(_ value: String) -> String { JSONValue.string(value).text }
}
