import Foundation

/// Reads the date formats feeds use, by hand over UTF-8 bytes (no `DateFormatter`).
///
/// Two families:
/// - ISO 8601 / W3C-DTF: `2003-12-31T10:14:55Z`, with or without seconds, fractions and zone,
///   reduced precision (`2003-12`, `2003`), the basic form (`20031231T101455Z`) and a space
///   instead of `T`;
/// - RFC 822 / 2822 and their corruptions: with or without weekday (a wrong weekday is
///   ignored), with or without seconds, two-digit years, named zones (`EST`, `PDT`, ...),
///   military zones, numeric offsets with or without colon, asctime order
///   (`Sun Jan  4 16:29:06 PST 2004`) and `2006/09/15`-style dates.
///
/// A date that cannot be read completely, or whose fields are out of range, is `nil`: never a
/// wrong date. Results are in UTC.
public enum DateParser {
    /// The date in `text`, or nil.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8 { utf8 in
            // Trim.
            var end = utf8.count
            while end > 0, ByteClass.isXMLSpace(utf8[end - 1]) { end -= 1 }
            var start = 0
            while start < end, ByteClass.isXMLSpace(utf8[start]) { start += 1 }
            guard start < end, end - start < 128 else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: utf8[start..<end])
            if let date = parseISO(bytes) { return date }
            if let date = parseCommonRFC822(bytes) { return date }
            return parseRFC822(bytes)
        }
    }

    // MARK: - ISO 8601 / W3C-DTF

    private static func parseISO(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func digits(_ count: Int) -> Int? {
            guard index + count <= bytes.count else { return nil }
            var value = 0
            for offset in 0..<count {
                let byte = bytes[index + offset]
                guard ByteClass.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }
        func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

        // Count leading digits to tell the extended form from the basic one.
        var leading = 0
        while leading < bytes.count, ByteClass.isDigit(bytes[leading]) { leading += 1 }
        var year: Int
        var month = 1
        var day = 1
        if leading == 4 {
            guard let value = digits(4) else { return nil }
            year = value
            if peek(UInt8(ascii: "-")) {
                index += 1
                guard let monthValue = digits(2) else { return nil }
                month = monthValue
                if peek(UInt8(ascii: "-")) {
                    index += 1
                    guard let dayValue = digits(2) else { return nil }
                    day = dayValue
                }
            } else if index < bytes.count {
                return nil
            }
        } else if leading == 8 {
            guard let value = digits(4), let monthValue = digits(2), let dayValue = digits(2) else {
                return nil
            }
            year = value
            month = monthValue
            day = dayValue
        } else if leading == 2, bytes.count >= 8, bytes[2] == UInt8(ascii: "-"), bytes.count > 5,
            bytes[5] == UInt8(ascii: "-")
        {
            // Two-digit year: 03-12-31.
            guard let value = digits(2) else { return nil }
            index += 1
            guard let monthValue = digits(2) else { return nil }
            index += 1
            guard let dayValue = digits(2) else { return nil }
            year = value < 70 ? 2000 + value : 1900 + value
            month = monthValue
            day = dayValue
        } else {
            return nil
        }

        var hour = 0
        var minute = 0
        var second = 0
        var offset = 0
        if index < bytes.count {
            guard bytes[index] | 0x20 == UInt8(ascii: "t") || bytes[index] == UInt8(ascii: " ") else {
                return nil
            }
            index += 1
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            guard let hourValue = digits(2) else { return nil }
            hour = hourValue
            if peek(UInt8(ascii: ":")) { index += 1 }
            guard let minuteValue = digits(2) else { return nil }
            minute = minuteValue
            if peek(UInt8(ascii: ":")) || (index < bytes.count && ByteClass.isDigit(bytes[index])) {
                if peek(UInt8(ascii: ":")) { index += 1 }
                guard let secondValue = digits(2) else { return nil }
                second = secondValue
                if peek(UInt8(ascii: ".")) || peek(UInt8(ascii: ",")) {
                    index += 1
                    guard index < bytes.count, ByteClass.isDigit(bytes[index]) else { return nil }
                    while index < bytes.count, ByteClass.isDigit(bytes[index]) { index += 1 }
                }
            }
            while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
            if index < bytes.count {
                let byte = bytes[index]
                if byte | 0x20 == UInt8(ascii: "z") {
                    index += 1
                } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") {
                    index += 1
                    guard let zoneHours = digits(2) else { return nil }
                    var zoneMinutes = 0
                    if peek(UInt8(ascii: ":")) { index += 1 }
                    if index < bytes.count {
                        guard let value = digits(2) else { return nil }
                        zoneMinutes = value
                    }
                    guard zoneHours <= 23, zoneMinutes <= 59 else { return nil }
                    offset = (zoneHours * 3600 + zoneMinutes * 60) * (byte == UInt8(ascii: "-") ? -1 : 1)
                } else {
                    // A zone name after an ISO date/time (e.g. "UTC", "GMT").
                    let rest = String(decoding: bytes[index...], as: UTF8.self)
                    guard let zone = zoneOffset(rest.lowercased()) else { return nil }
                    offset = zone
                    index = bytes.count
                }
            }
            guard index == bytes.count else { return nil }
        }
        return makeDate(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, offset: offset
        )
    }

    // MARK: - RFC 822 and relatives

    private enum Token {
        case number(Int, digits: Int)
        case word(String)
        case time(Int, Int, Int)
        case offset(Int)
    }

    private static func tokenize(_ bytes: UnsafeBufferPointer<UInt8>) -> [Token]? {
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if ByteClass.isDigit(byte) {
                var parts: [Int] = []
                var digitCounts: [Int] = []
                repeat {
                    var value = 0
                    var count = 0
                    while index < bytes.count, ByteClass.isDigit(bytes[index]), count < 9 {
                        value = value * 10 + Int(bytes[index] - 0x30)
                        count += 1
                        index += 1
                    }
                    parts.append(value)
                    digitCounts.append(count)
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: ":"), ByteClass.isDigit(bytes[index + 1]) {
                        index += 1
                    } else {
                        break
                    }
                } while parts.count < 3
                if parts.count >= 2 {
                    // Skip fractional seconds.
                    if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "."), ByteClass.isDigit(bytes[index + 1]) {
                        index += 1
                        while index < bytes.count, ByteClass.isDigit(bytes[index]) { index += 1 }
                    }
                    tokens.append(.time(parts[0], parts[1], parts.count > 2 ? parts[2] : 0))
                } else {
                    tokens.append(.number(parts[0], digits: digitCounts[0]))
                }
            } else if ByteClass.isLetter(byte) {
                let start = index
                while index < bytes.count, ByteClass.isLetter(bytes[index]) || bytes[index] == UInt8(ascii: ".") {
                    index += 1
                }
                var word = String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
                while word.hasSuffix(".") { word.removeLast() }
                tokens.append(.word(word))
            } else if byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-"), index + 1 < bytes.count,
                ByteClass.isDigit(bytes[index + 1]),
                tokens.contains(where: { if case .time = $0 { return true } else { return false } })
            {
                let negative = byte == UInt8(ascii: "-")
                index += 1
                var value = 0
                var count = 0
                while index < bytes.count, ByteClass.isDigit(bytes[index]) || bytes[index] == UInt8(ascii: ":") {
                    if ByteClass.isDigit(bytes[index]) {
                        // An offset has at most four digits; more (which could overflow `value`) is no date.
                        guard count < 4 else { return nil }
                        value = value * 10 + Int(bytes[index] - 0x30)
                        count += 1
                    }
                    index += 1
                }
                let hours: Int
                let minutes: Int
                switch count {
                case 1, 2:
                    hours = value
                    minutes = 0
                case 3, 4:
                    hours = value / 100
                    minutes = value % 100
                default: return nil
                }
                guard hours <= 23, minutes <= 59 else { return nil }
                tokens.append(.offset((hours * 3600 + minutes * 60) * (negative ? -1 : 1)))
            } else if byte >= 0x80 {
                // Words in other scripts (Korean, Greek, ...) may change the meaning: do not guess.
                return nil
            } else {
                index += 1
            }
        }
        return tokens
    }

    /// The form nearly every RSS feed writes, `Sun, 01 Jun 2025 20:46:00 +0900` (or `GMT` for the
    /// offset), read by position without tokens; nil when the text is not exactly that, and then
    /// ``parseRFC822(_:)`` reads it (it gives the same date for this form).
    private static func parseCommonRFC822(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        let count = bytes.count
        guard count == 31 || count == 29, bytes[3] == UInt8(ascii: ","), bytes[4] == 0x20, bytes[7] == 0x20,
            bytes[11] == 0x20, bytes[16] == 0x20, bytes[19] == UInt8(ascii: ":"), bytes[22] == UInt8(ascii: ":"),
            bytes[25] == 0x20
        else { return nil }
        func lower(_ index: Int) -> UInt32 { UInt32(bytes[index] | 0x20) }
        func letters(_ index: Int) -> UInt32 { lower(index) << 16 | lower(index + 1) << 8 | lower(index + 2) }
        func number(_ index: Int, _ length: Int) -> Int? {
            var value = 0
            for offset in index..<(index + length) {
                guard ByteClass.isDigit(bytes[offset]) else { return nil }
                value = value * 10 + Int(bytes[offset] - 0x30)
            }
            return value
        }
        for position in [0, 1, 2, 8, 9, 10] where !ByteClass.isLetter(bytes[position]) { return nil }
        guard commonDayNames.contains(letters(0)), let month = commonMonthNames.firstIndex(of: letters(8)),
            let day = number(5, 2), let year = number(12, 4), let hour = number(17, 2),
            let minute = number(20, 2), let second = number(23, 2)
        else { return nil }
        let offset: Int
        if count == 29 {
            guard letters(26) == Self.letters(ascii: "gmt") else { return nil }
            offset = 0
        } else {
            let sign = bytes[26]
            guard sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-"), let hours = number(27, 2),
                let minutes = number(29, 2), hours <= 23, minutes <= 59
            else { return nil }
            offset = (hours * 3600 + minutes * 60) * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        return makeDate(
            year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// Three lower-case ASCII letters packed as ``parseCommonRFC822(_:)`` packs them.
    private static func letters(ascii word: StaticString) -> UInt32 {
        let start = word.utf8Start
        return UInt32(start[0]) << 16 | UInt32(start[1]) << 8 | UInt32(start[2])
    }

    private static let commonDayNames: [UInt32] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map {
        $0.utf8.reduce(0) { $0 << 8 | UInt32($1) }
    }
    private static let commonMonthNames: [UInt32] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ].map { $0.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

    private static func parseRFC822(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        // "2006/09/15" style: rewrite slashes as a Y M D sequence.
        guard let tokens = tokenize(bytes), !tokens.isEmpty else { return nil }
        var month: Int?
        var day: Int?
        var year: Int?
        var yearDigits = 0
        var time: (Int, Int, Int)?
        var offset: Int?
        var meridiem: String?
        var numbers: [(Int, Int)] = []
        for token in tokens {
            switch token {
            case .word(let word):
                if month == nil, let value = monthNumber(word) {
                    month = value
                } else if time != nil, meridiem == nil, word == "am" || word == "pm" {
                    meridiem = word
                } else if time != nil, offset == nil, let zone = zoneOffset(word) {
                    offset = zone
                } else if dayNames.contains(where: { word.hasPrefix($0) }) || word == "at" || word == "on" {
                    continue
                } else if time != nil, offset == nil {
                    // An unknown zone name: the time cannot be placed.
                    return nil
                } else {
                    return nil
                }
            case .number(let value, let digits):
                numbers.append((value, digits))
            case .time(let hour, let minute, let second):
                guard time == nil else { return nil }
                time = (hour, minute, second)
            case .offset(let value):
                guard offset == nil else { return nil }
                offset = value
            }
        }
        if month == nil {
            // Numeric date: YYYY/MM/DD.
            guard numbers.count == 3, numbers[0].1 == 4 else { return nil }
            year = numbers[0].0
            yearDigits = 4
            month = numbers[1].0
            day = numbers[2].0
        } else {
            guard numbers.count == 2 else { return nil }
            if numbers[0].1 == 4 {
                year = numbers[0].0
                yearDigits = 4
                day = numbers[1].0
            } else {
                day = numbers[0].0
                year = numbers[1].0
                yearDigits = numbers[1].1
            }
        }
        guard var year, let month, let day else { return nil }
        if yearDigits <= 2 {
            year += year < 90 ? 2000 : 1900
        } else if yearDigits == 3 {
            return nil
        }
        var (hour, minute, second) = time ?? (0, 0, 0)
        if let meridiem {
            guard (1...12).contains(hour) else { return nil }
            if meridiem == "pm", hour < 12 { hour += 12 }
            if meridiem == "am", hour == 12 { hour = 0 }
        }
        return makeDate(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second,
            offset: offset ?? 0)
    }

    private static let dayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

    private static func monthNumber(_ word: String) -> Int? {
        guard word.utf8.count >= 3 else { return nil }
        let months = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ]
        let prefix = String(word.prefix(3))
        guard let index = months.firstIndex(of: prefix) else { return nil }
        let full = [
            "january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october",
            "november", "december",
        ]
        // Accept the abbreviation, the full name, or "sept".
        guard word.utf8.count == 3 || full[index].hasPrefix(word) || word == "sept" else { return nil }
        return index + 1
    }

    /// Zone names: UT/GMT/Z, North American zones, and RFC 822 military letters.
    static func zoneOffset(_ word: String) -> Int? {
        let hours: Int
        switch word {
        case "ut", "utc", "gmt", "z", "zulu": hours = 0
        case "adt": hours = -3
        case "ast", "at", "edt": hours = -4
        case "est", "et", "cdt": hours = -5
        case "cst", "ct", "mdt": hours = -6
        case "mst", "mt", "pdt": hours = -7
        case "pst", "pt": hours = -8
        case "akst": hours = -9
        case "akdt": hours = -8
        case "hst": hours = -10
        case "bst": hours = 1
        case "cet": hours = 1
        case "cest": hours = 2
        default:
            guard word.utf8.count == 1, let byte = word.utf8.first, byte != UInt8(ascii: "j") else {
                return nil
            }
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "i"): hours = -Int(byte - UInt8(ascii: "a") + 1)
            case UInt8(ascii: "k")...UInt8(ascii: "m"): hours = -Int(byte - UInt8(ascii: "k") + 10)
            case UInt8(ascii: "n")...UInt8(ascii: "y"): hours = Int(byte - UInt8(ascii: "n") + 1)
            default: return nil
            }
        }
        return hours * 3600
    }

    // MARK: - Arithmetic

    /// Seconds since 1970 for a civil date and time at `offset` seconds east of UTC; nil when out of range.
    static func makeDate(
        year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int
    )
        -> Date?
    {
        guard (1...12).contains(month), year >= 1, year <= 9999, day >= 1, day <= daysIn(month, year),
            (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        if hour == 24, minute != 0 || second != 0 { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    private static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
