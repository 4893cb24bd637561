import Balancer
import Testing

@Suite("Chunked body scanner")
struct ChunkedBodyScannerTests {
    typealias T = HTTPTestSupport

    static let body = Array(
        "5;name=value;q=\"x y\"\r\nhello\r\n1A \t; ext\r\nabcdefghijklmnopqrstuvwxyz\r\n00\r\nTrailer: t\r\nX: y\r\n\r\n"
            .utf8)
    static let trailing = Array("GET / HTTP/1.1\r\n".utf8)

    @Test("Finds the end of a body given in one piece, ignoring bytes after it")
    func whole() {
        var scanner = ChunkedBodyScanner()
        let input = Self.body + Self.trailing
        #expect(input.withUnsafeBytes { scanner.scan($0) } == .done(consumed: Self.body.count))
        #expect(input.withUnsafeBytes { scanner.scan($0) } == .done(consumed: 0))
    }

    @Test("Gives the same end when split at every byte boundary, twice, and byte by byte")
    func splits() {
        let input = Self.body + Self.trailing
        let n = Self.body.count
        for a in 0...input.count {
            #expect(T.chunkedEnd(input, splits: [a]) == n, "split at \(a)")
            for b in a...input.count where b % 3 == 0 {
                #expect(T.chunkedEnd(input, splits: [a, b]) == n, "splits at \(a), \(b)")
            }
        }
        #expect(T.chunkedEnd(input, splits: Array(0...input.count)) == n)
    }

    @Test("Needs more data for every proper prefix")
    func prefixes() {
        for n in 0..<Self.body.count {
            var scanner = ChunkedBodyScanner()
            #expect(Self.body[0..<n].withUnsafeBytes { scanner.scan($0) } == .needMore)
        }
    }

    @Test("Accepts the minimal body and huge but bounded sizes")
    func edges() {
        #expect(T.chunkedEnd(Array("0\r\n\r\n".utf8), splits: []) == 5)
        var scanner = ChunkedBodyScanner()
        // 2^62 exactly is allowed; the scanner then waits for the data.
        #expect(Array("4000000000000000\r\nab".utf8).withUnsafeBytes { scanner.scan($0) } == .needMore)
    }

    @Test("Rejects malformed bodies", arguments: [
        "", "x\r\n", "5\r\nhelloX\r\n0\r\n\r\n", "5\r\nhello\r\r\n", "5\nhello\r\n0\r\n\r\n",
        "-5\r\n", "4000000000000001\r\n", "FFFFFFFFFFFFFFFFFF\r\n", "5 6\r\n",
        "0\r\n folded\r\n\r\n", "0\r\nX: a\u{0}\r\n\r\n", "0\r\n\rx", "5;a\u{1}\r\n", "0\r\nX: y\rz",
    ])
    func rejects(text: String) {
        var scanner = ChunkedBodyScanner()
        let bytes = Array(text.utf8) + Array("\r\n0\r\n\r\n".utf8) + Array(repeating: 0x7A, count: 10)
        let outcome = bytes.withUnsafeBytes { scanner.scan($0) }
        guard case .invalid = outcome else {
            Issue.record("expected invalid, got \(outcome) for \(text.debugDescription)")
            return
        }
        #expect(bytes.withUnsafeBytes { scanner.scan($0) } == outcome)
    }

    @Test("Rejects unbounded size lines and trailer sections")
    func limits() {
        var a = ChunkedBodyScanner()
        let longExt = Array(("1;" + String(repeating: "e", count: 5_000)).utf8)
        #expect(longExt.withUnsafeBytes { a.scan($0) } == .invalid("chunk size line too long"))
        var b = ChunkedBodyScanner()
        let zeros = Array(String(repeating: "0", count: 5_000).utf8)
        #expect(zeros.withUnsafeBytes { b.scan($0) } == .invalid("chunk size line too long"))
        var c = ChunkedBodyScanner()
        let longTrailer = Array(("0\r\nX: " + String(repeating: "t", count: 20_000)).utf8)
        #expect(longTrailer.withUnsafeBytes { c.scan($0) } == .invalid("trailer section too long"))
    }
}
