import NIOCore

/// One authenticated node-to-node message: the envelope of every Racimo wire protocol.
///
/// The same bytes travel as one UDP datagram or back to back on a TCP stream (the header says
/// how long the frame is). Layout, byte by byte, in `docs/protocol.md`:
///
/// ```
/// magic "RC" | version 1 | type | key id (4) | sequence (8) | timestamp ms (8)
/// | sender length n (1) | sender (n) | payload length (4) | payload | HMAC-SHA256 tag (32)
/// ```
public struct Frame: Hashable, Sendable {
    public var type: FrameType
    /// The node that sent it (and whose sequence numbers the replay window tracks).
    public var sender: NodeName
    /// Which cluster key signed it.
    public var keyID: KeyID
    /// Strictly increasing per sender, across restarts (see `FrameSealer`).
    public var sequence: UInt64
    /// The sender's wall clock when it sealed the frame.
    public var timestamp: WallClock
    public var payload: ByteBuffer

    public init(
        type: FrameType, sender: NodeName, keyID: KeyID, sequence: UInt64, timestamp: WallClock,
        payload: ByteBuffer
    ) {
        self.type = type
        self.sender = sender
        self.keyID = keyID
        self.sequence = sequence
        self.timestamp = timestamp
        self.payload = payload
    }

    /// "RC": lets a receiver drop stray traffic on its port before doing any crypto.
    public static let magic: UInt16 = 0x5243
    public static let version: UInt8 = 1
    /// Bytes of the fixed header before the sender name.
    public static let fixedHeaderLength = 25
    /// Bytes of the authentication tag (HMAC-SHA256, untruncated).
    public static let tagLength = 32
    /// Largest payload accepted on a stream: enough for a full-state exchange of thousands of
    /// members, small enough that a hostile length cannot make a node buffer much before the
    /// frame is authenticated. A datagram holds at most 65,507 bytes in all.
    public static let maxPayloadLength = 1 << 20
}

/// The kind of message a frame carries. Open-ended: a receiver parses and authenticates frames
/// of types it does not know (a newer peer's) and counts them as unhandled.
public struct FrameType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// "I am here": the sender's software version; sent to seed peers.
    public static let hello = FrameType(rawValue: 0x01)
    /// A membership protocol message (ping, ack, ping-req, nack, gossip, push-pull).
    public static let membership = FrameType(rawValue: 0x02)
    /// A jobs message between a schedd and a startd (`JobMessage`, JSON).
    public static let jobs = FrameType(rawValue: 0x03)
    /// A placed process's conversation between its home node and the node running it
    /// (`RunMessage`: standard streams, signals, exit).
    public static let run = FrameType(rawValue: 0x04)

    public var description: String {
        switch self {
        case .hello: "hello"
        case .membership: "membership"
        case .jobs: "jobs"
        case .run: "run"
        default: "type-\(rawValue)"
        }
    }
}

/// Why a received frame was dropped. Each case is one `reason` label of the agent's
/// `racimo_frames_rejected_total` counter.
public enum FrameRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a well-formed frame: wrong magic or version, lengths that do not add up.
    case malformed(String)
    /// Signed with a key this node does not hold (another cluster, or a rotation not rolled out).
    case unknownKey(KeyID)
    /// The tag does not match: forged, corrupted, or signed with a different key of the same id.
    case badTag
    /// The sender's timestamp is further from our clock than the freshness limit allows.
    case stale(Duration)
    /// A sequence number this node has already accepted from that sender, or one too old to tell.
    case replay

    /// The metric label: `malformed`, `unknown_key`, `bad_tag`, `stale`, `replay`.
    public var reason: String {
        switch self {
        case .malformed: "malformed"
        case .unknownKey: "unknown_key"
        case .badTag: "bad_tag"
        case .stale: "stale"
        case .replay: "replay"
        }
    }

    public static let allReasons = ["malformed", "unknown_key", "bad_tag", "stale", "replay"]

    public var description: String {
        switch self {
        case .malformed(let why): "malformed frame: \(why)"
        case .unknownKey(let id): "frame signed with unknown key \(id)"
        case .badTag: "frame authentication tag does not match"
        case .stale(let off): "frame timestamp is \(off) away from this node's clock"
        case .replay: "replayed frame"
        }
    }
}
