/// Why a message head was rejected, with the status the proxy should answer with.
public struct HTTPParseError: Error, Sendable, Equatable {
    /// 400, 431 (head too large), 501 (unsupported transfer-coding), 505 (version);
    /// always 502 for response heads, since the proxy reports a bad gateway.
    public var status: Int
    /// A short static description, for logs.
    public var reason: String

    /// Creates an error with the given status and log reason.
    public init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// A 400 Bad Request error.
    @inline(__always)
    static func bad(_ reason: String) -> HTTPParseError {
        HTTPParseError(status: 400, reason: reason)
    }
}
