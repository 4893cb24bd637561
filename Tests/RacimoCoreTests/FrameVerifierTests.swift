import NIOCore
import RacimoCore
import Testing

@Suite("Frame authentication and replay rejection")
struct FrameVerifierTests {
    static let key = try! ClusterKey(bytes: Array(0..<32))
    static let otherKey = try! ClusterKey(bytes: Array(repeating: 7, count: 32))
    static let start = WallClock(millisecondsSinceEpoch: 1_764_000_000_000)

    func sealer(_ name: String = "h1", key: ClusterKey = key) -> FrameSealer {
        FrameSealer(sender: NodeName(name)!, keyRing: KeyRing(current: key), startedAt: Self.start)
    }

    func open(_ verifier: inout FrameVerifier, _ bytes: ByteBuffer, at now: WallClock = start) -> Result<Frame, FrameRejection> {
        var buffer = bytes
        do throws(FrameRejection) { return .success(try verifier.open(&buffer, now: now)) } catch { return .failure(error) }
    }

    @Test("a frame sealed with the cluster key is accepted once")
    func acceptsOnce() throws {
        var sealer = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        let bytes = sealer.seal(.hello, payload: ByteBuffer(), now: Self.start)
        let frame = try open(&verifier, bytes).get()
        #expect(frame.sender == NodeName("h1"))
        let r1 = open(&verifier, bytes)
        #expect(r1 == .failure(.replay))
    }

    @Test("a frame signed with another cluster's key names a key we do not hold")
    func unknownKey() {
        var sealer = sealer(key: Self.otherKey)
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        let r2 = open(&verifier, sealer.seal(.hello, payload: ByteBuffer(), now: Self.start))
        #expect(r2 == .failure(.unknownKey(Self.otherKey.id)))
    }

    @Test("a forger who copies our key id but not the key fails the tag check")
    func forgedTag() {
        let forged = Frame(type: .hello, sender: NodeName("h1")!, keyID: Self.key.id, sequence: 1, timestamp: Self.start, payload: ByteBuffer())
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        let r3 = open(&verifier, FrameSealer.encode(forged, key: Self.otherKey))
        #expect(r3 == .failure(.badTag))
    }

    @Test("a flipped payload bit fails the tag check")
    func tampered() {
        var sealer = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        var bytes = sealer.seal(.hello, payload: ByteBuffer(bytes: [1, 2, 3]), now: Self.start)
        bytes.setInteger(UInt8(9), at: bytes.writerIndex - 33)
        let r4 = open(&verifier, bytes)
        #expect(r4 == .failure(.badTag))
    }

    @Test("forged frames do not consume the real sender's sequence numbers")
    func forgeryDoesNotPoisonWindow() throws {
        var real = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        let forged = Frame(type: .hello, sender: NodeName("h1")!, keyID: Self.key.id, sequence: real.nextSequence,
                           timestamp: Self.start, payload: ByteBuffer())
        let r5 = open(&verifier, FrameSealer.encode(forged, key: Self.otherKey))
        #expect(r5 == .failure(.badTag))
        let accepted = open(&verifier, real.seal(.hello, payload: ByteBuffer(), now: Self.start))
        #expect(accepted.isSuccess)
    }

    @Test("frames reordered within 64 are accepted; each only once")
    func reordering() {
        var sealer = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        let frames = (0..<70).map { _ in sealer.seal(.hello, payload: ByteBuffer(), now: Self.start) }
        let r6 = open(&verifier, frames[69])
        #expect(r6.isSuccess)
        let inside = open(&verifier, frames[10])  // 59 behind: inside the window
        #expect(inside.isSuccess)
        let r7 = open(&verifier, frames[10])
        #expect(r7 == .failure(.replay))
        let tooOld = open(&verifier, frames[5])  // 64 behind: too old to tell
        #expect(tooOld == .failure(.replay))
        let r8 = open(&verifier, frames[68])
        #expect(r8.isSuccess)
    }

    @Test("a frame whose clock is further away than the freshness limit is stale")
    func stale() {
        var sealer = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key), freshness: .seconds(300))
        let late = WallClock(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch + 301_000)
        let r9 = open(&verifier, sealer.seal(.hello, payload: ByteBuffer(), now: Self.start), at: late)
        #expect(r9 == .failure(.stale(.seconds(-301))))
        let early = WallClock(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch - 299_000)
        let r10 = open(&verifier, sealer.seal(.hello, payload: ByteBuffer(), now: Self.start), at: early)
        #expect(r10.isSuccess)
    }

    @Test("a signed frame with an absurd timestamp is stale, not a crash")
    func extremeTimestamps() {
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        for millis in [Int64.min, Int64.max, -1] {
            let frame = Frame(type: .hello, sender: NodeName("h1")!, keyID: Self.key.id, sequence: 1,
                              timestamp: WallClock(millisecondsSinceEpoch: millis), payload: ByteBuffer())
            let result = open(&verifier, FrameSealer.encode(frame, key: Self.key))
            guard case .failure(.stale) = result else {
                Issue.record("timestamp \(millis): \(result)")
                continue
            }
        }
    }

    @Test("bytes after a frame make it malformed before its sequence number is used up")
    func trailingBytes() {
        var sealer = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        let frame = sealer.seal(.hello, payload: ByteBuffer(), now: Self.start)
        var padded = frame
        padded.writeBytes([0, 0, 0])
        let first = open(&verifier, padded)
        #expect(first == .failure(.malformed("bytes after the frame")))
        let second = open(&verifier, frame)
        #expect(second.isSuccess)
    }

    @Test("a restarted sender's sequence numbers continue above its old ones")
    func restart() {
        var before = sealer()
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key))
        for _ in 0..<1000 { _ = open(&verifier, before.seal(.hello, payload: ByteBuffer(), now: Self.start)) }
        var after = FrameSealer(sender: NodeName("h1")!, keyRing: KeyRing(current: Self.key),
                                startedAt: WallClock(millisecondsSinceEpoch: Self.start.millisecondsSinceEpoch + 2))
        let r11 = open(&verifier, after.seal(.hello, payload: ByteBuffer(), now: Self.start))
        #expect(r11.isSuccess)
    }

    @Test("during key rotation frames under the current and the next key are both accepted")
    func rotation() {
        var old = sealer("h1", key: Self.key)
        var new = sealer("h2", key: Self.otherKey)
        var verifier = FrameVerifier(keyRing: KeyRing(current: Self.key, next: Self.otherKey))
        let r12 = open(&verifier, old.seal(.hello, payload: ByteBuffer(), now: Self.start))
        #expect(r12.isSuccess)
        let r13 = open(&verifier, new.seal(.hello, payload: ByteBuffer(), now: Self.start))
        #expect(r13.isSuccess)
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { true } else { false } }
}
