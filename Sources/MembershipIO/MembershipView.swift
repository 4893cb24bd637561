import Membership
import RacimoCore

/// What `racimo nodes` shows: this node and every member it knows, at one instant.
public struct MembershipView: Sendable {
    public var myself: NodeName
    public var addresses: [Endpoint]
    public var incarnation: Incarnation
    public var info: NodeInfo
    public var members: [Member]
    /// Each peer's clock minus ours, in milliseconds, from its last direct message.
    public var skew: [NodeName: Int64]
    public var now: Instant
    public var localHealth: Int
}
