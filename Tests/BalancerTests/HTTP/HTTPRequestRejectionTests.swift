import Balancer
import Testing

@Suite("HTTP request rejections")
struct HTTPRequestRejectionTests {
    typealias T = HTTPTestSupport

    @Test("Rejects malformed request lines", arguments: [
        ("GET  / HTTP/1.1", 400), ("G(T / HTTP/1.1", 400), (" GET / HTTP/1.1", 400),
        ("GET / HTTP/1.1 ", 400), ("GET /a b HTTP/1.1", 400), ("GET /\u{7F} HTTP/1.1", 400),
        ("GET /\u{01} HTTP/1.1", 400), ("GET /", 400), ("GET / http/1.1", 400),
        ("GET / HTTP/1.10", 400), ("GET / HTTP/2.0", 505), ("GET / HTTP/1.2", 505),
        ("GET / HTTP/0.9", 505), ("PRI * HTTP/2.0", 505), ("GET /\u{E9} HTTP/1.1", 400),
    ])
    func requestLine(line: String, status: Int) {
        #expect(T.status("\(line)\r\nHost: h\r\n\r\n") == status)
    }

    @Test("Rejects malformed field lines with 400", arguments: [
        "Host : h\r\n", "Host: h\r\n folded\r\n", "Host: h\r\n\tfolded\r\n", ": x\r\n",
        "Ho st: h\r\n", "Host: h\r\nX: a\u{0}b\r\n", "Host: h\r\nX: a\u{1B}b\r\n",
        "Host: h\r\nX: a\u{7F}\r\n", "Host: h\r\nNoColon\r\n", "Host: h\r\nX: a\rb\r\n",
    ])
    func fieldLines(fields: String) {
        #expect(T.status("GET / HTTP/1.1\r\n\(fields)\r\n") == 400)
    }

    @Test("Accepts HTAB and obs-text in field values")
    func valueCharacters() {
        #expect(T.head("GET / HTTP/1.1\r\nHost: h\r\nX: a\tb \u{E9}\r\n\r\n") != nil)
    }

    @Test("Rejects bare LF line endings consistently", arguments: [
        "GET / HTTP/1.1\nHost: h\r\n\r\n", "GET / HTTP/1.1\r\nHost: h\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n\n", "\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
    ])
    func bareLF(text: String) {
        #expect(T.status(text) == 400)
    }

    @Test("Rejects invalid or conflicting Content-Length with 400", arguments: [
        "Content-Length: 5, 6\r\n", "Content-Length: 5\r\nContent-Length: 6\r\n",
        "Content-Length: -1\r\n", "Content-Length: +5\r\n", "Content-Length: 5a\r\n",
        "Content-Length: \r\n", "Content-Length: 5,\r\n", "Content-Length: 0x5\r\n",
        "Content-Length: 99999999999999999999\r\n", "Content-Length: 1 2\r\n",
    ])
    func contentLength(fields: String) {
        #expect(T.status("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n") == 400)
    }

    @Test("Rejects smuggling-prone Transfer-Encoding", arguments: [
        ("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", 400),
        ("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", 400),
        ("Transfer-Encoding: gzip\r\n", 400), ("Transfer-Encoding: chunked, gzip\r\n", 400),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400),
        ("Transfer-Encoding: \r\n", 400), ("Transfer-Encoding: chun ked\r\n", 400),
        ("Transfer-Encoding: gzip, chunked\r\n", 501),
        ("Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n", 501),
    ])
    func transferEncoding(fields: String, status: Int) {
        #expect(T.status("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n") == status)
    }

    @Test("Rejects Transfer-Encoding in an HTTP/1.0 request")
    func transferEncodingHTTP10() {
        #expect(T.status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
    }

    @Test("Requires exactly one Host in HTTP/1.1", arguments: [
        ("GET / HTTP/1.1\r\n\r\n", 400), ("GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n", 400),
    ])
    func host(text: String, status: Int) {
        #expect(T.status(text) == status)
    }

    @Test("Returns 431 when the head exceeds the limit without ending")
    func tooLarge() {
        let text = "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "a", count: 100)
        #expect(T.request(text, limit: 64) == .invalid(HTTPParseError(status: 431, reason: "request head too large")))
        #expect(T.request(text + "\r\n\r\n", limit: 64).isInvalid(431))
        #expect(T.request("GET / HTTP/1.1\r\nHost: h\r\n", limit: 64) == .incomplete)
        let empties = String(repeating: "\r\n", count: 40)
        #expect(T.request(empties, limit: 64).isInvalid(431))
    }
}

extension HTTPHeadParseResult {
    func isInvalid(_ status: Int) -> Bool {
        if case .invalid(let e) = self { return e.status == status }
        return false
    }
}
