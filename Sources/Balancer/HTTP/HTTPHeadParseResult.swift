/// The outcome of parsing a message head from the bytes received so far.
public enum HTTPHeadParseResult<Head: Sendable & Equatable>: Sendable, Equatable {
    /// No blank line yet and still under the size limit: read more bytes and parse again.
    case incomplete
    /// The whole head was parsed; its `headLength` says where the body starts.
    case complete(Head)
    /// The head is malformed or too large; the connection should be answered and closed.
    case invalid(HTTPParseError)
}
