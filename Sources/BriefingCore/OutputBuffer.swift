import Foundation

/// Buffered output to a file descriptor: lines and JSON values collect in memory and go out in
/// blocks of about 64 KiB, so that a batch run makes a few large writes instead of one per line.
///
/// Whoever owns it calls `flush()` before exiting (and before printing anything by other means).
///
/// An in-memory buffer (``inMemory()``) writes nowhere: each block it would write is kept as it
/// is (moved, not copied), and ``takePieces()`` hands them over in order.
public final class OutputBuffer {
    /// The bytes not yet written.
    public var bytes: [UInt8] = []
    private let descriptor: Int32
    private let threshold: Int
    /// An in-memory buffer's blocks so far, in order.
    private var pieces: [[UInt8]] = []

    /// A buffer for `descriptor` (standard output by default) that writes once `threshold` bytes wait.
    public init(descriptor: Int32 = 1, threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.threshold = threshold
        if descriptor >= 0 { bytes.reserveCapacity(threshold + threshold / 4) }
    }

    /// A buffer that only collects: nothing is ever written out (a batch worker's output line,
    /// written in order later). Its blocks are kept apart rather than joined, so that a line of
    /// megabytes (a large feed's items) is not copied into one ever larger array as it grows:
    /// that touched about three times the line's size in fresh memory (issue 17).
    public static func inMemory(threshold: Int = 1 << 16) -> OutputBuffer {
        OutputBuffer(descriptor: -1, threshold: threshold)
    }

    deinit { flush() }

    /// Appends `value` and a newline: one line of JSON Lines.
    ///
    /// A large value is written out as it goes (between the elements of its arrays), so that the
    /// buffer stays near `threshold` instead of growing to the size of the value.
    public func writeLine(_ value: JSONValue) {
        value.write(to: self)
        bytes.append(0x0A)
        flushIfFull()
    }

    /// Writes out the buffer once `threshold` bytes wait (for writers that append to `bytes`).
    @inline(__always)
    public func flushIfFull() {
        if bytes.count >= threshold { flush() }
    }

    /// Appends `text` and a newline.
    public func writeLine(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0x0A)
        flushIfFull()
    }

    /// Appends `piece`: one of `threshold` bytes or more is written out (or, in memory, kept) as
    /// it is, after what is buffered, instead of being copied into the buffer first.
    public func append(_ piece: [UInt8]) {
        guard piece.count >= threshold else {
            bytes.append(contentsOf: piece)
            flushIfFull()
            return
        }
        flush()
        if descriptor >= 0 {
            writeOut(piece)
        } else {
            pieces.append(piece)
        }
    }

    /// Appends each of `pieces`, in order.
    public func append(pieces: [[UInt8]]) {
        for piece in pieces { append(piece) }
    }

    /// Everything an in-memory buffer has collected, in order, as the blocks it kept; the buffer
    /// is then empty.
    public func takePieces() -> [[UInt8]] {
        flush()
        defer { pieces = [] }
        return pieces
    }

    /// Writes out everything buffered (in memory: keeps it as one more piece); a failed write (a
    /// closed pipe) drops the rest.
    public func flush() {
        guard descriptor >= 0 else {
            guard !bytes.isEmpty else { return }
            pieces.append(bytes)
            bytes = []
            return
        }
        writeOut(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// Writes `output` to the descriptor; a failed write (a closed pipe) drops the rest.
    private func writeOut(_ output: [UInt8]) {
        output.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
        }
    }
}
