import Foundation
import LinuxSupport
import NIOCore
import RacimoCore
import Synchronization

/// Seals and opens the jobs frames of one agent with the cluster key.
///
/// The jobs channel has its own sequence numbers and replay window, apart from the
/// membership traffic's: a burst of job messages on TCP must not push a late membership
/// datagram out of the 64-frame replay window. Frames are checked exactly as membership's
/// are (key, tag, freshness, replay), and anything that fails is dropped with the connection.
public final class JobChannelSecurity: Sendable {
    private struct State {
        var sealer: FrameSealer
        var verifier: FrameVerifier
    }

    private let state: Mutex<State>

    public init(node: NodeName, keyRing: KeyRing) {
        let now = Self.wallNow()
        state = Mutex(State(
            sealer: FrameSealer(sender: node, keyRing: keyRing, startedAt: now),
            verifier: FrameVerifier(keyRing: keyRing)))
    }

    public func seal(_ message: JobMessage) throws -> ByteBuffer {
        let payload = ByteBuffer(bytes: try JSONEncoder().encode(message))
        let now = Self.wallNow()
        return state.withLock { $0.sealer.seal(.jobs, payload: payload, now: now) }
    }

    /// Verifies one frame cut from the stream and decodes its message.
    public func open(_ frame: ByteBuffer) throws -> (sender: NodeName, message: JobMessage) {
        var bytes = frame
        let now = Self.wallNow()
        let opened: Result<Frame, FrameRejection> = state.withLock { state in
            do throws(FrameRejection) { return .success(try state.verifier.open(&bytes, now: now)) } catch { return .failure(error) }
        }
        let frame = try opened.get()
        guard frame.type == .jobs else { throw FrameRejection.malformed("not a jobs frame: \(frame.type)") }
        let message = try JSONDecoder().decode(JobMessage.self, from: Data(frame.payload.readableBytesView))
        return (frame.sender, message)
    }

    static func wallNow() -> WallClock {
        WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
    }
}
