/// A parsed response head (RFC 9112 §4).
public struct HTTPResponseHead: Sendable, Equatable {
    /// Bytes up to and including the blank line.
    public var headLength: Int
    public var version: HTTPVersion
    /// The three-digit status code, 100...999.
    public var status: Int
    /// `.none` for HEAD requests, 1xx, 204 and 304; else chunked, length or until-close.
    public var framing: HTTPBodyFraming
    /// Whether the connection may be reused; false when framing is `.untilClose`
    /// and when both Transfer-Encoding and Content-Length were sent.
    public var keepAlive: Bool

    /// Creates a head from its parts.
    public init(headLength: Int, version: HTTPVersion, status: Int, framing: HTTPBodyFraming, keepAlive: Bool) {
        self.headLength = headLength
        self.version = version
        self.status = status
        self.framing = framing
        self.keepAlive = keepAlive
    }
}
