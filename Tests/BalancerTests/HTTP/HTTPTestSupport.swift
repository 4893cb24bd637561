import Balancer

/// Test helpers that run the parsers on Swift strings (tests only).
enum HTTPTestSupport {
    static func request(_ text: String, limit: Int = 16_384) -> HTTPHeadParseResult<HTTPRequestHead> {
        Array(text.utf8).withUnsafeBytes { HTTPRequestParser.parse($0, limit: limit) }
    }

    static func response(_ text: String, head: Bool = false, limit: Int = 16_384) -> HTTPHeadParseResult<HTTPResponseHead> {
        Array(text.utf8).withUnsafeBytes { HTTPResponseParser.parse($0, requestWasHEAD: head, limit: limit) }
    }

    /// The request head, or nil when parsing did not complete.
    static func head(_ text: String) -> HTTPRequestHead? {
        if case .complete(let h) = request(text) { return h }
        return nil
    }

    /// The error status of a rejected request, or nil.
    static func status(_ text: String) -> Int? {
        if case .invalid(let e) = request(text) { return e.status }
        return nil
    }

    /// The bytes of `text` covered by `range`, as a string.
    static func slice(_ text: String, _ range: Range<Int>?) -> String? {
        guard let range else { return nil }
        return String(decoding: Array(text.utf8)[range], as: UTF8.self)
    }

    /// Scans `body` in the given pieces and returns the total consumed, or nil.
    static func chunkedEnd(_ body: [UInt8], splits: [Int]) -> Int? {
        var scanner = ChunkedBodyScanner()
        var offset = 0
        for end in splits + [body.count] where end >= offset {
            let outcome = body[offset..<end].withUnsafeBytes { scanner.scan($0) }
            switch outcome {
            case .needMore: offset = end
            case .done(let consumed): return offset + consumed
            case .invalid: return nil
            }
        }
        return nil
    }
}
