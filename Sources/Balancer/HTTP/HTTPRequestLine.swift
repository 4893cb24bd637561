/// The request-line `method SP request-target SP HTTP-version CRLF` (RFC 9112 §3).
struct HTTPRequestLine {
    var method: Range<Int>
    var target: Range<Int>
    var path: Range<Int>
    var version: HTTPVersion
    /// The offset just past the line's CRLF.
    var next: Int

    /// Parses the line starting at `start`; the caller guarantees it ends in CRLF.
    static func parse(_ bytes: UnsafeRawBufferPointer, at start: Int) throws(HTTPParseError) -> HTTPRequestLine {
        var i = start
        while HTTPASCII.isTokenChar(bytes[i]) { i &+= 1 }
        let method = start..<i
        // A single SP separates the parts; anything else is malformed (RFC 9112 §3).
        guard !method.isEmpty, bytes[i] == HTTPASCII.sp else { throw .bad("invalid method") }
        i &+= 1
        let targetStart = i
        // No CTLs, spaces, DEL or non-ASCII in the target (RFC 9112 §3.2, RFC 3986).
        while true {
            let b = bytes[i]
            if b <= HTTPASCII.sp || b >= 0x7F { break }
            i &+= 1
        }
        let target = targetStart..<i
        if target.isEmpty { throw .bad("empty request-target") }
        guard bytes[i] == HTTPASCII.sp else {
            throw .bad(bytes[i] == HTTPASCII.cr ? "missing HTTP version" : "invalid request-target")
        }
        i &+= 1
        let versionStart = i
        while bytes[i] != HTTPASCII.cr { i &+= 1 }
        let version: HTTPVersion
        switch HTTPVersionToken.parse(bytes, versionStart..<i) {
        case .version(let v): version = v
        case .unsupported: throw HTTPParseError(status: 505, reason: "unsupported HTTP version")
        case .malformed: throw .bad("invalid HTTP version")
        }
        return HTTPRequestLine(
            method: method, target: target, path: Self.path(bytes, target),
            version: version, next: i &+ 2)
    }

    /// The path component of a request-target (RFC 9112 §3.2):
    /// - origin-form `/p?q` → `/p`;
    /// - absolute-form `http://h/p?q` → `/p`; with no path (`http://h?q`) an EMPTY range
    ///   located just after the authority, which callers treat as "/";
    /// - asterisk-form `*` → `*`;
    /// - authority-form `h:443` → an empty range at the target's end.
    static func path(_ bytes: UnsafeRawBufferPointer, _ target: Range<Int>) -> Range<Int> {
        let first = bytes[target.lowerBound]
        if first == 0x2F { return target.lowerBound..<queryStart(bytes, target.lowerBound, target.upperBound) }
        if first == 0x2A { return target }
        // Look for "://" after a scheme; without it this is authority-form.
        var i = target.lowerBound
        while i < target.upperBound, bytes[i] != HTTPASCII.colon, bytes[i] != 0x2F { i &+= 1 }
        let end = target.upperBound
        guard i &+ 2 < end, bytes[i] == HTTPASCII.colon, bytes[i &+ 1] == 0x2F, bytes[i &+ 2] == 0x2F else {
            return end..<end
        }
        i &+= 3
        // The authority ends at the first "/", "?" or "#" (RFC 3986 §3.2).
        while i < end {
            let b = bytes[i]
            if b == 0x2F || b == 0x3F || b == 0x23 { break }
            i &+= 1
        }
        if i == end || bytes[i] != 0x2F { return i..<i }
        return i..<queryStart(bytes, i, end)
    }

    @inline(__always)
    private static func queryStart(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ end: Int) -> Int {
        var i = from
        while i < end, bytes[i] != 0x3F, bytes[i] != 0x23 { i &+= 1 }
        return i
    }
}
