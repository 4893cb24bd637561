/// IPVS `lc` (`net/netfilter/ipvs/ip_vs_lc.c`): the destination with the smallest overhead
/// (active × 256 + inactive), weights ignored except that weight 0 is skipped; on a tie the first
/// in list order wins (the comparison is strict).
public struct IPVSLeastConnection: Scheduler {
    public var servers: [Server]
    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        var least: Int?
        for i in servers.indices where servers[i].effectiveWeight > 0 {
            if least == nil || servers[i].ipvsOverhead < servers[least!].ipvsOverhead { least = i }
        }
        return least.map { servers[$0].id }
    }
}
