import NIOCore
import RacimoCore
import Synchronization

/// What the agent's services share: the running configuration, the keys, what it has heard.
///
/// One lock, held only to copy or update values, never across I/O. SIGHUP swaps the
/// configuration and keys here; services read them on their next step.
public final class AgentState: Sendable {
    struct Contents {
        var configuration: AgentConfiguration
        var sealer: FrameSealer
        var verifier: FrameVerifier
        var keyRing: KeyRing
        var peers = PeerTable()
        var listening = false
    }

    private let contents: Mutex<Contents>
    /// When the agent started, on the monotonic clock.
    public let startedAt: Instant
    public let clock: ContinuousClock
    private let origin: ContinuousClock.Instant

    public init(configuration: AgentConfiguration, keyRing: KeyRing, wallNow: WallClock) {
        clock = ContinuousClock()
        origin = clock.now
        startedAt = .zero
        contents = Mutex(Contents(
            configuration: configuration,
            sealer: FrameSealer(sender: configuration.nodeName, keyRing: keyRing, startedAt: wallNow),
            verifier: FrameVerifier(keyRing: keyRing, freshness: configuration.frameFreshness),
            keyRing: keyRing))
    }

    /// Now, on the agent's monotonic timeline.
    public var now: Instant { Instant(clock.now - origin) }

    public var configuration: AgentConfiguration { contents.withLock { $0.configuration } }
    public var keyRing: KeyRing { contents.withLock { $0.keyRing } }
    public var peers: PeerTable { contents.withLock { $0.peers } }

    /// Whether the frame sockets are bound: health says `starting` until then.
    public var isListening: Bool { contents.withLock { $0.listening } }

    /// Called by the peer service once its sockets are bound.
    public func markListening() { contents.withLock { $0.listening = true } }

    /// Replaces the configuration and keys after a successful reload.
    public func reload(_ configuration: AgentConfiguration, keyRing: KeyRing) {
        contents.withLock {
            $0.configuration = configuration
            $0.keyRing = keyRing
            $0.sealer.keyRing = keyRing
            $0.verifier.keyRing = keyRing
        }
    }

    /// Signs a new frame with the current key and the next sequence number.
    public func seal(_ type: FrameType, payload: ByteBuffer, wallNow: WallClock) -> ByteBuffer {
        contents.withLock { $0.sealer.seal(type, payload: payload, now: wallNow) }
    }

    /// Verifies one received frame (`FrameVerifier.open`). One verifier serves UDP and TCP, so
    /// a frame replayed over the other transport is still a replay.
    public func open(_ buffer: inout ByteBuffer, wallNow: WallClock) throws(FrameRejection) -> Frame {
        let result: Result<Frame, FrameRejection> = contents.withLock { contents in
            do throws(FrameRejection) {
                return .success(try contents.verifier.open(&buffer, now: wallNow))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Changes the peer table under the lock.
    public func updatePeers(_ update: (inout PeerTable) -> Void) {
        contents.withLock { update(&$0.peers) }
    }
}
