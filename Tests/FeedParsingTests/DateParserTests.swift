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
    ])
  func readable(input: String, expected: String) {
    #expect(DateParser.parse(input).map(FeedInspection.timestamp) == expected)
  }

  @Test(
    "Unreadable dates are nil",
    arguments: [
      "", "yesterday", "Thu, 32 Jan 2004 19:48:21 GMT", "2003-13-01", "2003-02-30T00:00:00Z",
      "Thu, 01 Foo 2004 19:48:21 GMT", "25:00", "2004-01-01T25:00:00Z",
    ])
  func unreadable(input: String) {
    #expect(DateParser.parse(input) == nil)
  }
}
