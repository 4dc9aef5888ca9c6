import Foundation

/// A JSON value written the one way every `--json` output of briefing is written.
///
/// The convention: snake_case keys, in the order each output documents (an object is a list of
/// members, so the order is the caller's and stable); compact, on one line, with no spaces;
/// slashes never escaped; non-ASCII text kept as is; control characters, U+2028 and U+2029
/// escaped; numbers that are not finite written as `null`.
///
/// The writer works on UTF-8 bytes: `write(to:)` appends to a byte buffer (an `OutputBuffer`'s,
/// for streamed output), `text` gives the same bytes as a string.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in the order they are written.
    case object([(String, JSONValue)])

    /// The value as compact JSON text.
    public var text: String {
        var output: [UInt8] = []
        write(to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the value's compact JSON text, as UTF-8, to `output`.
    public func write(to output: inout [UInt8]) {
        switch self {
        case .null: Self.append("null", to: &output)
        case .bool(let value): Self.append(value ? "true" : "false", to: &output)
        case .int(let value): Self.writeInteger(value, to: &output)
        case .double(let value):
            if value.isFinite { Self.append("\(value)", to: &output) } else { Self.append("null", to: &output) }
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (offset, value) in values.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &output)
                output.append(UInt8(ascii: ":"))
                value.write(to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Appends the value's compact JSON text to `output`, letting it write out what it holds
    /// between the elements of arrays (a whole feed's items are then never in memory as JSON).
    func write(to output: OutputBuffer) {
        switch self {
        case .array(let values):
            output.bytes.append(UInt8(ascii: "["))
            for (offset, value) in values.enumerated() {
                if offset > 0 { output.bytes.append(UInt8(ascii: ",")) }
                value.write(to: output)
                output.flushIfFull()
            }
            output.bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            output.bytes.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in members.enumerated() {
                if offset > 0 { output.bytes.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &output.bytes)
                output.bytes.append(UInt8(ascii: ":"))
                value.write(to: output)
            }
            output.bytes.append(UInt8(ascii: "}"))
        default:
            write(to: &output.bytes)
        }
    }

    private static func append(_ text: String, to output: inout [UInt8]) {
        output.append(contentsOf: text.utf8)
    }

    /// Appends `value` as a JSON number (what `.int(value)` writes).
    public static func writeInteger(_ value: Int, to output: inout [UInt8]) {
        guard value != Int.min else { return append(String(value), to: &output) }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits, written backwards
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            output.append(contentsOf: buffer[(20 - count)..<20])
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// The bytes a string literal copies as they are: all but `"`, `\`, controls and 0xE2 (which
    /// may start U+2028 or U+2029).
    private static let plainBytes: [Bool] = (0..<256).map { byte in
        byte >= 0x20 && byte != 0x22 && byte != 0x5C && byte != 0xE2
    }

    /// The high bit of each of the eight bytes at `index` that may need an escape: below 0x20,
    /// `"`, `\\` or 0xE2 (the bytes `plainBytes` refuses), with the usual bitwise tests for a zero
    /// byte and a byte below a bound. A borrow can flag a byte above a true one, never below, so the
    /// lowest flag is exact.
    @inline(__always)
    private static func flags(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        guard let base = bytes.baseAddress else { return 0 }
        let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & high }
        let controls = (word &- ones &* 0x20) & ~word & high
        return controls | zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
            | zeroBytes(word ^ (ones &* 0xE2))
    }

    /// Writes `value` as a JSON string literal (what `.string(value)` writes): runs of bytes that
    /// need no escape are copied whole.
    public static func writeString(_ value: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let plainBytes = Self.plainBytes
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            var index = 0
            let count = bytes.count
            while index < count {
                // Most text needs no escape: eight bytes at a time are tested at once, and the plain
                // bytes before the first that may need one are skipped.
                if index + 8 <= count {
                    let flagged = flags(bytes, at: index)
                    if flagged == 0 {
                        index += 8
                        continue
                    }
                    index += flagged.trailingZeroBitCount / 8
                }
                let byte = bytes[index]
                // Otherwise one table look-up skips a byte that needs none.
                if plainBytes[Int(byte)] {
                    index += 1
                    continue
                }
                let escape: UInt8?
                var length = 1
                switch byte {
                case UInt8(ascii: "\""): escape = UInt8(ascii: "\"")
                case UInt8(ascii: "\\"): escape = UInt8(ascii: "\\")
                case UInt8(ascii: "\n"): escape = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escape = UInt8(ascii: "r")
                case UInt8(ascii: "\t"): escape = UInt8(ascii: "t")
                case 0..<0x20: escape = UInt8(ascii: "u")
                case 0xE2
                where index + 2 < count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    // U+2028 and U+2029, which JavaScript does not allow raw in a string.
                    escape = UInt8(ascii: "u")
                    length = 3
                default:
                    index += 1
                    continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                output.append(UInt8(ascii: "\\"))
                if let escape, escape != UInt8(ascii: "u") {
                    output.append(escape)
                } else {
                    let scalar: UInt32 = length == 3 ? (bytes[index + 2] == 0xA8 ? 0x2028 : 0x2029) : UInt32(byte)
                    output.append(UInt8(ascii: "u"))
                    for shift in stride(from: 12, through: 0, by: -4) {
                        output.append(hexDigits[Int((scalar >> UInt32(shift)) & 0xF)])
                    }
                }
                index += length
                start = index
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count]))
        }
        output.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// A string, or `null` when `value` is nil.
    public init(_ value: String?) { self = value.map(JSONValue.string) ?? .null }
    /// An integer, or `null` when `value` is nil.
    public init(_ value: Int?) { self = value.map(JSONValue.int) ?? .null }
}
