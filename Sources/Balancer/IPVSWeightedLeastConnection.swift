/// IPVS's shared "least overhead per weight" search: `ip_vs_wlc.c`, `ip_vs_sed.c`, `ip_vs_nq.c`
/// all take the first usable destination, then replace it while `loh × w(d) > doh × w(least)`,
/// so ties stay with the earlier destination. Cross-multiplying avoids division.
func ipvsLeastWeighted(_ servers: [Server], overhead: (Server) -> Int, idleWins: Bool = false) -> ServerID? {
    var least: Int?
    for i in servers.indices where servers[i].effectiveWeight > 0 {
        // `nq`: an idle server is taken at once, before any ratio.
        if idleWins && servers[i].activeConnections == 0 { return servers[i].id }
        guard let l = least else { least = i; continue }
        if overhead(servers[l]) * servers[i].effectiveWeight > overhead(servers[i]) * servers[l].effectiveWeight {
            least = i
        }
    }
    return least.map { servers[$0].id }
}

/// IPVS `wlc`, the LVS default (`ip_vs_wlc.c`, ipvsadm(8) "wlc"): least (active × 256 +
/// inactive) / weight.
public struct IPVSWeightedLeastConnection: Scheduler {
    public var servers: [Server]
    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        ipvsLeastWeighted(servers, overhead: \.ipvsOverhead)
    }
}
