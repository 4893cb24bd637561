import Balancer
import Testing

@Suite("HTTP response parser")
struct HTTPResponseParserTests {
    typealias T = HTTPTestSupport

    @Test("Derives framing and keep-alive from status, request method and fields", arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", false, HTTPBodyFraming.length(3), true),
        ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n", true, .none, true),
        ("HTTP/1.1 204 No Content\r\n\r\n", false, .none, true),
        ("HTTP/1.1 304 \r\nContent-Length: 9\r\n\r\n", false, .none, true),
        ("HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\n\r\n", false, .none, true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", false, .chunked, true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", false, .chunked, true),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", false, .chunked, false),
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", false, .untilClose, false),
        ("HTTP/1.1 200 OK\r\n\r\n", false, .untilClose, false),
        ("HTTP/1.1 200 OK\r\nConnection: Close\r\nContent-Length: 0\r\n\r\n", false, .length(0), false),
        ("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", false, .length(1), false),
        ("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n", false, .length(1), true),
        ("HTTP/1.1 200\r\nContent-Length: 1\r\n\r\n", false, .length(1), true),
        ("HTTP/1.1 999 \r\nContent-Length: 1\r\n\r\n", false, .length(1), true),
    ])
    func framing(text: String, head: Bool, framing: HTTPBodyFraming, keepAlive: Bool) throws {
        guard case .complete(let h) = T.response(text, head: head) else {
            Issue.record("not complete")
            return
        }
        #expect(h.framing == framing)
        #expect(h.keepAlive == keepAlive)
        #expect(h.headLength == text.utf8.count)
    }

    @Test("Rejects malformed responses with status 502", arguments: [
        "HTTP/1.1 99 OK\r\n\r\n", "HTTP/1.1 099 OK\r\n\r\n", "HTTP/1.1 2000 OK\r\n\r\n",
        "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/2.0 200 OK\r\n\r\n", "HTTP/1.1  200 OK\r\n\r\n",
        "HTTP/1.1 200 O\u{1}K\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1, 2\r\n\r\n",
        "HTTP/1.1 200 OK\nContent-Length: 1\r\n\r\n", "HTTP/1.1 200 OK\r\nX : y\r\n\r\n",
        "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "ICY 200 OK\r\n\r\n",
    ])
    func rejects(text: String) {
        #expect(T.response(text).isInvalid(502))
    }

    @Test("Is incomplete until the blank line and 502 beyond the limit")
    func incomplete() {
        let text = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
        let bytes = Array(text.utf8)
        for n in 0..<bytes.count {
            #expect(bytes[0..<n].withUnsafeBytes { HTTPResponseParser.parse($0, requestWasHEAD: false) } == .incomplete)
        }
        #expect(T.response("HTTP/1.1 200 OK\r\nX: " + String(repeating: "y", count: 80), limit: 64).isInvalid(502))
    }
}
