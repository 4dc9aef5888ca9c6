import Foundation

/// Reads a file one line at a time into one reused buffer, so that memory stays flat however long
/// the file is: the reader behind every `--batch FILE.jsonl`.
public final class LineReader {
    private let file: UnsafeMutablePointer<FILE>
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var capacity = 0
    /// The number of the line last read, from 1.
    public private(set) var lineNumber = 0

    /// Opens `path`; nil when it cannot be opened (`LineReader.reason(path)` says why).
    public init?(path: String) {
        guard let file = fopen(path, "r") else { return nil }
        self.file = file
    }

    deinit {
        fclose(file)
        free(buffer)
    }

    /// Why `path` could not be opened, in the words errors use.
    public static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "a directory, not a file" : "cannot read the file"
    }

    /// Calls `body` with the bytes of the next line that is not blank (its line break removed);
    /// false at the end of the file. The bytes are valid only during the call.
    public func nextLine<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) -> Bool {
        while true {
            let length = getline(&buffer, &capacity, file)
            guard length > 0, let buffer else { return false }
            lineNumber += 1
            var end = length
            var start = 0
            while end > 0, Self.isSpace(UInt8(bitPattern: buffer[end - 1])) { end -= 1 }
            while start < end, Self.isSpace(UInt8(bitPattern: buffer[start])) { start += 1 }
            guard start < end else { continue }
            try body(UnsafeRawBufferPointer(start: buffer + start, count: end - start))
            return true
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
