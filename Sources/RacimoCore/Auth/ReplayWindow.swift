/// Remembers which sequence numbers each sender has used, so a captured frame cannot be sent again.
///
/// Per sender, the highest sequence accepted and a 64-bit bitmap of the ones just below it, the
/// sliding window of IPsec's anti-replay service (RFC 4303 §3.4.3): datagrams may arrive out of
/// order by up to 64 frames. A sender is forgotten after `forgetAfter` of silence; that is safe
/// because `FrameVerifier` refuses frames whose timestamp is older than that anyway.
public struct ReplayWindow: Sendable {
    struct SenderState: Sendable {
        var highest: UInt64
        var seen: UInt64  // bit i set: sequence `highest - i` accepted (bit 0 is `highest`)
        var lastHeard: WallClock
    }

    public static let width: UInt64 = 64

    private var senders: [NodeName: SenderState] = [:]
    public let forgetAfter: Duration

    public init(forgetAfter: Duration) { self.forgetAfter = forgetAfter }

    /// Number of senders remembered.
    public var count: Int { senders.count }

    /// Records `sequence` from `sender` and returns true if it was never seen before; returns
    /// false (and records nothing) for a repeat or for one older than the window.
    /// MUST be called only for frames whose tag has been verified, or a forger could fill the
    /// window with sequence numbers the real sender will use later.
    public mutating func admit(sender: NodeName, sequence: UInt64, now: WallClock) -> Bool {
        guard var state = senders[sender] else {
            senders[sender] = SenderState(highest: sequence, seen: 1, lastHeard: now)
            forgetSilentSenders(now: now)
            return true
        }
        if sequence > state.highest {
            let shift = sequence - state.highest
            state.seen = shift >= Self.width ? 1 : (state.seen << shift) | 1
            state.highest = sequence
        } else {
            let age = state.highest - sequence
            guard age < Self.width else { return false }
            let bit: UInt64 = 1 << age
            guard state.seen & bit == 0 else { return false }
            state.seen |= bit
        }
        state.lastHeard = now
        senders[sender] = state
        return true
    }

    private mutating func forgetSilentSenders(now: WallClock) {
        // Amortised: only sweep when the table has doubled since the last sweep would matter.
        guard senders.count > 1, senders.count.nonzeroBitCount == 1 else { return }
        senders = senders.filter { now - $0.value.lastHeard <= forgetAfter }
    }
}
