import Hummingbird
import Membership
import MembershipIO
import RacimoCore

/// `GET /v1/nodes`: every node this one knows, itself first, as `racimo nodes` shows them.
public struct NodesReport: ResponseCodable, Equatable {
    public var nodes: [NodeReport]

    public init(_ view: MembershipView) {
        var nodes = [NodeReport(
            name: view.myself.rawValue, addresses: view.addresses.map(\.description), state: "alive", incarnation: view.incarnation.rawValue,
            info: view.info, skewMs: 0, links: view.addresses.map { _ in true }, ageMs: 0, isSelf: true)]
        for member in view.members {
            let age = member.infoReceivedAt.map { view.now - $0 }
            nodes.append(NodeReport(
                name: member.name.rawValue, addresses: member.addresses.map(\.description), state: member.status.description,
                incarnation: member.incarnation.rawValue, info: member.info, skewMs: view.skew[member.name],
                links: member.linksUp, ageMs: age.map { $0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000 },
                isSelf: false))
        }
        self.nodes = nodes
    }
}

/// One row of `racimo nodes`.
public struct NodeReport: Codable, Equatable, Sendable {
    public var name: String
    public var addresses: [String]
    public var state: String
    public var incarnation: UInt64
    public var load: Double?
    public var loadAverage: Double?
    public var cpus: Int?
    public var speed: Int?
    public var memoryFree: UInt64?
    public var memoryTotal: UInt64?
    public var utilization: Double?
    public var flags: [String]
    public var version: String?
    /// Its clock minus ours, from its last direct message; nil when not heard directly.
    public var skewMs: Int64?
    /// Per address: up when the last probe over that link was answered.
    public var links: [Bool]
    /// How long ago its load vector arrived.
    public var ageMs: Int64?
    public var isSelf: Bool

    init(name: String, addresses: [String], state: String, incarnation: UInt64, info: NodeInfo?, skewMs: Int64?, links: [Bool], ageMs: Int64?, isSelf: Bool) {
        self.name = name
        self.addresses = addresses
        self.state = state
        self.incarnation = incarnation
        self.load = info?.runQueueLoad
        self.loadAverage = info?.loadAverage
        self.cpus = info?.cpus
        self.speed = info?.speed
        self.memoryFree = info?.memoryFree
        self.memoryTotal = info?.memoryTotal
        self.utilization = info?.cpuUtilization
        self.flags = info?.flags.names ?? []
        self.version = info?.softwareVersion
        self.skewMs = skewMs
        self.links = links
        self.ageMs = ageMs
        self.isSelf = isSelf
    }
}
