/// How a message's body ends (RFC 9112 §6.3).
public enum HTTPBodyFraming: Sendable, Equatable {
    /// The message has no body.
    case none
    /// The body is exactly this many bytes (Content-Length; may be 0).
    case length(Int)
    /// The body uses the chunked transfer coding; see ``ChunkedBodyScanner``.
    case chunked
    /// The body ends when the server closes the connection (responses only).
    case untilClose
}
