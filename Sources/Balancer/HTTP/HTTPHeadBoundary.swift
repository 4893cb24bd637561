/// Finds the blank line that ends a message head (RFC 9112 §2.1), checking line
/// endings on the way so later stages can rely on every line ending in CRLF.
///
/// Line endings are strict: a bare LF is rejected even though RFC 9112 §2.2 lets a
/// recipient accept it, because a proxy that accepts it while the origin does not
/// (or vice versa) disagrees about framing, which is how request smuggling starts.
/// A CR not followed by LF is rejected as RFC 9112 §2.2 requires.
enum HTTPHeadBoundary {
    enum Outcome {
        /// The head ends after this many bytes (offset just past the blank line's LF).
        case end(Int)
        case incomplete
        case invalid(String)
    }

    /// Scans `bytes[start..<min(count, limit)]`; `start` must be the start of a line.
    static func find(_ bytes: UnsafeRawBufferPointer, from start: Int, limit: Int) -> Outcome {
        let count = bytes.count
        let end = Swift.min(count, limit)
        var lineStart = start
        var i = start
        while i < end {
            // Skip 8 bytes at a time while they hold neither CR nor LF.
            if i &+ 8 <= end {
                let w = HTTPASCII.word(bytes, i)
                if !HTTPASCII.hasByte(w, HTTPASCII.cr) && !HTTPASCII.hasByte(w, HTTPASCII.lf) {
                    i &+= 8
                    continue
                }
            }
            let b = bytes[i]
            if b == HTTPASCII.lf {
                guard i > start, bytes[i &- 1] == HTTPASCII.cr else { return .invalid("bare LF") }
                if i &- 1 == lineStart { return .end(i &+ 1) }
                lineStart = i &+ 1
            } else if b == HTTPASCII.cr, i &+ 1 < count, bytes[i &+ 1] != HTTPASCII.lf {
                return .invalid("bare CR")
            }
            i &+= 1
        }
        return .incomplete
    }
}
