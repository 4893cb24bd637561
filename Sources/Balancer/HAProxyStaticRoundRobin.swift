/// HAProxy `balance static-rr` (configuration.txt "balance"; `map_get_server_rr` in
/// `src/lb_map.c`): walks the server map in order. Weights are the configured ones: "changing a
/// server's weight on the fly will have no effect", but UP/DOWN rebuilds the map.
public struct HAProxyStaticRoundRobin: Scheduler {
    public var servers: [Server]
    let configuredWeights: [Int]
    var map: HAProxyServerMap
    /// `lbprm.map.rr_idx`: the next slot.
    var next = 0

    public init(servers: [Server]) {
        self.servers = servers
        configuredWeights = servers.map(\.weight)
        map = HAProxyServerMap(candidates: [], weights: [])
        serversChanged()
    }

    public mutating func serversChanged() {
        // Usability from state; weights from configuration, so only UP/DOWN/DRAIN move it.
        let usable = servers.indices.filter { servers[$0].state == .up && configuredWeights[$0] > 0 }
        let active = usable.filter { !servers[$0].isBackup }
        map = HAProxyServerMap(candidates: active.isEmpty ? usable : active, weights: configuredWeights)
    }

    /// Skips servers at `maxconn`, as `map_get_server_rr` does, for at most one lap.
    public mutating func pick(for request: RequestContext) -> ServerID? {
        let slots = map.slots
        guard !slots.isEmpty else { return nil }
        if next >= slots.count { next = 0 }
        for step in 0..<slots.count {
            let slot = (next + step) % slots.count
            let server = servers[slots[slot]]
            if let limit = server.maxConnections, server.activeConnections >= limit { continue }
            next = slot + 1
            return server.id
        }
        return nil
    }
}
