/// HAProxy `balance first` (configuration.txt "balance"): "the first server with available
/// connection slots receives the connection", in declaration order (HAProxy's default ids);
/// a server without `maxconn` never fills, so it takes everything.
public struct HAProxyFirst: Scheduler {
    public var servers: [Server]
    public init(servers: [Server]) { self.servers = servers }

    public mutating func pick(for request: RequestContext) -> ServerID? {
        for i in haproxyCandidates {
            let server = servers[i]
            if let limit = server.maxConnections, server.activeConnections >= limit { continue }
            return server.id
        }
        return nil
    }
}
