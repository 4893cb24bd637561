import Balancer
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// SplitMix64: a tiny deterministic PRNG so fuzz failures reproduce exactly.
struct HTTPFuzzRandom: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

@Suite("HTTP Fuzz")
struct HTTPFuzzTests {
    static var iterations: Int {
        if let raw = getenv("FUZZ_COUNT"), let n = Int(String(cString: raw)) { return n }
        #if DEBUG
        return 10_000
        #else
        return 1_000_000
        #endif
    }

    static let seeds: [[UInt8]] = [
        "\r\nPOST http://h:8/p?q HTTP/1.1\r\nHost: h\r\nContent-Length: 5, 5\r\nX-Forwarded-For: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: ws\r\n\r\nhello",
        "GET / HTTP/1.0\r\nTransfer-Encoding: gzip, chunked\r\nExpect: 100-continue\r\n\r\n",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "HTTP/1.0 304 \r\nConnection: close\r\n\r\n",
        "5;a=b\r\nhello\r\n10\r\n0123456789abcdef\r\n0\r\nT: v\r\n\r\n",
    ].map { Array($0.utf8) }
    static let interesting: [UInt8] = Array("\r\n :;,0159aAfF/?\t\u{0}\u{7F}".utf8) + [0xFF]

    static func mutate(_ input: [UInt8], _ rng: inout HTTPFuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0...rng.below(4) {
            let at = bytes.isEmpty ? 0 : rng.below(bytes.count)
            switch rng.below(6) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.insert(interesting[rng.below(interesting.count)], at: at)
            case 2 where !bytes.isEmpty: bytes.remove(at: at)
            case 3: bytes.removeLast(bytes.count - at)
            case 4: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + rng.below(16))], at: at)
            default: bytes = (0..<rng.below(64)).map { _ in interesting[rng.below(interesting.count)] }
            }
        }
        return bytes
    }

    @Test("Random and mutated inputs never crash the parsers and keep their invariants")
    func fuzz() {
        var rng = HTTPFuzzRandom(seed: 0x5EED)
        let n = Self.iterations
        var completes = 0
        for _ in 0..<n {
            let bytes = Self.mutate(Self.seeds[rng.below(Self.seeds.count)], &rng)
            let split = rng.below(bytes.count + 1)
            let limit = rng.below(4) == 0 ? rng.below(128) : 16_384
            bytes.withUnsafeBytes { buf in
                if case .complete(let h) = HTTPRequestParser.parse(buf, limit: limit) {
                    completes += 1
                    Self.check(h, count: buf.count)
                    let again = HTTPRequestParser.parse(UnsafeRawBufferPointer(rebasing: buf[0..<h.headLength]), limit: limit)
                    #expect(again == .complete(h))
                }
                if case .complete(let h) = HTTPResponseParser.parse(buf, requestWasHEAD: split & 1 == 0, limit: limit) {
                    #expect(h.headLength <= buf.count && (100...999).contains(h.status))
                    #expect(h.framing != .untilClose || !h.keepAlive)
                }
                var whole = ChunkedBodyScanner()
                let outcome = whole.scan(buf)
                if case .done(let consumed) = outcome { #expect(consumed > 0 && consumed <= buf.count) }
                // Splitting the input anywhere must not change where the body ends.
                var parts = ChunkedBodyScanner()
                var combined = parts.scan(UnsafeRawBufferPointer(rebasing: buf[0..<split]))
                if combined == .needMore, case .done(let c) = parts.scan(UnsafeRawBufferPointer(rebasing: buf[split...])) {
                    combined = .done(consumed: split + c)
                } else if combined == .needMore {
                    combined = parts.scan(UnsafeRawBufferPointer(rebasing: buf[buf.count...]))
                }
                #expect(Self.sameEnd(outcome, combined))
            }
        }
        #expect(completes > 0)
    }

    static func sameEnd(_ a: ChunkedBodyScanner.Outcome, _ b: ChunkedBodyScanner.Outcome) -> Bool {
        switch (a, b) {
        case (.invalid, .invalid): return true
        default: return a == b
        }
    }

    static func check(_ h: HTTPRequestHead, count: Int) {
        let bounds = 0...min(count, h.headLength)
        for r in [h.method, h.target, h.path] + (h.host.map { [$0] } ?? []) + h.forwardedForHeaders {
            #expect(bounds.contains(r.lowerBound) && bounds.contains(r.upperBound))
        }
        #expect(h.headLength <= count)
        #expect(h.path.lowerBound >= h.target.lowerBound && h.path.upperBound <= h.target.upperBound)
    }
}
