/// Every scheduling algorithm, and the one table of the names configurations use for them
/// (DESIGN.md rule 6).
public enum Algorithm: String, Hashable, Sendable, CaseIterable {
    // IPVS (ipvsadm(8) "-s"; keepalived.conf(5) `lb_algo`; ldirectord(8) `scheduler=`).
    case ipvsRoundRobin, ipvsWeightedRoundRobin, ipvsLeastConnection, ipvsWeightedLeastConnection
    case ipvsShortestExpectedDelay, ipvsNeverQueue, ipvsSourceHashing, ipvsDestinationHashing
    case ipvsLocalityBasedLeastConnection, ipvsLocalityBasedLeastConnectionWithReplication
    // HAProxy (configuration.txt "balance").
    case haproxyRoundRobin, haproxyStaticRoundRobin, haproxyLeastConn, haproxyFirst
    case haproxySource, haproxyRandom

    /// Which configuration language a name comes from.
    public enum Dialect: Hashable, Sendable {
        /// ipvsadm `-s`, keepalived `lb_algo`, ldirectord `scheduler=`: one namespace, the
        /// kernel scheduler module names.
        case ipvs
        /// HAProxy `balance`.
        case haproxy
    }

    /// The names, one row each. IPVS's default is `wlc` (ipvsadm(8)), HAProxy's `roundrobin`.
    static let table: [(Dialect, String, Algorithm)] = [
        (.ipvs, "rr", .ipvsRoundRobin),
        (.ipvs, "wrr", .ipvsWeightedRoundRobin),
        (.ipvs, "lc", .ipvsLeastConnection),
        (.ipvs, "wlc", .ipvsWeightedLeastConnection),
        (.ipvs, "sed", .ipvsShortestExpectedDelay),
        (.ipvs, "nq", .ipvsNeverQueue),
        (.ipvs, "sh", .ipvsSourceHashing),
        (.ipvs, "dh", .ipvsDestinationHashing),
        (.ipvs, "lblc", .ipvsLocalityBasedLeastConnection),
        (.ipvs, "lblcr", .ipvsLocalityBasedLeastConnectionWithReplication),
        (.haproxy, "roundrobin", .haproxyRoundRobin),
        (.haproxy, "static-rr", .haproxyStaticRoundRobin),
        (.haproxy, "leastconn", .haproxyLeastConn),
        (.haproxy, "first", .haproxyFirst),
        (.haproxy, "source", .haproxySource),
        (.haproxy, "random", .haproxyRandom),
    ]

    /// The configuration language this algorithm's name comes from.
    public var dialect: Dialect { Self.table.first { $0.2 == self }!.0 }

    public static func defaultAlgorithm(for dialect: Dialect) -> Algorithm {
        dialect == .ipvs ? .ipvsWeightedLeastConnection : .haproxyRoundRobin
    }

    /// The algorithm a configuration names, or nil for a name this table does not know.
    /// HAProxy's `random(<draws>)` is accepted as `random`; names are case-sensitive, as
    /// both parsers are.
    public init?(named name: String, dialect: Dialect) {
        var name = Substring(name)
        if dialect == .haproxy, name.hasPrefix("random("), name.hasSuffix(")") { name = "random" }
        guard let row = Self.table.first(where: { $0.0 == dialect && $0.1 == name }) else { return nil }
        self = row.2
    }

    /// `dh`, `lblc` and `lblcr` choose by destination (`RequestContext.localityKey`).
    public var usesDestination: Bool {
        self == .ipvsDestinationHashing || self == .ipvsLocalityBasedLeastConnection
            || self == .ipvsLocalityBasedLeastConnectionWithReplication
    }

    /// The name this algorithm goes by in its own dialect.
    public var configurationName: String { Self.table.first { $0.2 == self }!.1 }

    /// A scheduler running this algorithm over `servers`.
    public func makeScheduler(servers: [Server], random: some RandomSource = SystemRandomSource()) -> any Scheduler {
        switch self {
        case .ipvsRoundRobin: IPVSRoundRobin(servers: servers)
        case .ipvsWeightedRoundRobin: IPVSWeightedRoundRobin(servers: servers)
        case .ipvsLeastConnection: IPVSLeastConnection(servers: servers)
        case .ipvsWeightedLeastConnection: IPVSWeightedLeastConnection(servers: servers)
        case .ipvsShortestExpectedDelay: IPVSShortestExpectedDelay(servers: servers)
        case .ipvsNeverQueue: IPVSNeverQueue(servers: servers)
        case .ipvsSourceHashing: IPVSSourceHashing(servers: servers)
        case .ipvsDestinationHashing: IPVSDestinationHashing(servers: servers)
        case .ipvsLocalityBasedLeastConnection: IPVSLocalityBasedLeastConnection(servers: servers)
        case .ipvsLocalityBasedLeastConnectionWithReplication: IPVSLocalityBasedLeastConnectionWithReplication(servers: servers)
        case .haproxyRoundRobin: HAProxyRoundRobin(servers: servers)
        case .haproxyStaticRoundRobin: HAProxyStaticRoundRobin(servers: servers)
        case .haproxyLeastConn: HAProxyLeastConn(servers: servers)
        case .haproxyFirst: HAProxyFirst(servers: servers)
        case .haproxySource: HAProxySource(servers: servers)
        case .haproxyRandom: HAProxyRandom(servers: servers, random: random)
        }
    }
}
