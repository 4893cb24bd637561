/// Finds where a chunked body ends without changing it (the proxy forwards the bytes as they are).
///
/// Implements the grammar of RFC 9112 §7.1 as a byte-at-a-time state machine so input
/// may be split at any byte boundary. Chunk data is skipped in O(1) per call.
/// Chunk extensions (RFC 9112 §7.1.1) and trailer fields (§7.1.2) are accepted and
/// only checked for forbidden control characters; their size is bounded to stop a
/// peer from streaming an endless size line or trailer section.
public struct ChunkedBodyScanner: Sendable, Equatable {
    /// The result of one ``scan(_:)`` call.
    public enum Outcome: Sendable, Equatable {
        /// All bytes given belong to the body and more are needed.
        case needMore
        /// The body ends after `consumed` bytes of this call's input.
        case done(consumed: Int)
        /// The body is malformed; the connection must be closed.
        case invalid(String)
    }

    private enum State: UInt8, Sendable {
        case sizeStart, size, sizeWhitespace, extensions, sizeLF
        case data, dataCR, dataLF
        case trailerStart, trailerLine, trailerLF, finalLF
        case done, failed
    }

    /// Largest chunk size accepted: 2^62 keeps all arithmetic far from overflow.
    static let maxChunkSize = 1 << 62
    /// Largest chunk-size line (size plus extensions) accepted.
    static let maxSizeLineLength = 4_096
    /// Largest trailer section accepted.
    static let maxTrailerLength = 16_384

    private var state = State.sizeStart
    /// The chunk size being read, then the data bytes still to skip.
    private var value = 0
    /// Bytes seen in the current size line or trailer section.
    private var lineLength = 0
    private var failure = ""

    /// Creates a scanner positioned at the start of a chunked body.
    public init() {}

    /// Scans the next bytes of the body; `.needMore` means all of `bytes` belong to the body and more are needed;
    /// `.done(consumed:)` means the body (including the last-chunk, trailers and final CRLF) ends after `consumed` bytes of this call's input.
    /// After `.done`, further calls return `.done(consumed: 0)`; after `.invalid`, the same `.invalid`.
    public mutating func scan(_ bytes: UnsafeRawBufferPointer) -> Outcome {
        if state == .done { return .done(consumed: 0) }
        if state == .failed { return .invalid(failure) }
        let count = bytes.count
        var i = 0
        while i < count {
            if state == .data {
                let take = Swift.min(value, count &- i)
                i &+= take
                value &-= take
                if value == 0 { state = .dataCR }
                continue
            }
            let b = bytes[i]
            i &+= 1
            switch state {
            case .sizeStart:
                guard let d = Self.hexValue(b) else { return fail("invalid chunk size") }
                value = d
                lineLength = 1
                state = .size
            case .size, .sizeWhitespace, .extensions:
                lineLength &+= 1
                if lineLength > Self.maxSizeLineLength { return fail("chunk size line too long") }
                if b == HTTPASCII.cr {
                    state = .sizeLF
                } else if state == .extensions {
                    if !HTTPASCII.isFieldValueChar(b) { return fail("invalid chunk extension") }
                } else if b == HTTPASCII.semicolon {
                    state = .extensions
                } else if HTTPASCII.isOWS(b) {
                    // BWS before ";" (RFC 9112 §7.1.1).
                    state = .sizeWhitespace
                } else if state == .size, let d = Self.hexValue(b) {
                    if value > (Self.maxChunkSize &- d) >> 4 { return fail("chunk size too large") }
                    value = value &<< 4 | d
                } else {
                    return fail("invalid chunk size")
                }
            case .sizeLF:
                guard b == HTTPASCII.lf else { return fail("bare CR in chunk size line") }
                if value == 0 {
                    lineLength = 0
                    state = .trailerStart
                } else {
                    state = .data
                }
            case .dataCR:
                guard b == HTTPASCII.cr else { return fail("missing CRLF after chunk data") }
                state = .dataLF
            case .dataLF:
                guard b == HTTPASCII.lf else { return fail("missing CRLF after chunk data") }
                state = .sizeStart
            case .trailerStart, .trailerLine:
                lineLength &+= 1
                if lineLength > Self.maxTrailerLength { return fail("trailer section too long") }
                if b == HTTPASCII.cr {
                    state = state == .trailerStart ? .finalLF : .trailerLF
                } else if state == .trailerStart {
                    // A field line starts with a name; no obs-fold (RFC 9112 §5.2).
                    guard HTTPASCII.isTokenChar(b) else { return fail("invalid trailer field") }
                    state = .trailerLine
                } else if !HTTPASCII.isFieldValueChar(b) {
                    return fail("invalid trailer field")
                }
            case .trailerLF:
                guard b == HTTPASCII.lf else { return fail("bare CR in trailer") }
                state = .trailerStart
            case .finalLF:
                guard b == HTTPASCII.lf else { return fail("bare CR after trailers") }
                state = .done
                return .done(consumed: i)
            case .data, .done, .failed:
                // Handled before reading a byte; unreachable.
                return fail("internal state error")
            }
        }
        return .needMore
    }

    private mutating func fail(_ reason: String) -> Outcome {
        state = .failed
        failure = reason
        return .invalid(reason)
    }

    @inline(__always)
    private static func hexValue(_ b: UInt8) -> Int? {
        if b &- 0x30 < 10 { return Int(b &- 0x30) }
        let l = b | 0x20
        if l &- 0x61 < 6 { return Int(l &- 0x61) &+ 10 }
        return nil
    }
}
