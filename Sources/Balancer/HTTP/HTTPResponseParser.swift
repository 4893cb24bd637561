/// Parses HTTP/1.1 response heads (RFC 9112 §4) without allocating or copying.
public enum HTTPResponseParser {
    /// Parses the response head at the start of `bytes`.
    ///
    /// Every rejection carries status 502: a malformed response is the upstream's
    /// fault, and the proxy answers its client with Bad Gateway.
    /// - Parameters:
    ///   - requestWasHEAD: responses to HEAD never have a body (RFC 9112 §6.3 rule 1).
    ///   - limit: the largest head accepted.
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, requestWasHEAD: Bool, limit: Int = 16_384
    ) -> HTTPHeadParseResult<HTTPResponseHead> {
        switch HTTPHeadBoundary.find(bytes, from: 0, limit: limit) {
        case .incomplete:
            if bytes.count >= limit { return .invalid(HTTPParseError(status: 502, reason: "response head too large")) }
            return .incomplete
        case .invalid(let reason):
            return .invalid(HTTPParseError(status: 502, reason: reason))
        case .end(let headLength):
            do {
                return .complete(try parseHead(bytes, headLength: headLength, requestWasHEAD: requestWasHEAD))
            } catch {
                return .invalid(HTTPParseError(status: 502, reason: error.reason))
            }
        }
    }

    private static func parseHead(
        _ bytes: UnsafeRawBufferPointer, headLength: Int, requestWasHEAD: Bool
    ) throws(HTTPParseError) -> HTTPResponseHead {
        let line = try HTTPStatusLine.parse(bytes, at: 0)
        var summary = HTTPHeaderSummary()
        var position = line.next
        let blankLine = headLength &- 2
        while position < blankLine {
            let field = try HTTPHeaderLine.parse(bytes, at: position)
            try summary.add(bytes, field, lineStart: position)
            position = field.next
        }
        var keepAlive = summary.keepAlive(for: line.version)
        let framing: HTTPBodyFraming
        let status = line.status
        if requestWasHEAD || status < 200 || status == 204 || status == 304 {
            // RFC 9112 §6.3 rule 1: these never have content, whatever the fields say.
            framing = .none
        } else if summary.hasTransferEncoding {
            // RFC 9112 §6.1: TE in an HTTP/1.0 message means the framing is faulty.
            if line.version == .http10 { throw .bad("Transfer-Encoding in HTTP/1.0 response") }
            // RFC 9112 §6.3 rule 3: TE overrides CL, but the connection must then close.
            if summary.contentLength != nil { keepAlive = false }
            // Rule 4: chunked final means chunked; otherwise read until close.
            framing = summary.lastCodingIsChunked && summary.chunkedCount == 1 ? .chunked : .untilClose
        } else if let length = summary.contentLength {
            framing = .length(length)
        } else {
            // RFC 9112 §6.3 rule 8: the body runs until the server closes.
            framing = .untilClose
        }
        if framing == .untilClose { keepAlive = false }
        return HTTPResponseHead(
            headLength: headLength, version: line.version, status: status,
            framing: framing, keepAlive: keepAlive)
    }
}
