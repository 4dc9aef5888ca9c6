// Fuzzes `OPML.read(_:baseURL:)` with libFuzzer; run it through scripts/fuzz.
//
// Invariant checked: a list that was read, written with `OPML.write` and read again is the same list.
import BriefingCore
import CFuzzSupport
import FeedParsing
import Foundation

/// Base URLs, picked by the input's length so that every input replays the same way.
private let baseURLs: [String?] = [nil, "file:///home/user/feeds/list.opml", "https://example.com/a/b/feeds.opml"]

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOPML(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let data = bytes.map { Data(bytes: $0, count: size) } ?? Data()
    guard let list = try? OPML.read(data, baseURL: baseURLs[size % baseURLs.count]) else { return 0 }
    let written = OPML.write(list)
    let again: FeedList
    do {
        again = try OPML.read(Data(written.utf8), baseURL: nil)
    } catch {
        fatalError("invariant: OPML.write gave a document OPML.read refuses (\(error)):\n\(written)")
    }
    guard again == list else {
        fatalError("invariant: written and read again, the list changed:\n\(list)\n\(again)\n\(written)")
    }
    return 0
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOPML))
