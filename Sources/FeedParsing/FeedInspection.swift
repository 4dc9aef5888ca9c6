import BriefingCore
import Foundation

/// Renders a parsed feed for `briefing feed inspect`: a stable JSON document and a readable
/// text listing.
///
/// JSON shape (keys in this order, absent values `null`, dates `YYYY-MM-DDTHH:MM:SSZ`):
/// `{"format","title","link","recovered","items":[{"id","title","link","published","updated",
/// "author","summary_text","content_text","enclosures":[{"url","type","length"}]}]}`.
public enum FeedInspection {
    /// The feed as one line of JSON (keys in the documented order, written by `JSONValue`).
    public static func json(_ feed: Feed) -> String { JSONValue.object(jsonMembers(feed)).text }

    /// The members of ``json(_:)``, in its order, for outputs that add their own (the batch modes).
    public static func jsonMembers(_ feed: Feed) -> [(String, JSONValue)] {
        let items = feed.items.map { item in
            JSONValue.object([
                ("id", .string(item.id)), ("title", JSONValue(item.title)), ("link", JSONValue(item.link)),
                ("published", JSONValue(item.published.map(timestamp))),
                ("updated", JSONValue(item.updated.map(timestamp))), ("author", JSONValue(item.author)),
                ("summary_text", JSONValue(item.summaryText)), ("content_text", JSONValue(item.contentText)),
                (
                    "enclosures",
                    .array(
                        item.enclosures.map { enclosure in
                            .object([
                                ("url", .string(enclosure.url)), ("type", JSONValue(enclosure.type)),
                                ("length", JSONValue(enclosure.length)),
                            ])
                        })
                ),
            ])
        }
        return [
            ("format", .string(feed.format.rawValue)), ("title", JSONValue(feed.title)), ("link", JSONValue(feed.link)),
            ("recovered", .bool(feed.recovered)), ("items", .array(items)),
        ]
    }

    /// Writes ``json(_:)``'s object and a newline to `output`, after the members `leading` (the
    /// batch modes' "id" or "source"): the same bytes as `.object(leading + jsonMembers(feed))`,
    /// written straight from the feed, without building the `JSONValue` tree first (that tree
    /// took about a tenth of `feed inspect --json`), and written out between items.
    ///
    /// A large feed's items are written on up to `threads` threads (as `FeedParser.itemThreads`:
    /// nil, the default, is the active cores), in rounds of chunks, each chunk into its own
    /// buffer, the buffers then written out in order: the same bytes whatever the number of threads.
    ///
    /// Without `lineBreak`, the object is written without the newline (a batch writes its own).
    public static func writeJSONLine(
        _ feed: Feed, leading: [(String, JSONValue)] = [], to output: OutputBuffer, threads: Int? = nil,
        lineBreak: Bool = true
    ) {
        output.bytes.append(UInt8(ascii: "{"))
        for (key, value) in leading {
            JSONValue.writeString(key, to: &output.bytes)
            output.bytes.append(UInt8(ascii: ":"))
            value.write(to: &output.bytes)
            output.bytes.append(UInt8(ascii: ","))
        }
        JSONMembers.write(&output.bytes, first: "format", feed.format.rawValue)
        JSONMembers.write(&output.bytes, "title", feed.title)
        JSONMembers.write(&output.bytes, "link", feed.link)
        JSONMembers.key(&output.bytes, "recovered")
        output.bytes.append(contentsOf: (feed.recovered ? "true" : "false").utf8)
        JSONMembers.key(&output.bytes, "items")
        output.bytes.append(UInt8(ascii: "["))
        writeItems(feed.items, to: output, chunks: ItemChunks(threads: threads))
        output.bytes.append(contentsOf: "]}".utf8)
        if lineBreak { output.bytes.append(UInt8(ascii: "\n")) }
        output.flushIfFull()
    }

    /// Items written in a round: the round's JSON is held in memory at once (about 650 KB for the
    /// items of the large benchmark feeds).
    static let itemsPerRound = 256

    /// The items of ``writeJSONLine(_:leading:to:threads:lineBreak:)``, separated by commas.
    private static func writeItems(_ items: [FeedItem], to output: OutputBuffer, chunks: ItemChunks) {
        guard chunks.chunks(count: items.count).count > 1 else {
            // A small feed, or one thread: written straight out, item by item.
            // Items are read in place (a buffer pointer's subscript), not copied out of the
            // array: a copy retains and releases each of an item's strings.
            items.withUnsafeBufferPointer { items in
                for offset in items.indices {
                    if offset > 0 { output.bytes.append(UInt8(ascii: ",")) }
                    writeItem(items[offset], to: &output.bytes)
                    output.flushIfFull()
                }
            }
            return
        }
        var start = 0
        while start < items.count {
            let round = start..<min(items.count, start + itemsPerRound)
            let pieces = chunks.map(count: round.count) { range -> [UInt8] in
                items.withUnsafeBufferPointer { items in
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(range.reduce(0) { $0 + estimatedSize(items[round.lowerBound + $1]) })
                    for index in range {
                        let offset = round.lowerBound + index
                        if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                        writeItem(items[offset], to: &bytes)
                    }
                    return bytes
                }
            }
            // A piece of a block's size or more goes out (or is kept) as it is, not copied.
            output.append(pieces: pieces)
            start = round.upperBound
        }
    }

