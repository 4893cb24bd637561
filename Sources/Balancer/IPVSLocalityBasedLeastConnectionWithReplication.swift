import RacimoCore

/// IPVS `lblcr` (`net/netfilter/ipvs/ip_vs_lblcr.c`, pseudo code at the top of the file): each
/// destination address keeps a *set* of servers. The least loaded member (wlc overhead/weight) is
/// used unless it is overloaded (as in `lblc`); then `wlc` over all servers picks one, which joins
/// the set. When the set has more than one member and has not changed for `expiration`
/// (sysctl `lblcr_expiration`, 24 h), its most loaded member is dropped.
public struct IPVSLocalityBasedLeastConnectionWithReplication: Scheduler {
    /// A destination's server set; members are added at the front (`list_add_rcu`).
    public struct ServerSet: Hashable, Sendable {
        public internal(set) var members: [ServerID]
        public internal(set) var lastModified: Instant
    }

    public var servers: [Server]
    public let expiration: Duration
    public private(set) var sets: [IPAddress: ServerSet] = [:]

    public init(servers: [Server], expiration: Duration = .seconds(24 * 60 * 60)) {
        self.servers = servers
        self.expiration = expiration
    }

    /// `ip_vs_dest_set_min`: the first member with weight > 0, replaced while a later one is
    /// strictly less loaded per weight.
    private func leastLoaded(_ members: [ServerID]) -> ServerID? {
        ipvsLeastWeighted(members.compactMap { server($0) }, overhead: \.ipvsOverhead)
    }

    /// `ip_vs_dest_set_max`: the first member with weight > 0, replaced while a later one is
    /// strictly more loaded per weight.
    private func mostLoaded(_ members: [ServerID]) -> ServerID? {
        var most: Server?
        for case let s? in members.map({ server($0) }) where s.effectiveWeight > 0 {
            guard let m = most else { most = s; continue }
            if m.ipvsOverhead * s.effectiveWeight < s.ipvsOverhead * m.effectiveWeight { most = s }
        }
        return most?.id
    }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        guard let destination = request.localityKey else { return nil }
        guard var set = sets[destination] else {
            guard let chosen = ipvsLeastWeighted(servers, overhead: \.ipvsOverhead) else { return nil }
            sets[destination] = ServerSet(members: [chosen], lastModified: request.now)
            return chosen
        }
        let least = leastLoaded(set.members)
        // The set shrinks before the overload test, as the kernel does, and only after
        // `expiration` without change: replication decays slowly.
        if set.members.count > 1, request.now - set.lastModified > expiration, let most = mostLoaded(set.members) {
            set.members.removeAll { $0 == most }
            set.lastModified = request.now
        }
        defer { sets[destination] = set }
        if let least, let s = server(least), !IPVSLocality.isOverloaded(s, among: servers) { return least }
        guard let chosen = ipvsLeastWeighted(servers, overhead: \.ipvsOverhead) else { return nil }
        if !set.members.contains(chosen) {
            set.members.insert(chosen, at: 0)
            set.lastModified = request.now
        }
        return chosen
    }
}
