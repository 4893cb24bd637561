import Balancer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Rough throughput numbers; runs only when HTTP_BENCH is set (use `-c release`).
/// Wall-clock numbers are noisy on a shared machine; callgrind instruction counts are not.
@Suite("HTTP parser benchmark", .enabled(if: getenv("HTTP_BENCH") != nil))
struct HTTPParserBenchmarkTests {
    static func nanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    @Test("Reports nanoseconds per parse of a typical browser request and response")
    func throughput() {
        let request = Array(("GET /static/app.js?v=42 HTTP/1.1\r\nHost: www.example.com\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36\r\n"
            + "Accept: */*\r\nAccept-Encoding: gzip, deflate, br\r\nAccept-Language: en-US,en;q=0.9\r\n"
            + "Cookie: session=abcdef0123456789; theme=dark\r\nConnection: keep-alive\r\n\r\n").utf8)
        let response = Array(("HTTP/1.1 200 OK\r\nServer: nginx\r\nDate: Mon, 23 Nov 2026 10:00:00 GMT\r\n"
            + "Content-Type: application/javascript\r\nContent-Length: 12345\r\nCache-Control: max-age=3600\r\n\r\n").utf8)
        // HTTP_BENCH=<n> sets the iteration count (small n suits `valgrind --tool=callgrind`).
        let n = getenv("HTTP_BENCH").flatMap { Int(String(cString: $0)) } ?? 1_000_000
        var sink = 0
        var t0 = Self.nanoseconds()
        request.withUnsafeBytes { buf in
            for _ in 0..<n {
                if case .complete(let h) = HTTPRequestParser.parse(buf) { sink &+= h.headLength }
            }
        }
        let requestNs = Double(Self.nanoseconds() - t0) / Double(n)
        t0 = Self.nanoseconds()
        response.withUnsafeBytes { buf in
            for _ in 0..<n {
                if case .complete(let h) = HTTPResponseParser.parse(buf, requestWasHEAD: false) { sink &+= h.headLength }
            }
        }
        let responseNs = Double(Self.nanoseconds() - t0) / Double(n)
        print("HTTP bench: request \(request.count) B \(requestNs) ns/parse; response \(response.count) B \(responseNs) ns/parse")
        #expect(sink == n * (request.count + response.count))
    }
}
