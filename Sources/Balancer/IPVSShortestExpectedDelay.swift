/// IPVS `sed` (`ip_vs_sed.c`, ipvsadm(8) "sed"): least (active + 1) / weight; inactive
/// connections do not count.
public struct IPVSShortestExpectedDelay: Scheduler {
    public var servers: [Server]
    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        ipvsLeastWeighted(servers) { $0.activeConnections + 1 }
    }
}
