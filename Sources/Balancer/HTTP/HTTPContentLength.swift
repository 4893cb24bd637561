/// Parses Content-Length values (RFC 9110 §8.6).
enum HTTPContentLength {
    /// Parses one field value: `1*DIGIT`, or a list of identical values such as
    /// `5, 5` which RFC 9110 §8.6 lets a recipient collapse into one.
    static func parse(_ bytes: UnsafeRawBufferPointer, _ value: Range<Int>) throws(HTTPParseError) -> Int {
        var result: Int? = nil
        var elements = HTTPListIterator(bytes, value)
        while let element = elements.next() {
            if element.isEmpty { throw .bad("invalid Content-Length") }
            var n = 0
            for i in element {
                let d = bytes[i] &- 0x30
                if d > 9 { throw .bad("invalid Content-Length") }
                let (m, o1) = n.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(Int(d))
                if o1 || o2 { throw .bad("Content-Length overflow") }
                n = s
            }
            if let r = result, r != n { throw .bad("differing Content-Length values") }
            result = n
        }
        guard let length = result else { throw .bad("invalid Content-Length") }
        return length
    }
}
