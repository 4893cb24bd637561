/// The framing- and connection-relevant facts gathered from a head's field lines.
/// Requests and responses share it; each parser then applies its own rules.
struct HTTPHeaderSummary {
    var contentLength: Int? = nil
    var hasTransferEncoding = false
    /// Number of transfer codings listed across all Transfer-Encoding lines.
    var transferCodingCount = 0
    var chunkedCount = 0
    var lastCodingIsChunked = false
    var connectionClose = false
    var connectionKeepAlive = false
    var connectionUpgrade = false
    var hasUpgrade = false
    var host: Range<Int>? = nil
    var hostCount = 0
    var expectsContinue = false
    var forwardedForLines: [Range<Int>] = []

    /// Records one field line that starts at `lineStart`.
    @inline(__always)
    mutating func add(_ bytes: UnsafeRawBufferPointer, _ line: HTTPHeaderLine, lineStart: Int) throws(HTTPParseError) {
        let name = line.name
        let value = line.value
        // Dispatch on length first so most unrelated fields cost one comparison.
        switch name.count {
        case 4 where HTTPASCII.equalsIgnoringCase(bytes, name, "host"):
            hostCount &+= 1
            host = value
        case 6 where HTTPASCII.equalsIgnoringCase(bytes, name, "expect"):
            // RFC 9110 §10.1.1: the expectation token is case-insensitive.
            if HTTPASCII.equalsIgnoringCase(bytes, value, "100-continue") { expectsContinue = true }
        case 7 where HTTPASCII.equalsIgnoringCase(bytes, name, "upgrade"):
            hasUpgrade = true
        case 10 where HTTPASCII.equalsIgnoringCase(bytes, name, "connection"):
            addConnection(bytes, value)
        case 14 where HTTPASCII.equalsIgnoringCase(bytes, name, "content-length"):
            let n = try HTTPContentLength.parse(bytes, value)
            // RFC 9110 §8.6 / RFC 9112 §6.3 rule 5: differing lengths are unrecoverable.
            if let existing = contentLength, existing != n { throw .bad("differing Content-Length values") }
            contentLength = n
        case 15 where HTTPASCII.equalsIgnoringCase(bytes, name, "x-forwarded-for"):
            forwardedForLines.append(lineStart..<line.next)
        case 17 where HTTPASCII.equalsIgnoringCase(bytes, name, "transfer-encoding"):
            try addTransferEncoding(bytes, value)
        default:
            break
        }
    }

    /// Connection is a token list (RFC 9110 §7.6.1); options are case-insensitive.
    private mutating func addConnection(_ bytes: UnsafeRawBufferPointer, _ value: Range<Int>) {
        var elements = HTTPListIterator(bytes, value)
        while let option = elements.next() {
            if HTTPASCII.equalsIgnoringCase(bytes, option, "close") {
                connectionClose = true
            } else if HTTPASCII.equalsIgnoringCase(bytes, option, "keep-alive") {
                connectionKeepAlive = true
            } else if HTTPASCII.equalsIgnoringCase(bytes, option, "upgrade") {
                connectionUpgrade = true
            }
        }
    }

    /// Transfer-Encoding lists codings in the order applied (RFC 9112 §6.1); lines
    /// combine into one list, so only the last coding overall decides framing.
    private mutating func addTransferEncoding(_ bytes: UnsafeRawBufferPointer, _ value: Range<Int>) throws(HTTPParseError) {
        hasTransferEncoding = true
        var elements = HTTPListIterator(bytes, value)
        var sawCoding = false
        while let element = elements.next() {
            if element.isEmpty { continue }
            // transfer-coding = token *( OWS ";" OWS transfer-parameter ); only the name matters.
            var end = element.lowerBound
            while end < element.upperBound, HTTPASCII.isTokenChar(bytes[end]) { end &+= 1 }
            let coding = element.lowerBound..<end
            if coding.isEmpty { throw .bad("invalid Transfer-Encoding") }
            if end < element.upperBound {
                let rest = HTTPASCII.trimOWS(bytes, end..<element.upperBound)
                if rest.isEmpty || bytes[rest.lowerBound] != HTTPASCII.semicolon {
                    throw .bad("invalid Transfer-Encoding")
                }
            }
            sawCoding = true
            transferCodingCount &+= 1
            lastCodingIsChunked = HTTPASCII.equalsIgnoringCase(bytes, coding, "chunked")
            if lastCodingIsChunked { chunkedCount &+= 1 }
        }
        if !sawCoding { throw .bad("empty Transfer-Encoding") }
    }

    /// Persistence rules of RFC 9112 §9.3: HTTP/1.1 persists unless "close";
    /// HTTP/1.0 persists only with "keep-alive" (and no "close").
    func keepAlive(for version: HTTPVersion) -> Bool {
        if connectionClose { return false }
        return version == .http11 || connectionKeepAlive
    }
}
