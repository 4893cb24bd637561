import NIOCore
import RacimoCore
import RacimoTestKit
import Testing

/// The frame format of docs/protocol.md, byte for byte. The expected bytes and tag were computed
/// independently with Python's `hmac` module from the layout in the document.
@Suite("Frame wire format")
struct FrameTests {
    static let key = try! ClusterKey(bytes: Array(0..<32))
    static let sender = NodeName("h1")!

    static var helloFrame: Frame {
        var payload = ByteBuffer()
        Hello(softwareVersion: "0.1.0").write(to: &payload)
        return Frame(
            type: .hello, sender: sender, keyID: key.id, sequence: 0x0102_0304_0506_0708,
            timestamp: WallClock(millisecondsSinceEpoch: 1_764_000_000_000), payload: payload)
    }

    static let helloBytes = Hex.decode("""
        5243 01 01 672bc211 0102030405060708 0000019ab697e800 02 6831 00000006 05302e312e30
        da315245757e27b69870520d8af14e1823121e08deff52242f6dc2417f791dd8
        """)!

    @Test("key id is the first 4 bytes of SHA-256(\"racimo key id\" ‖ key)")
    func keyID() {
        #expect(Self.key.id == KeyID(rawValue: 0x672B_C211))
        #expect(Self.key.id.description == "key-672bc211")
    }

    @Test("a hello frame encodes to the documented bytes")
    func encodes() {
        let bytes = FrameSealer.encode(Self.helloFrame, key: Self.key)
        #expect(Array(bytes.readableBytesView) == Self.helloBytes)
    }

    @Test("the documented bytes parse back to the same frame and tag")
    func parses() throws {
        var buffer = ByteBuffer(bytes: Self.helloBytes)
        let (frame, signedPart, tag) = try Frame.parse(&buffer)
        #expect(frame == Self.helloFrame)
        #expect(Array(signedPart.readableBytesView) == Array(Self.helloBytes.dropLast(32)))
        #expect(tag == Array(Self.helloBytes.suffix(32)))
        #expect(buffer.readableBytes == 0)
        var payload = frame.payload
        #expect(try Hello(parsing: &payload) == Hello(softwareVersion: "0.1.0"))
    }

    @Test("a stream reader learns the frame's length as soon as the header is in, not before")
    func wireLengthDripFeed() throws {
        var seen: [Int?] = []
        for count in 0...Self.helloBytes.count {
            seen.append(try Frame.wireLength(peekingAt: ByteBuffer(bytes: Self.helloBytes.prefix(count))))
        }
        // Fixed header 25 + sender 2 + payload length 4 = 31 bytes before the length is known.
        #expect(seen.prefix(31).allSatisfy { $0 == nil })
        #expect(seen.dropFirst(31).allSatisfy { $0 == Self.helloBytes.count })
    }

    @Test("two frames back to back on a stream parse one at a time")
    func backToBack() throws {
        var buffer = ByteBuffer(bytes: Self.helloBytes + Self.helloBytes)
        _ = try Frame.parse(&buffer)
        #expect(buffer.readableBytes == Self.helloBytes.count)
        _ = try Frame.parse(&buffer)
        #expect(buffer.readableBytes == 0)
    }

    @Test(
        "malformed frames are refused with a reason, never a crash",
        arguments: [
            (0, 0x00, "bad magic"),
            (2, 0x02, "unsupported version"),
            (24, 0x00, "sender length 0"),
            (24, 0x41, "sender length 65"),
            (25, 0x20, "invalid sender name"),
            (27, 0x10, "payload length 268435462"),
        ])
    func malformed(offset: Int, byte: UInt8, reason: String) {
        var bytes = Self.helloBytes
        bytes[offset] = byte
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: FrameRejection.malformed(reason)) { try Frame.parse(&buffer) }
    }

    @Test("a datagram cut short is malformed")
    func truncated() {
        for count in [0, 10, 30, Self.helloBytes.count - 1] {
            var buffer = ByteBuffer(bytes: Self.helloBytes.prefix(count))
            #expect(throws: FrameRejection.self) { try Frame.parse(&buffer) }
        }
    }

    @Test("random bytes never crash the parser")
    func fuzz() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<5000 {
            var bytes = Self.helloBytes
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            var buffer = ByteBuffer(bytes: bytes)
            _ = try? Frame.parse(&buffer)
        }
    }
}

@Suite("Frame stream framing")
struct FrameStreamTests {
    @Test("a stream that does not start with the magic is refused from its first two bytes")
    func earlyMagic() throws {
        #expect(throws: FrameRejection.malformed("bad magic")) { try Frame.wireLength(peekingAt: ByteBuffer(bytes: Array("SS".utf8))) }
        #expect(throws: FrameRejection.malformed("unsupported version")) { try Frame.wireLength(peekingAt: ByteBuffer(bytes: [0x52, 0x43, 9])) }
        #expect(try Frame.wireLength(peekingAt: ByteBuffer(bytes: [0x52])) == nil)
    }
}
