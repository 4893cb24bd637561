import RacimoCore

/// What `racimo lb list` shows: each service with the real servers of its pools, as the
/// balancer writes it to its status file (JSON) once a second and on every change.
public struct BalancerStatus: Codable, Sendable, Equatable {
    public struct RealServer: Codable, Sendable, Equatable {
        public var name: String
        public var address: String
        /// `ipvsadm -L`'s Forward column: Route, Masq, Tunnel (from the LVS file), or Proxy.
        public var forward: String
        /// The weight in use: 0 while quiesced (LVS `quiescent`) or draining.
        public var weight: Int
        /// up, down, drain, maint.
        public var state: String
        public var activeConnections: Int
        public var inactiveConnections: Int
        public var isFallback: Bool
        /// ipvsadm removes a failed, non-quiescent server from the table; JSON keeps it.
        public var listed: Bool

        public init(name: String, address: String, forward: String, weight: Int, state: String,
                    activeConnections: Int, inactiveConnections: Int, isFallback: Bool = false, listed: Bool = true) {
            self.name = name
            self.address = address
            self.forward = forward
            self.weight = weight
            self.state = state
            self.activeConnections = activeConnections
            self.inactiveConnections = inactiveConnections
            self.isFallback = isFallback
            self.listed = listed
        }
    }

    public struct Service: Codable, Sendable, Equatable {
        public var name: String
        /// TCP or UDP, as ipvsadm prints it (an HTTP service is TCP there).
        public var protocolName: String
        public var mode: String
        public var address: String
        public var scheduler: String
        /// Persistence timeout in seconds, if any (ipvsadm's `persistent N`).
        public var persistentSeconds: Int?
        public var pool: String
        public var servers: [RealServer]

        public init(name: String, protocolName: String, mode: String, address: String, scheduler: String,
                    persistentSeconds: Int?, pool: String, servers: [RealServer]) {
            self.name = name
            self.protocolName = protocolName
            self.mode = mode
            self.address = address
            self.scheduler = scheduler
            self.persistentSeconds = persistentSeconds
            self.pool = pool
            self.servers = servers
        }
    }

    /// Who wrote the file and when (seconds since the epoch), so a reader can tell it is stale.
    public var pid: Int32
    public var writtenAt: Double
    public var services: [Service]

    public init(pid: Int32, writtenAt: Double, services: [Service]) {
        self.pid = pid
        self.writtenAt = writtenAt
        self.services = services
    }
}

extension PoolState {
    /// This pool's rows at `now`.
    public func statusRows(now: Instant) -> [BalancerStatus.RealServer] {
        var rows = scheduler.servers.map { server in
            BalancerStatus.RealServer(
                name: server.id.name, address: endpoint(of: server.id)?.description ?? server.address.description,
                forward: plan.forwardLabel, weight: server.state == .up ? server.weight : 0,
                state: Self.stateName(server.state), activeConnections: server.activeConnections,
                inactiveConnections: accounting.inactiveConnections(server.id, now: now), listed: server.isListed)
        }
        // ldirectord lists its fallback as a real server only while it is in use.
        if let fallback = plan.fallback {
            let inUse = !hasServerUp
            rows.append(BalancerStatus.RealServer(
                name: "fallback", address: fallback.description, forward: plan.forwardLabel, weight: inUse ? 1 : 0,
                state: inUse ? "up" : "standby", activeConnections: fallbackConnections, inactiveConnections: 0,
                isFallback: true, listed: inUse))
        }
        return rows
    }

    static func stateName(_ state: Server.State) -> String {
        switch state {
        case .up: "up"
        case .down: "down"
        case .drain: "drain"
        case .maintenance: "maint"
        }
    }
}
