/// Parses the `HTTP/x.y` version token (RFC 9112 §2.3).
enum HTTPVersionToken {
    enum Outcome {
        case version(HTTPVersion)
        /// Well-formed but not 1.0 or 1.1 (e.g. `HTTP/2.0`, the HTTP/2 preface).
        case unsupported
        case malformed
    }

    /// HTTP-version = "HTTP" "/" DIGIT "." DIGIT; the name is case-sensitive.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> Outcome {
        guard range.count == 8 else { return .malformed }
        let s = range.lowerBound
        guard HTTPASCII.equals(bytes, s..<(s &+ 5), "HTTP/"), bytes[s &+ 6] == 0x2E else { return .malformed }
        let major = bytes[s &+ 5] &- 0x30
        let minor = bytes[s &+ 7] &- 0x30
        guard major <= 9, minor <= 9 else { return .malformed }
        if major == 1 && minor == 1 { return .version(.http11) }
        if major == 1 && minor == 0 { return .version(.http10) }
        return .unsupported
    }
}
