import RacimoCore

/// One node as this node sees it.
public struct Member: Hashable, Sendable {
    public var name: NodeName
    /// Its addresses, one per link (Heartbeat's several media), in the order it announced them.
    public var addresses: [Endpoint]
    public var status: MemberStatus
    public var incarnation: Incarnation
    /// The freshest load vector heard, directly or forwarded.
    public var info: NodeInfo?
    /// When `info` arrived here.
    public var infoReceivedAt: Instant?
    /// Per address: whether the last probe sent over that link was answered.
    public var linksUp: [Bool]
    /// When `status` last changed.
    public var statusSince: Instant

    /// Where to send to it: the first address whose link answered the last probe, else the first.
    public var address: Endpoint? {
        addresses.indices.first { linksUp.indices.contains($0) && linksUp[$0] }.map { addresses[$0] } ?? addresses.first
    }

    public init(name: NodeName, addresses: [Endpoint], status: MemberStatus, incarnation: Incarnation, since: Instant) {
        self.name = name
        self.addresses = addresses
        self.status = status
        self.incarnation = incarnation
        self.info = nil
        self.infoReceivedAt = nil
        self.linksUp = Array(repeating: true, count: addresses.count)
        self.statusSince = since
    }
}

/// A change in what this node believes about a member, with the reason, for logs and the
/// roles that react to membership (VRRP, the balancer, the negotiator).
public struct MemberChange: Hashable, Sendable, CustomStringConvertible {
    public var name: NodeName
    public var from: MemberStatus?
    public var to: MemberStatus
    public var incarnation: Incarnation
    public var reason: String

    public init(name: NodeName, from: MemberStatus?, to: MemberStatus, incarnation: Incarnation, reason: String) {
        self.name = name
        self.from = from
        self.to = to
        self.incarnation = incarnation
        self.reason = reason
    }

    public var description: String {
        "\(name): \(from.map(\.description) ?? "new") -> \(to) (incarnation \(incarnation)): \(reason)"
    }
}
