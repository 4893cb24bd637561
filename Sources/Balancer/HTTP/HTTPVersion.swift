/// The HTTP/1.x protocol versions this parser accepts (RFC 9112 §2.3).
public enum HTTPVersion: Sendable, Equatable {
    case http10
    case http11
}
