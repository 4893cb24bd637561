import Crypto
import NIOCore

/// Checks received frames: well-formed, signed by a key we hold, fresh, and not seen before.
///
/// The checks run cheapest first and the replay window is touched only after the tag has been
/// verified, so a forger can neither fill the window nor make us do more than one HMAC per
/// frame. Every refusal is a `FrameRejection` that the driver counts by its `reason`.
public struct FrameVerifier: Sendable {
    public var keyRing: KeyRing
    /// How far a frame's timestamp may be from this node's clock (either way). Generous by
    /// default: clock skew is reported by membership long before it stops frames.
    public let freshness: Duration
    private var window: ReplayWindow

    public static let defaultFreshness: Duration = .seconds(300)

    public init(keyRing: KeyRing, freshness: Duration = defaultFreshness) {
        self.keyRing = keyRing
        self.freshness = freshness
        self.window = ReplayWindow(forgetAfter: freshness * 2)
    }

    /// Verifies the frame that is the whole of `buffer` (one datagram, or one frame cut from a
    /// stream) and consumes it; trailing bytes make it malformed, before the replay window is
    /// touched. The driver MUST call it for every datagram or stream frame and MUST drop the
    /// frame when it throws.
    public mutating func open(_ buffer: inout ByteBuffer, now: WallClock) throws(FrameRejection) -> Frame {
        let (frame, signedPart, tag) = try Frame.parse(&buffer)
        guard buffer.readableBytes == 0 else { throw .malformed("bytes after the frame") }
        guard let key = keyRing.key(for: frame.keyID) else { throw .unknownKey(frame.keyID) }
        let valid = signedPart.withUnsafeReadableBytes { bytes in
            HMAC<SHA256>.isValidAuthenticationCode(tag, authenticating: bytes, using: key.symmetricKey)
        }
        guard valid else { throw .badTag }
        let offset = frame.timestamp - now
        guard offset <= freshness, offset >= .zero - freshness else { throw .stale(offset) }
        guard window.admit(sender: frame.sender, sequence: frame.sequence, now: now) else { throw .replay }
        return frame
    }
}
