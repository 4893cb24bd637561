/// HAProxy `balance leastconn` (configuration.txt "balance"; `src/lb_fwlc.c`): the server with
/// the fewest connections per unit of weight; "round-robin is performed within groups of
/// servers of the same load". HAProxy re-queues a server behind its equals whenever it takes
/// a connection; here the server picked least recently wins a tie.
public struct HAProxyLeastConn: Scheduler {
    public var servers: [Server]
    /// When each server was last picked (declaration order before the first pick).
    var lastPicked: [Int]
    var clock: Int

    public init(servers: [Server]) {
        self.servers = servers
        lastPicked = Array(servers.indices)
        clock = servers.count
    }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        var best: Int?
        let backups = haproxyUsesBackups
        for i in servers.indices where isHAProxyCandidate(i, backups: backups) {
            guard let b = best else { best = i; continue }
            // a/wa < b/wb without division: a × wb < b × wa.
            let mine = servers[i].activeConnections * servers[b].effectiveWeight
            let theirs = servers[b].activeConnections * servers[i].effectiveWeight
            if mine < theirs || (mine == theirs && lastPicked[i] < lastPicked[b]) { best = i }
        }
        guard let chosen = best else { return nil }
        lastPicked[chosen] = clock
        clock += 1
        return servers[chosen].id
    }
}
