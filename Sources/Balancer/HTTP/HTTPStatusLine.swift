/// The status-line `HTTP-version SP status-code SP [reason-phrase] CRLF` (RFC 9112 §4).
struct HTTPStatusLine {
    var version: HTTPVersion
    var status: Int
    /// The offset just past the line's CRLF.
    var next: Int

    /// Parses the line starting at `start`; the caller guarantees it ends in CRLF.
    /// As is common practice, a missing SP after the status code is tolerated.
    static func parse(_ bytes: UnsafeRawBufferPointer, at start: Int) throws(HTTPParseError) -> HTTPStatusLine {
        var end = start
        while bytes[end] != HTTPASCII.cr { end &+= 1 }
        guard end &- start >= 12, bytes[start &+ 8] == HTTPASCII.sp else { throw .bad("invalid status line") }
        let version: HTTPVersion
        switch HTTPVersionToken.parse(bytes, start..<(start &+ 8)) {
        case .version(let v): version = v
        case .unsupported: throw .bad("unsupported HTTP version")
        case .malformed: throw .bad("invalid HTTP version")
        }
        var status = 0
        for i in (start &+ 9)..<(start &+ 12) {
            let d = bytes[i] &- 0x30
            if d > 9 { throw .bad("invalid status code") }
            status = status &* 10 &+ Int(d)
        }
        if status < 100 { throw .bad("invalid status code") }
        var i = start &+ 12
        if i < end {
            if bytes[i] != HTTPASCII.sp { throw .bad("invalid status code") }
            // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text )
            i &+= 1
            while i < end {
                if !HTTPASCII.isFieldValueChar(bytes[i]) { throw .bad("invalid reason phrase") }
                i &+= 1
            }
        }
        return HTTPStatusLine(version: version, status: status, next: end &+ 2)
    }
}
