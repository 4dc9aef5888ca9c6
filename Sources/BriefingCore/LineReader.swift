import Foundation

/// Reads a file one line at a time into one reused buffer, so that memory stays flat however long
/// the file is: the reader behind every `--batch FILE.jsonl` and `state import`.
///
/// A line longer than ``maximumLineBytes`` stops the reading (an endless input such as /dev/zero
/// used to grow one line until memory ran out, and then read as the end of the file); so does a
/// read error. Either leaves ``failure`` set, and ``lineNumber`` at the line it concerns, for the
/// caller's error.
public final class LineReader {
    /// The longest line read: room for a feed or page at the largest `max_body_bytes` (1 GiB)
    /// is not the point; a batch line holds one input of at most the body cap (10 MiB by
    /// default) escaped as JSON, which this leaves ample room for.
    public static let maximumLineBytes = 64 << 20

    private let descriptor: Int32
    private let maximum: Int
    private var buffer: UnsafeMutableRawPointer
    private var capacity = 64 << 10
    /// The bytes read and not yet returned: `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var atEnd = false
    /// The number of the line last read, from 1.
    public private(set) var lineNumber = 0
    /// Why reading stopped before the end of the file ("a line longer than 64 MiB", "cannot
    /// read the file"); nil after a complete read.
    public private(set) var failure: String?

    /// Opens `path`; nil when it cannot be opened (`LineReader.reason(path)` says why).
    public init?(path: String, maximumLineBytes: Int = LineReader.maximumLineBytes) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        guard let buffer = malloc(capacity) else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.buffer = buffer
        self.maximum = maximumLineBytes
    }

    deinit {
        close(descriptor)
        free(buffer)
    }

    /// Why `path` could not be opened, in the words errors use.
    public static func reason(_ path: String) -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "no such file" }
        return isDirectory.boolValue ? "a directory, not a file" : "cannot read the file"
    }

    /// Calls `body` with the bytes of the next line that is not blank (its line break and the
    /// white space around it removed); false at the end of the file, or when reading stopped
    /// (``failure``). The bytes are valid only during the call.
    public func nextLine<E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) -> Bool {
        var scanned = start
        while failure == nil {
            let lineEnd: Int
            if let newline = memchr(buffer + scanned, 0x0A, end - scanned) {
                lineEnd = buffer.distance(to: newline)
            } else if atEnd {
                guard start < end else { return false }
                lineEnd = end
            } else {
                // No line break in the unread bytes: read on, and look only at what is new.
                let seen = end - start
                fill()
                scanned = start + seen
                continue
            }
            let line = UnsafeRawBufferPointer(start: buffer + start, count: lineEnd - start)
            start = min(lineEnd + 1, end)
            lineNumber += 1
            scanned = start
            var last = line.count
            var first = 0
            while last > 0, Self.isSpace(line[last - 1]) { last -= 1 }
            while first < last, Self.isSpace(line[first]) { first += 1 }
            guard first < last else { continue }
            try body(UnsafeRawBufferPointer(rebasing: line[first..<last]))
            return true
        }
        return false
    }

    /// Reads more of the file after the unread bytes, moving them to the front of the buffer and
    /// growing it when they fill it; sets `atEnd` or `failure`.
    private func fill() {
        if start > 0 {
            memmove(buffer, buffer + start, end - start)
            end -= start
            start = 0
        }
        if end == capacity {
            guard end <= maximum else {
                lineNumber += 1
                failure = "a line longer than \(ByteCount.words(maximum))"
                return
            }
            let larger = min(capacity * 2, maximum + (64 << 10))
            guard let grown = realloc(buffer, larger) else {
                failure = "out of memory for a line of \(ByteCount.words(end)) or more"
                return
            }
            buffer = grown
            capacity = larger
        }
        while true {
            let got = read(descriptor, buffer + end, capacity - end)
            if got < 0, errno == EINTR { continue }
            if got < 0 {
                lineNumber += 1
                failure = "cannot read the file"
            } else if got == 0 {
                atEnd = true
            } else {
                end += got
            }
            return
        }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
