import RacimoCore

/// One claim about a member, spread epidemically by piggybacking on other messages (SWIM §4.1).
public enum Gossip: Hashable, Sendable {
    /// The member is alive at this incarnation, reachable at these addresses.
    case alive(NodeName, Incarnation, addresses: [Endpoint])
    /// `by` could not reach the member at this incarnation.
    case suspect(NodeName, Incarnation, by: NodeName)
    /// `by` declared the member dead after its suspicion timed out.
    case dead(NodeName, Incarnation, by: NodeName)
    /// The member left on purpose.
    case left(NodeName, Incarnation)
    /// The member's load vector.
    case info(NodeName, NodeInfo)

    /// Bytes the item takes in the wire format (docs/protocol.md), for the piggyback budget.
    public var estimatedSize: Int {
        switch self {
        case .alive(let name, _, let addresses):
            1 + 1 + name.rawValue.utf8.count + 8 + 1 + addresses.reduce(0) { $0 + 3 + ($1.family == 4 ? 4 : $1.family == 6 ? 16 : 1 + $1.host.utf8.count) }
        case .suspect(let name, _, let by), .dead(let name, _, let by):
            1 + 1 + name.rawValue.utf8.count + 8 + 1 + by.rawValue.utf8.count
        case .left(let name, _):
            1 + 1 + name.rawValue.utf8.count + 8
        case .info(let name, let info):
            1 + 1 + name.rawValue.utf8.count + 49 + 1 + info.softwareVersion.utf8.count + 1
                + info.roles.reduce(0) { $0 + 1 + $1.utf8.count }
        }
    }

    /// The member the claim is about.
    public var subject: NodeName {
        switch self {
        case .alive(let name, _, _), .suspect(let name, _, _), .dead(let name, _, _), .left(let name, _), .info(let name, _):
            name
        }
    }
}

/// A member's whole entry, as exchanged in push-pull.
public struct MemberSnapshot: Hashable, Sendable {
    public var name: NodeName
    public var addresses: [Endpoint]
    public var status: MemberStatus
    public var incarnation: Incarnation
    public var info: NodeInfo?

    public init(name: NodeName, addresses: [Endpoint], status: MemberStatus, incarnation: Incarnation, info: NodeInfo?) {
        self.name = name
        self.addresses = addresses
        self.status = status
        self.incarnation = incarnation
        self.info = info
    }
}

/// The messages of the membership protocol, each carried in one authenticated frame whose
/// sender field says who sent it.
public enum MembershipMessage: Hashable, Sendable {
    /// "Are you alive, `target`?" Answered with an ack of the same sequence number.
    case ping(sequence: UInt32, target: NodeName, gossip: [Gossip])
    case ack(sequence: UInt32, gossip: [Gossip])
    /// "Please ping `target` for me" (SWIM's ping-req); answered with ack or nack.
    case pingRequest(sequence: UInt32, target: NodeName, addresses: [Endpoint], gossip: [Gossip])
    /// Lifeguard: the indirect prober could not reach the target, but is itself fine.
    case nack(sequence: UInt32, gossip: [Gossip])
    /// Only gossip (sent every gossip interval to a few members).
    case gossip([Gossip])
    /// Full state, for joining, periodic anti-entropy and healing partitions; sent over TCP.
    case pushPull(members: [MemberSnapshot], isReply: Bool)

    /// The gossip piggybacked on the message.
    public var piggyback: [Gossip] {
        switch self {
        case .ping(_, _, let gossip), .ack(_, let gossip), .pingRequest(_, _, _, let gossip), .nack(_, let gossip), .gossip(let gossip):
            gossip
        case .pushPull:
            []
        }
    }
}
