/// A parsed request head. All ranges are byte offsets into the buffer given to
/// ``HTTPRequestParser/parse(_:limit:)``.
public struct HTTPRequestHead: Sendable, Equatable {
    /// Bytes up to and including the blank line, counting skipped leading CRLFs.
    public var headLength: Int
    /// The method token (case-sensitive).
    public var method: Range<Int>
    /// The request-target as sent.
    public var target: Range<Int>
    /// The path part of the target, without query. For origin-form `/p?q` this is `/p`;
    /// for absolute-form it is the path after the authority, or an empty range located
    /// right after the authority when the path is empty (treat as "/"); `*` for
    /// asterisk-form; an empty range at the target's end for authority-form.
    public var path: Range<Int>
    public var version: HTTPVersion
    public var isHEAD: Bool
    public var isCONNECT: Bool
    /// The Host field value with OWS trimmed, if present.
    public var host: Range<Int>?
    /// `.none`, `.length` (possibly 0) or `.chunked` (RFC 9112 §6.3 rule 6).
    public var framing: HTTPBodyFraming
    /// Whether the connection may be reused after this request (RFC 9112 §9.3).
    public var keepAlive: Bool
    /// `Expect: 100-continue` in an HTTP/1.1 request (HTTP/1.0 ignores it, RFC 9110 §10.1.1).
    public var expectsContinue: Bool
    /// Connection lists "upgrade" and an Upgrade field is present (RFC 9110 §7.8).
    public var isUpgrade: Bool
    /// Whole-line ranges (including CRLF) of X-Forwarded-For lines, in order.
    public var forwardedForHeaders: [Range<Int>]

    /// Creates a head from its parts.
    public init(
        headLength: Int, method: Range<Int>, target: Range<Int>, path: Range<Int>,
        version: HTTPVersion, isHEAD: Bool, isCONNECT: Bool, host: Range<Int>?,
        framing: HTTPBodyFraming, keepAlive: Bool, expectsContinue: Bool, isUpgrade: Bool,
        forwardedForHeaders: [Range<Int>]
    ) {
        self.headLength = headLength
        self.method = method
        self.target = target
        self.path = path
        self.version = version
        self.isHEAD = isHEAD
        self.isCONNECT = isCONNECT
        self.host = host
        self.framing = framing
        self.keepAlive = keepAlive
        self.expectsContinue = expectsContinue
        self.isUpgrade = isUpgrade
        self.forwardedForHeaders = forwardedForHeaders
    }
}
