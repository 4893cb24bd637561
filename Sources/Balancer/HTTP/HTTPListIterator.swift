/// Iterates the comma-separated elements of a field value (RFC 9110 §5.6.1),
/// yielding each element with OWS trimmed. Empty elements are yielded as empty
/// ranges so callers decide whether to skip them (the RFC says recipients MUST
/// accept and ignore them).
struct HTTPListIterator {
    private let bytes: UnsafeRawBufferPointer
    private var position: Int
    private let end: Int
    private var finished = false

    init(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.end = range.upperBound
    }

    mutating func next() -> Range<Int>? {
        if finished { return nil }
        var i = position
        while i < end, bytes[i] != HTTPASCII.comma { i &+= 1 }
        let element = HTTPASCII.trimOWS(bytes, position..<i)
        if i >= end { finished = true } else { position = i &+ 1 }
        return element
    }
}
