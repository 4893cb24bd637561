/// One `name: value` field line of a head (RFC 9112 §5).
struct HTTPHeaderLine {
    /// The field name (a token).
    var name: Range<Int>
    /// The field value with surrounding OWS trimmed.
    var value: Range<Int>
    /// The offset just past this line's CRLF.
    var next: Int

    /// Parses the field line starting at `start`. The caller guarantees (via
    /// ``HTTPHeadBoundary``) that the line ends in CRLF before the head's end.
    @inline(__always)
    static func parse(_ bytes: UnsafeRawBufferPointer, at start: Int) throws(HTTPParseError) -> HTTPHeaderLine {
        let first = bytes[start]
        // RFC 9112 §5.2: obs-fold is obsolete; a server may reject it with 400.
        if HTTPASCII.isOWS(first) { throw .bad("obsolete line folding") }
        var i = start
        while HTTPASCII.isTokenChar(bytes[i]) { i &+= 1 }
        let name = start..<i
        let stop = bytes[i]
        if stop != HTTPASCII.colon {
            // RFC 9112 §5.1: whitespace between name and colon MUST be rejected with 400.
            if HTTPASCII.isOWS(stop) { throw .bad("whitespace before colon") }
            throw .bad(name.isEmpty ? "empty field name" : "invalid field name")
        }
        if name.isEmpty { throw .bad("empty field name") }
        i &+= 1
        let valueStart = i
        let count = bytes.count
        while true {
            // Fast path: 8 bytes with no CTL (CR included) and no DEL are all valid.
            if i &+ 8 <= count {
                let w = HTTPASCII.word(bytes, i)
                if !HTTPASCII.hasByteLess(w, than: 0x20) && !HTTPASCII.hasByte(w, 0x7F) {
                    i &+= 8
                    continue
                }
            }
            let b = bytes[i]
            if b == HTTPASCII.cr { break }
            // RFC 9110 §5.5: NUL and other CTLs (except HTAB) make the message invalid.
            if !HTTPASCII.isFieldValueChar(b) { throw .bad("invalid character in field value") }
            i &+= 1
        }
        return HTTPHeaderLine(
            name: name, value: HTTPASCII.trimOWS(bytes, valueStart..<i), next: i &+ 2)
    }
}
