/// IPVS `nq` (`ip_vs_nq.c`, ipvsadm(8) "nq"): the first idle server (no active connection) if
/// any, otherwise as `sed`.
public struct IPVSNeverQueue: Scheduler {
    public var servers: [Server]
    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        ipvsLeastWeighted(servers, overhead: { $0.activeConnections + 1 }, idleWins: true)
    }
}
