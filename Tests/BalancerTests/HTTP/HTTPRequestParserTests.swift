import Balancer
import Testing

@Suite("HTTP request parser")
struct HTTPRequestParserTests {
    typealias T = HTTPTestSupport

    @Test("Reports exact ranges for method, target, path and host on a sample request")
    func ranges() throws {
        let text = "\r\nGET /a/b?x=1 HTTP/1.1\r\nHost:  example.com \r\nX-Forwarded-For: 1.2.3.4\r\n\r\nBODY"
        let head = try #require(T.head(text))
        #expect(T.slice(text, head.method) == "GET")
        #expect(T.slice(text, head.target) == "/a/b?x=1")
        #expect(T.slice(text, head.path) == "/a/b")
        #expect(T.slice(text, head.host) == "example.com")
        #expect(head.headLength == text.utf8.count - 4)
        #expect(head.version == .http11)
        #expect(head.framing == .none)
        #expect(head.forwardedForHeaders.map { T.slice(text, $0) } == ["X-Forwarded-For: 1.2.3.4\r\n"])
        #expect(!head.isHEAD && !head.isCONNECT && head.keepAlive && !head.expectsContinue && !head.isUpgrade)
    }

    @Test("Extracts the path from each request-target form", arguments: [
        ("/p?q", "/p"), ("/", "/"), ("http://h/p?q", "/p"), ("http://h:80/p/q", "/p/q"),
        ("http://h?q", ""), ("http://h", ""), ("*", "*"), ("h.example:443", ""),
    ])
    func paths(target: String, path: String) throws {
        let method = target.hasSuffix(":443") ? "CONNECT" : "OPTIONS"
        let text = "\(method) \(target) HTTP/1.1\r\nHost: h\r\n\r\n"
        let head = try #require(T.head(text))
        #expect(T.slice(text, head.path) == path)
        #expect(head.path.lowerBound >= head.target.lowerBound && head.path.upperBound <= head.target.upperBound)
        #expect(head.isCONNECT == (method == "CONNECT"))
    }

    @Test("Derives keep-alive from the version and Connection tokens", arguments: [
        ("HTTP/1.1", nil, true), ("HTTP/1.1", "close", false), ("HTTP/1.1", "Close", false),
        ("HTTP/1.1", "keep-alive, Upgrade", true), ("HTTP/1.0", nil, false),
        ("HTTP/1.0", "keep-alive, Upgrade", true), ("HTTP/1.0", "Keep-Alive", true),
        ("HTTP/1.0", "keep-alive, close", false), ("HTTP/1.1", "foo,,  CLOSE ", false),
    ] as [(String, String?, Bool)])
    func keepAlive(version: String, connection: String?, expected: Bool) throws {
        let conn = connection.map { "Connection: \($0)\r\n" } ?? ""
        let head = try #require(T.head("GET / \(version)\r\nHost: h\r\n\(conn)\r\n"))
        #expect(head.keepAlive == expected)
    }

    @Test("Detects HEAD, Expect: 100-continue and upgrades")
    func flags() throws {
        let h = try #require(T.head("HEAD / HTTP/1.1\r\nHost: h\r\nExpect: 100-Continue\r\n\r\n"))
        #expect(h.isHEAD && h.expectsContinue)
        let u = try #require(T.head("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n\r\n"))
        #expect(u.isUpgrade)
        let noUpgradeHeader = try #require(T.head("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\n\r\n"))
        #expect(!noUpgradeHeader.isUpgrade)
        let old = try #require(T.head("GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n"))
        #expect(!old.expectsContinue && old.host == nil)
        #expect(try #require(T.head("head / HTTP/1.1\r\nHost: h\r\n\r\n")).isHEAD == false)
    }

    @Test("Computes body framing from Content-Length and Transfer-Encoding", arguments: [
        ("Content-Length: 5\r\n", HTTPBodyFraming.length(5)),
        ("Content-Length: 5, 5\r\n", .length(5)),
        ("Content-Length: 7\r\nContent-Length: 7\r\n", .length(7)),
        ("Content-Length: 0\r\n", .length(0)),
        ("Transfer-Encoding: chunked\r\n", .chunked),
        ("Transfer-Encoding: Chunked\r\n", .chunked),
        ("", .none),
    ])
    func framing(fields: String, expected: HTTPBodyFraming) throws {
        let head = try #require(T.head("POST / HTTP/1.1\r\nHost: h\r\n\(fields)\r\n"))
        #expect(head.framing == expected)
    }

    @Test("Records every X-Forwarded-For line in order")
    func forwardedFor() throws {
        let text = "GET / HTTP/1.1\r\nx-forwarded-for: a\r\nHost: h\r\nX-FORWARDED-FOR: b\r\n\r\n"
        let head = try #require(T.head(text))
        #expect(head.forwardedForHeaders.map { T.slice(text, $0) } == ["x-forwarded-for: a\r\n", "X-FORWARDED-FOR: b\r\n"])
    }

    @Test("Is incomplete for every proper prefix and complete with the same head at the end")
    func incremental() throws {
        let text = "\r\nPOST /upload?id=3 HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nX-Forwarded-For: x\r\n\r\n"
        let bytes = Array(text.utf8)
        let full = try #require(T.head(text))
        for n in 0..<bytes.count {
            let result = bytes[0..<n].withUnsafeBytes { HTTPRequestParser.parse($0) }
            #expect(result == .incomplete, "prefix \(n)")
        }
        let extra = bytes + Array("5\r\nhello".utf8)
        #expect(extra.withUnsafeBytes { HTTPRequestParser.parse($0) } == .complete(full))
    }
}
