import RacimoCore

/// The peers this node has heard authenticated frames from, and what their frames said.
///
/// A value type the receive loop updates; `racimo peers` and `/v1/health` read copies of it.
public struct PeerTable: Sendable {
    public struct Peer: Sendable, Equatable {
        public var name: String
        /// The address the last frame came from.
        public var address: String
        public var softwareVersion: String
        /// Their wall clock minus ours when the last frame arrived (ignoring transit time), in ms.
        public var clockOffsetMilliseconds: Int64
        /// When we last heard from them, on our monotonic clock.
        var lastHeard: Instant
        public var framesAccepted: Int
    }

    public private(set) var peers: [NodeName: Peer] = [:]

    public init() {}

    /// Records a verified hello from `sender`.
    public mutating func heard(
        _ hello: Hello, from sender: NodeName, address: String, sentAt: WallClock,
        receivedAt wallNow: WallClock, now: Instant
    ) {
        var peer = peers[sender] ?? Peer(
            name: sender.rawValue, address: address, softwareVersion: hello.softwareVersion,
            clockOffsetMilliseconds: 0, lastHeard: now, framesAccepted: 0)
        peer.address = address
        peer.softwareVersion = hello.softwareVersion
        peer.clockOffsetMilliseconds = sentAt.millisecondsSinceEpoch - wallNow.millisecondsSinceEpoch
        peer.lastHeard = now
        peer.framesAccepted += 1
        peers[sender] = peer
    }

    /// Peers sorted by name, with how long ago each was heard.
    public func listing(now: Instant) -> [(peer: Peer, age: Duration)] {
        peers.values.sorted { $0.name < $1.name }.map { ($0, now - $0.lastHeard) }
    }
}