    /// About the bytes of `item`'s JSON (its strings, the keys, a little escaping), so that a
    /// chunk's buffer is allocated once.
    private static func estimatedSize(_ item: borrowing FeedItem) -> Int {
        var size = 256 + item.id.utf8.count + (item.title?.utf8.count ?? 0) + (item.link?.utf8.count ?? 0)
        size += (item.author?.utf8.count ?? 0) + (item.summaryText?.utf8.count ?? 0)
        size += item.contentText?.utf8.count ?? 0
        for enclosure in item.enclosures { size += 64 + enclosure.url.utf8.count + (enclosure.type?.utf8.count ?? 0) }
        return size + size / 16
    }

    /// One item of ``writeJSONLine(_:leading:to:threads:lineBreak:)``, members in ``jsonMembers(_:)``'s order.
    private static func writeItem(_ item: borrowing FeedItem, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        JSONMembers.write(&output, first: "id", item.id)
        JSONMembers.write(&output, "title", item.title)
        JSONMembers.write(&output, "link", item.link)
        JSONMembers.write(&output, "published", item.published.map(timestamp))
        JSONMembers.write(&output, "updated", item.updated.map(timestamp))
        JSONMembers.write(&output, "author", item.author)
        JSONMembers.write(&output, "summary_text", item.summaryText)
        JSONMembers.write(&output, "content_text", item.contentText)
        JSONMembers.key(&output, "enclosures")
        output.append(UInt8(ascii: "["))
        for (offset, enclosure) in item.enclosures.enumerated() {
            if offset > 0 { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "{"))
            JSONMembers.write(&output, first: "url", enclosure.url)
            JSONMembers.write(&output, "type", enclosure.type)
            JSONMembers.key(&output, "length")
            if let length = enclosure.length {
                JSONValue.writeInteger(length, to: &output)
            } else {
                output.append(contentsOf: "null".utf8)
            }
            output.append(UInt8(ascii: "}"))
        }
        output.append(contentsOf: "]}".utf8)
    }

    /// Members written as `JSONValue` writes them: `"key":value`, a comma before all but the first.
    private enum JSONMembers {
        static func key(_ output: inout [UInt8], _ key: StaticString) {
            output.append(UInt8(ascii: ","))
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            output.append(contentsOf: "\":".utf8)
        }

        static func write(_ output: inout [UInt8], first key: StaticString, _ value: String) {
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            output.append(contentsOf: "\":".utf8)
            JSONValue.writeString(value, to: &output)
        }

        static func write(_ output: inout [UInt8], _ key: StaticString, _ value: String?) {
            self.key(&output, key)
            if let value {
                JSONValue.writeString(value, to: &output)
            } else {
                output.append(contentsOf: "null".utf8)
            }
        }
    }

    /// The feed as a readable listing: a header, then one block per item.
    public static func text(_ feed: Feed) -> String {
        var lines: [String] = []
        lines.append(
            "Feed: \(feed.title ?? "(untitled)") [\(feed.format.rawValue)]\(feed.recovered ? " (recovered)" : "")")
        if let link = feed.link { lines.append("Link: \(link)") }
        lines.append("Items: \(feed.items.count)")
        for (offset, item) in feed.items.enumerated() {
            lines.append("")
            lines.append("\(offset + 1). \(item.title ?? "(untitled)")")
            lines.append("   id: \(item.id)")
            if let link = item.link { lines.append("   link: \(link)") }
            if let published = item.published { lines.append("   published: \(timestamp(published))") }
            if let updated = item.updated { lines.append("   updated: \(timestamp(updated))") }
            if let author = item.author { lines.append("   author: \(author)") }
            for enclosure in item.enclosures {
                let details = [enclosure.type, enclosure.length.map { "\($0) bytes" }].compactMap { $0 }
                lines.append(
                    "   enclosure: \(enclosure.url)"
                        + (details.isEmpty ? "" : " (\(details.joined(separator: ", ")))"))
            }
            if let body = item.bodyText {
                let preview = body.replacingOccurrences(of: "\n\n", with: " ")
                lines.append("   " + (preview.count > 200 ? String(preview.prefix(200)) + "..." : preview))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` in UTC.
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var remainder = seconds % 86_400
        if remainder < 0 {
            remainder += 86_400
            days -= 1
        }
        // Civil from days (proleptic Gregorian).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        if (0...9999).contains(year) {
            // The usual case, written digit by digit (a feed has thousands of dates).
            let fields = [
                (year, 4), (month, 2), (day, 2), (remainder / 3600, 2), (remainder % 3600 / 60, 2),
                (remainder % 60, 2),
            ]
            let separators: [UInt8] = [
                UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"), UInt8(ascii: ":"),
                UInt8(ascii: ":"), UInt8(ascii: "Z"),
            ]
            return String(unsafeUninitializedCapacity: 20) { buffer in
                var offset = 0
                for (index, (value, width)) in fields.enumerated() {
                    var rest = value
                    for position in stride(from: offset + width - 1, through: offset, by: -1) {
                        buffer[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                        rest /= 10
                    }
                    offset += width
                    buffer[offset] = separators[index]
                    offset += 1
                }
                return offset
            }
        }
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(remainder / 3600, 2)):"
            + "\(pad(remainder % 3600 / 60, 2)):\(pad(remainder % 60, 2))Z"
    }
}
