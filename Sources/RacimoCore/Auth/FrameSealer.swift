import Crypto
import NIOCore

/// Turns payloads into signed frames for one sending node.
///
/// Sequence numbers start at the node's start time in microseconds since the epoch and grow by
/// one per frame, so they keep growing across restarts (a receiver's replay window would
/// otherwise refuse a restarted node's frames) without any state on disk.
public struct FrameSealer: Sendable {
    public let sender: NodeName
    public var keyRing: KeyRing
    public private(set) var nextSequence: UInt64

    public init(sender: NodeName, keyRing: KeyRing, startedAt: WallClock) {
        self.sender = sender
        self.keyRing = keyRing
        self.nextSequence = UInt64(max(0, startedAt.millisecondsSinceEpoch)) &* 1000
    }

    /// The wire bytes of a new frame, signed with the ring's current key.
    public mutating func seal(_ type: FrameType, payload: ByteBuffer, now: WallClock) -> ByteBuffer {
        let frame = Frame(
            type: type, sender: sender, keyID: keyRing.current.id, sequence: nextSequence,
            timestamp: now, payload: payload)
        nextSequence &+= 1
        return Self.encode(frame, key: keyRing.current)
    }

    /// Signs `frame` as given, whatever its fields say. Tests use it to build forged or
    /// replayed frames; nodes use `seal`.
    public static func encode(_ frame: Frame, key: ClusterKey) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Frame.fixedHeaderLength + 68 + frame.payload.readableBytes + Frame.tagLength)
        frame.writeSignedPart(to: &buffer)
        let tag = buffer.withUnsafeReadableBytes { bytes in
            HMAC<SHA256>.authenticationCode(for: bytes, using: key.symmetricKey)
        }
        buffer.writeBytes(Array(tag))
        return buffer
    }
}
