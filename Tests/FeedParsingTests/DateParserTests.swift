import Foundation
import Testing

@testable import FeedParsing

/// Date strings feeds really contain → the UTC instant (or nil, never a wrong date).
@Suite("Dates")
struct DateParserTests {
    @Test(
        "Readable dates",
        arguments: [
            ("Thu, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 19:48 GMT", "2004-01-01T19:48:00Z"),
            ("Thu, 01 Jan 04 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("Fri, 01 Jan 2004 19:48:21 GMT", "2004-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 EST", "2004-01-02T00:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 PDT", "2004-01-02T02:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 -0500", "2004-01-02T00:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 +05:30", "2004-01-01T14:18:21Z"),
            ("Thu, 01 January 2004 19:48:21 Z", "2004-01-01T19:48:21Z"),
            ("Sun Jan  4 16:29:06 PST 2004", "2004-01-05T00:29:06Z"),
            ("2003-12-31T10:14:55Z", "2003-12-31T10:14:55Z"),
            ("2003-12-31T10:14:55.123-08:00", "2003-12-31T18:14:55Z"),
            ("2003-12-31T10:14Z", "2003-12-31T10:14:00Z"),
            ("2003-12-31", "2003-12-31T00:00:00Z"),
            ("2003-12", "2003-12-01T00:00:00Z"),
            ("2003", "2003-01-01T00:00:00Z"),
            ("20031231T101455Z", "2003-12-31T10:14:55Z"),
            ("2003-12-31 10:14:55", "2003-12-31T10:14:55Z"),
            ("2004-07-08 23:56:58.0", "2004-07-08T23:56:58Z"),
            ("Fri, 2006/09/15 08:19:53 EDT", "2006-09-15T12:19:53Z"),
            ("Sun Jan  4 16:29:06 2004", "2004-01-04T16:29:06Z"),
            ("Monday, January 26, 2004 at 16:31 ET", "2004-01-26T21:31:00Z"),
            ("Thu, 01 Jan 99 19:48:21 GMT", "1999-01-01T19:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 A", "2004-01-01T20:48:21Z"),
            ("Thu, 01 Jan 2004 19:48:21 N", "2004-01-01T18:48:21Z"),
            ("Thu,01 Jan 2004 19:48:21 UT", "2004-01-01T19:48:21Z"),
            ("2003-12-31T10:14:55+0100", "2003-12-31T09:14:55Z"),
            ("2003-12-31t10:14:55z", "2003-12-31T10:14:55Z"),
            ("03-12-31", "2003-12-31T00:00:00Z"),
            ("January 26, 2004 4:31 PM EST", "2004-01-26T21:31:00Z"),
            ("January 26, 2004 12:05 am GMT", "2004-01-26T00:05:00Z"),
        ])
    func readable(input: String, expected: String) {
        #expect(DateParser.parse(input).map(FeedInspection.timestamp) == expected)
    }

    @Test(
        "Unreadable dates are nil",
        arguments: [
            "", "yesterday", "Thu, 32 Jan 2004 19:48:21 GMT", "2003-13-01", "2003-02-30T00:00:00Z",
            "Thu, 01 Foo 2004 19:48:21 GMT", "25:00", "2004-01-01T25:00:00Z",
            "Thu, 01 Jan 2004 19:48:21 XYZ", "2004-05-25 오후 11:23:17", "Thu, 01 Jan 2004 19:61:00 GMT",
        ])
    func unreadable(input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    /// The common RSS form is read by position; it must give what the general reader gives (the
    /// same text with two spaces goes the general way) and what Foundation's formatter gives.
    @Test func commonRFC822FormAgreesWithTheGeneralReaderAndFoundation() {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "dd MMM yyyy HH:mm:ss Z"
        let days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        var state: UInt64 = 20_261_202
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        var read = 0
        for _ in 0..<3000 {
            let year = 1970 + next(80)
            let month = next(12)
            let day = 1 + next(31)
            let zone = next(3) == 0 ? "GMT" : "\(next(2) == 0 ? "+" : "-")\(two(next(14)))\(two(next(4) * 15))"
            let time = "\(two(next(24))):\(two(next(60))):\(two(next(60)))"
            let text = "\(days[next(7)]), \(two(day)) \(months[month]) \(year) \(time) \(zone)"
            let general = text.replacingOccurrences(of: ", ", with: ",  ")
            let date = DateParser.parse(text)
            #expect(date == DateParser.parse(general), "\(text)")
            // Foundation reads days past the month's end into the next month; ours refuses them.
            // (The weekday, which neither checks, is left out of Foundation's format.)
            if let date {
                read += 1
                let withoutWeekday = String(text.dropFirst(5)).replacingOccurrences(of: "GMT", with: "+0000")
                #expect(date == formatter.date(from: withoutWeekday), "\(text)")
            }
        }
        #expect(read > 2500)
        #expect(
            DateParser.parse("Sun, 01 Jun 2025 20:46:00 +0900").map(FeedInspection.timestamp) == "2025-06-01T11:46:00Z")
        #expect(
            DateParser.parse("sun, 01 jun 2025 20:46:00 gmt").map(FeedInspection.timestamp) == "2025-06-01T20:46:00Z")
        #expect(DateParser.parse("Sun, 31 Jun 2025 20:46:00 +0900") == nil)
        #expect(DateParser.parse("Sun, 01 Jun 2025 20:46:00 +2400") == nil)
    }
}
