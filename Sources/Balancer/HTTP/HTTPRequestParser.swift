/// Parses HTTP/1.1 request heads (RFC 9112) without allocating or copying.
public enum HTTPRequestParser {
    /// Parses the request head at the start of `bytes`.
    ///
    /// - Parameters:
    ///   - bytes: the bytes received so far; parsing restarts from the beginning each call.
    ///   - limit: the largest head accepted, including leading empty lines; a longer
    ///     head yields `.invalid` with status 431.
    /// - Returns: `.incomplete` until the blank line ending the head has arrived.
    ///
    /// Choices where the RFCs allow several: bare LF line endings are rejected (400);
    /// transfer-codings other than a single final `chunked` give 501 when `chunked` is
    /// last and 400 otherwise; non-ASCII bytes in the request-target are rejected.
    public static func parse(_ bytes: UnsafeRawBufferPointer, limit: Int = 16_384) -> HTTPHeadParseResult<HTTPRequestHead> {
        // RFC 9112 §2.2: a server SHOULD ignore empty lines received before the request-line.
        var start = 0
        let count = bytes.count
        while start &+ 1 < count, bytes[start] == HTTPASCII.cr, bytes[start &+ 1] == HTTPASCII.lf {
            start &+= 2
        }
        switch HTTPHeadBoundary.find(bytes, from: start, limit: limit) {
        case .incomplete:
            if count >= limit { return .invalid(HTTPParseError(status: 431, reason: "request head too large")) }
            return .incomplete
        case .invalid(let reason):
            return .invalid(.bad(reason))
        case .end(let headLength):
            do {
                return .complete(try parseHead(bytes, start: start, headLength: headLength))
            } catch {
                return .invalid(error)
            }
        }
    }

    /// Parses a head whose lines are known to end in CRLF, the last one blank.
    private static func parseHead(
        _ bytes: UnsafeRawBufferPointer, start: Int, headLength: Int
    ) throws(HTTPParseError) -> HTTPRequestHead {
        let line = try HTTPRequestLine.parse(bytes, at: start)
        var summary = HTTPHeaderSummary()
        var position = line.next
        let blankLine = headLength &- 2
        while position < blankLine {
            let field = try HTTPHeaderLine.parse(bytes, at: position)
            try summary.add(bytes, field, lineStart: position)
            position = field.next
        }
        // RFC 9112 §3.2: HTTP/1.1 requires exactly one Host; more than one is a 400.
        if summary.hostCount > 1 { throw .bad("multiple Host fields") }
        if summary.hostCount == 0 && line.version == .http11 { throw .bad("missing Host") }
        let framing = try Self.framing(summary, version: line.version)
        let isHEAD = HTTPASCII.equals(bytes, line.method, "HEAD")
        let isCONNECT = HTTPASCII.equals(bytes, line.method, "CONNECT")
        return HTTPRequestHead(
            headLength: headLength, method: line.method, target: line.target, path: line.path,
            version: line.version, isHEAD: isHEAD, isCONNECT: isCONNECT, host: summary.host,
            framing: framing, keepAlive: summary.keepAlive(for: line.version),
            expectsContinue: summary.expectsContinue && line.version == .http11,
            isUpgrade: summary.connectionUpgrade && summary.hasUpgrade,
            forwardedForHeaders: summary.forwardedForLines)
    }

    /// Request body framing, RFC 9112 §6.3 rules 3, 4, 6 and §6.1.
    private static func framing(_ s: HTTPHeaderSummary, version: HTTPVersion) throws(HTTPParseError) -> HTTPBodyFraming {
        guard s.hasTransferEncoding else {
            if let length = s.contentLength { return .length(length) }
            return .none
        }
        // RFC 9112 §6.1: TE in HTTP/1.0 means faulty framing; TE with CL is a smuggling
        // vector. We reject both rather than guess.
        if version == .http10 { throw .bad("Transfer-Encoding in HTTP/1.0 request") }
        if s.contentLength != nil { throw .bad("both Content-Length and Transfer-Encoding") }
        // RFC 9112 §6.3 rule 4: chunked must be the final coding, applied once.
        if !s.lastCodingIsChunked || s.chunkedCount > 1 { throw .bad("chunked is not the final transfer-coding") }
        // Other codings (gzip, chunked) would be forwarded unchanged, but an origin
        // may not support them; RFC 9112 §6.1 suggests 501 for unknown codings.
        if s.transferCodingCount > 1 {
            throw HTTPParseError(status: 501, reason: "unsupported transfer-coding")
        }
        return .chunked
    }
}
