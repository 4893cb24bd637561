/// HAProxy `balance roundrobin` (configuration.txt "balance": "each server is used in turns,
/// according to their weights … dynamic, which means that server weights may be adjusted on
/// the fly"), as smooth weighted round-robin: each pick adds every usable server's weight to
/// its score, takes the highest (first declared on a tie) and takes the total off it. Weights
/// 4, 3, 2 give A B C A B A C B A: the heaviest server is never sent long bursts.
///
/// This is not the tree walk of `src/lb_fwrr.c`; it keeps its properties (dynamic weights,
/// spread-out turns, O(servers) rather than O(total weight) memory) in a form a test can state.
public struct HAProxyRoundRobin: Scheduler {
    public var servers: [Server]
    /// Each server's running score, indexed like `servers`.
    var score: [Int]

    public init(servers: [Server]) {
        self.servers = servers
        score = Array(repeating: 0, count: servers.count)
    }

    /// A weight or state change resets the scores, so the new weights apply from the next pick.
    public mutating func serversChanged() { score = Array(repeating: 0, count: servers.count) }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        let backups = haproxyUsesBackups
        var total = 0
        var best: Int?
        for i in servers.indices where isHAProxyCandidate(i, backups: backups) {
            let weight = servers[i].effectiveWeight
            total += weight
            score[i] += weight
            if best == nil || score[i] > score[best!] { best = i }
        }
        guard let best else { return nil }
        score[best] -= total
        return servers[best].id
    }
}
