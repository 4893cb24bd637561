/// IPVS `rr` (`net/netfilter/ipvs/ip_vs_rr.c`, ipvsadm(8) "rr"): the next destination after the
/// last one chosen, skipping any with weight 0; weights otherwise do not matter.
public struct IPVSRoundRobin: Scheduler {
    public var servers: [Server]
    /// The last destination chosen; -1 is the list head, where `ip_vs_rr_init_svc` starts.
    var cursor = -1

    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        let n = servers.count
        guard n > 0 else { return nil }
        // One full lap starting after the cursor; the head itself is not a destination.
        for step in 1...n {
            let i = (cursor + step + n) % n
            if servers[i].effectiveWeight > 0 {
                cursor = i
                return servers[i].id
            }
        }
        return nil
    }
}
