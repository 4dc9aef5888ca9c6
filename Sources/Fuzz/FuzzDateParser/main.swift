// Fuzzes `DateParser.parse(_:)` with libFuzzer; run it through scripts/fuzz.
//
// Invariants checked: a parsed date lies in years 1 to 9999 (give or take a zone offset) and
// round-trips: written as ISO 8601 (`YYYY-MM-DDTHH:MM:SSZ`) and parsed again, it is the same
// instant. The parser drops fractions of a second, so every date it returns is whole seconds.
import CFuzzSupport
import FeedParsing
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzDateParser(_ bytes: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : size), as: UTF8.self)
    guard let date = DateParser.parse(text) else { return 0 }
    let seconds = date.timeIntervalSince1970
    guard seconds == seconds.rounded(.down) else {
        fatalError("invariant: \(text.debugDescription) gave \(seconds), not whole seconds")
    }
    // 0001-01-01 minus a day to 9999-12-31 plus a day, to allow for zone offsets.
    guard seconds >= -62_135_683_200, seconds <= 253_402_387_199 else {
        fatalError("invariant: \(text.debugDescription) gave \(seconds), outside years 1 to 9999")
    }
    let iso = isoString(Int(seconds))
    guard let year = Int(iso.prefix(4)), year >= 1, year <= 9999 else { return 0 }
    guard let back = DateParser.parse(iso), back == date else {
        let backText = DateParser.parse(iso).map { "\($0.timeIntervalSince1970)" } ?? "nil"
        fatalError("invariant: \(text.debugDescription) gave \(seconds) = \(iso), which reads back as \(backText)")
    }
    return 0
}

/// `seconds` since 1970 in UTC as `YYYY-MM-DDTHH:MM:SSZ`, by the civil calendar (proleptic Gregorian).
private func isoString(_ seconds: Int) -> String {
    let (days, secondOfDay) = floorDivision(seconds, 86_400)
    // Days since 1970-01-01 to year, month, day: shift to eras of 400 years starting on 0000-03-01.
    let shifted = days + 719_468
    let (era, dayOfEra) = floorDivision(shifted, 146_097)
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
        + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
}

private func floorDivision(_ value: Int, _ divisor: Int) -> (quotient: Int, remainder: Int) {
    let remainder = ((value % divisor) + divisor) % divisor
    return ((value - remainder) / divisor, remainder)
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzDateParser))
