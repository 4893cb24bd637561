import Foundation
import LinuxSupport
import NIOCore
import RacimoCore

/// Seals and opens the frames of one run connection with the cluster key.
///
/// Each connection has its own sequence numbers and replay window: a process's output is a
/// stream of many frames, and several streams between the same two nodes must not crowd one
/// shared window. What stops a recorded connection from being replayed on a new one is the
/// challenge: the accepting side opens with a fresh nonce that the start must echo, and the
/// start carries the home's nonce that the `started` reply must echo.
public struct RunChannelSecurity: Sendable {
    private var sealer: FrameSealer
    private var verifier: FrameVerifier

    public init(node: NodeName, keyRing: KeyRing) {
        sealer = FrameSealer(sender: node, keyRing: keyRing, startedAt: Self.wallNow())
        verifier = FrameVerifier(keyRing: keyRing)
    }

    public mutating func seal(_ message: RunMessage) -> ByteBuffer {
        sealer.seal(.run, payload: message.encoded, now: Self.wallNow())
    }

    /// Verifies one frame cut from the stream and decodes its message.
    public mutating func open(_ frame: ByteBuffer) throws -> (sender: NodeName, message: RunMessage) {
        var bytes = frame
        let opened = try verifier.open(&bytes, now: Self.wallNow())
        guard opened.type == .run else { throw FrameRejection.malformed("not a run frame: \(opened.type)") }
        return (opened.sender, try RunMessage(decoding: opened.payload))
    }

    /// 16 random bytes.
    public static func nonce() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    static func wallNow() -> WallClock {
        WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
    }
}
