/// HAProxy `balance random(<draws>)` (configuration.txt "balance": "a random number will be used
/// as the key … when <draws> is greater than 1, that many servers are drawn and the least loaded
/// one is used"; default 2, the "power of two choices"). Each draw picks a server with
/// probability proportional to its weight; the one with fewer connections per weight wins, the
/// earlier draw on a tie.
public struct HAProxyRandom<Source: RandomSource>: Scheduler {
    public var servers: [Server]
    public var random: Source
    public let draws: Int

    public init(servers: [Server], draws: Int = 2, random: Source) {
        self.servers = servers
        self.draws = max(1, draws)
        self.random = random
    }

    private mutating func draw(_ candidates: [Int], total: Int) -> Int {
        var r = random.next(below: total)
        for i in candidates {
            if r < servers[i].effectiveWeight { return i }
            r -= servers[i].effectiveWeight
        }
        return candidates[candidates.count - 1]
    }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        let candidates = haproxyCandidates
        let total = candidates.reduce(0) { $0 + servers[$1].effectiveWeight }
        guard total > 0 else { return nil }
        var best = draw(candidates, total: total)
        for _ in 1..<draws {
            let other = draw(candidates, total: total)
            if servers[other].activeConnections * servers[best].effectiveWeight
                < servers[best].activeConnections * servers[other].effectiveWeight { best = other }
        }
        return servers[best].id
    }
}
