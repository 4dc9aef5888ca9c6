import Foundation

/// Buffered output to a file descriptor: lines and JSON values collect in memory and go out in
/// blocks of about 64 KiB, so that a batch run makes a few large writes instead of one per line.
///
/// Whoever owns it calls `flush()` before exiting (and before printing anything by other means).
public final class OutputBuffer {
    /// The bytes not yet written.
    public var bytes: [UInt8] = []
    private let descriptor: Int32
    private let threshold: Int

    /// A buffer for `descriptor` (standard output by default) that writes once `threshold` bytes wait.
    public init(descriptor: Int32 = 1, threshold: Int = 1 << 16) {
        self.descriptor = descriptor
        self.threshold = threshold
        if descriptor >= 0 { bytes.reserveCapacity(threshold + threshold / 4) }
    }

    /// A buffer that only collects: nothing is ever written out (a batch worker's output line,
    /// written in order later).
    public static func inMemory() -> OutputBuffer { OutputBuffer(descriptor: -1, threshold: Int.max) }

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

    /// Writes out everything buffered; a failed write (a closed pipe) drops the rest.
    public func flush() {
        guard descriptor >= 0 else { return }
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let written = Foundation.write(descriptor, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { break }
                offset += written
            }
        }
        bytes.removeAll(keepingCapacity: true)
    }
}
