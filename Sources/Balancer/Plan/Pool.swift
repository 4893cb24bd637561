import RacimoCore

extension BalancerPlan {
    /// A set of real servers and how to choose among them (HAProxy's backend, an LVS virtual
    /// service's real servers).
    public struct Pool: Sendable, Equatable {
        public var name: String
        public var algorithm: Algorithm
        public var servers: [RealServer]
        /// ldirectord `fallback`, keepalived `sorry_server`: used while no real server is up.
        public var fallback: Endpoint?
        /// LVS quiescent: a failed server stays listed with weight 0 instead of being removed.
        public var quiescent: Bool
        /// LVS `-p`: a client keeps its server this long after its last connection.
        public var persistence: Duration?
        /// Persistence granularity for IPv4 clients as a prefix length (ipvsadm `-M`).
        public var persistenceIPv4Prefix: Int
        /// HAProxy `retries`: connection attempts after the first one fails.
        public var retries: Int
        /// HAProxy `option redispatch`: retries may go to another server (`redispatches`).
        /// Racimo also does this, on every retry, when the file is an LVS one, since a
        /// director never showed refused connections.
        public var redispatch: Bool
        /// HAProxy `option redispatch <interval>`: which retries go elsewhere when the rule
        /// for round robin does not already send them (`redispatches`). 1: every retry; -1,
        /// HAProxy's default: the last.
        public var redispatchInterval: Int
        /// How `ipvsadm -L` would have shown the forwarding: Masq, Route, Tunnel, or Proxy.
        public var forwardLabel: String
        /// Where connections to the servers come from (HAProxy `source`); nil: the kernel's
        /// choice of the director's own address.
        public var source: SourceBinding?
        /// HAProxy `option forwardfor` in the backend: its requests get `X-Forwarded-For`
        /// even when the service does not add it.
        public var forwardedFor = false
        public var location: SourceLocation?

        public init(name: String, algorithm: Algorithm, servers: [RealServer], fallback: Endpoint? = nil,
                    quiescent: Bool = false, persistence: Duration? = nil, persistenceIPv4Prefix: Int = 32,
                    retries: Int = 3, redispatch: Bool = true, redispatchInterval: Int = 1, forwardLabel: String = "Proxy",
                    location: SourceLocation? = nil) {
            self.name = name
            self.algorithm = algorithm
            self.servers = servers
            self.fallback = fallback
            self.quiescent = quiescent
            self.persistence = persistence
            self.persistenceIPv4Prefix = persistenceIPv4Prefix
            self.retries = retries
            self.redispatch = redispatch
            self.redispatchInterval = redispatchInterval
            self.forwardLabel = forwardLabel
            self.location = location
        }
    }

    /// One real server of a pool.
    public struct RealServer: Sendable, Equatable {
        public var id: ServerID
        /// Port 0: the port the client connected to (HAProxy's server without a port).
        public var endpoint: Endpoint
        public var weight: Int
        public var backup: Bool
        public var maxConnections: Int?
        /// Starts in maintenance (HAProxy `disabled`).
        public var disabled: Bool
        public var slowStart: Duration?
        /// nil: never checked, always up.
        public var check: HealthCheckPlan?
        /// PROXY protocol version (1 or 2) sent first on each connection, so the server learns
        /// the client's address; nil sends none.
        public var proxyProtocol: Int?
        /// HAProxy's agent-check: the port of the server's agent (nil: none) and how often to
        /// ask it (`agent-inter`, default `inter`).
        public var agentPort: Int?
        public var agentInterval: Duration?
        /// Where connections to this server come from (HAProxy `source` on the server line);
        /// nil: the pool's.
        public var source: SourceBinding?

        public init(id: ServerID, endpoint: Endpoint, weight: Int = 1, backup: Bool = false, maxConnections: Int? = nil,
                    disabled: Bool = false, slowStart: Duration? = nil, check: HealthCheckPlan? = nil,
                    proxyProtocol: Int? = nil, agentPort: Int? = nil, agentInterval: Duration? = nil) {
            self.id = id
            self.endpoint = endpoint
            self.weight = weight
            self.backup = backup
            self.maxConnections = maxConnections
            self.disabled = disabled
            self.slowStart = slowStart
            self.check = check
            self.proxyProtocol = proxyProtocol
            self.agentPort = agentPort
            self.agentInterval = agentInterval
        }
    }
}
