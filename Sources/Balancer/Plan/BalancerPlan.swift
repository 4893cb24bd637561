import RacimoCore

/// What the balancer runs, whichever file it came from (haproxy.cfg, ldirectord.cf, keepalived
/// `virtual_server` blocks, racimo.toml): listeners, pools of real servers and their checks.
/// The readers keep each dialect's words; this is the one model the data path and `racimo lb
/// list` use (DESIGN.md: one model per concept).
public struct BalancerPlan: Sendable, Equatable {
    /// How a listener handles its traffic.
    public enum Mode: String, Sendable, Equatable {
        /// Bytes both ways (HAProxy `mode tcp`, every LVS TCP service).
        case tcp
        /// HTTP/1.1 requests, each routed and balanced (HAProxy `mode http`).
        case http
        /// Datagram flows per client, replies relayed back (LVS UDP services).
        case udp
    }

    /// Client-side and server-side time limits (HAProxy's `timeout *`); nil waits forever.
    public struct Timeouts: Sendable, Equatable {
        public var connect: Duration? = .seconds(5)
        public var client: Duration?
        public var server: Duration?
        /// How long a request may wait for a server slot (`maxconn`) before a 503.
        public var queue: Duration?
        /// HAProxy `timeout tunnel`: once a TCP-mode connection reaches its server, how long
        /// it may stay quiet both ways; it supersedes `client` then (an SSH farm sets it long).
        public var tunnel: Duration?
        /// How long an idle keep-alive client connection stays open between requests.
        public var httpKeepAlive: Duration?
        /// How long a UDP flow lives without traffic (IPVS's UDP timeout is 300 s).
        public var udpIdle: Duration = .seconds(300)
        public init() {}

        /// How long a connected TCP-mode connection may stay quiet both ways: `tunnel`, else
        /// the shorter of `client` and `server`, since HAProxy ends an idle session when
        /// either side's inactivity timeout runs out; nil: never.
        public var tcpIdle: Duration? {
            if let tunnel { return tunnel }
            return [client, server].compactMap { $0 }.min()
        }
    }

    /// One listener: where clients connect and which pool serves them.
    public struct Service: Sendable, Equatable {
        public var name: String
        public var mode: Mode
        public var binds: [Endpoint]
        /// The pool used when no route matches (HAProxy `default_backend`).
        public var defaultPool: String?
        /// HTTP routing, first match wins (HAProxy `use_backend ... if ...`).
        public var routes: [Route]
        public var timeouts: Timeouts
        /// Add `X-Forwarded-For` to HTTP requests (HAProxy `option forwardfor`); on by default
        /// because a proxy hides the client's address, which LVS did not. A haproxy.cfg sets
        /// it as HAProxy does: only with `option forwardfor` in the frontend (or in the backend
        /// a request goes to, `Pool.forwardedFor`).
        public var forwardedFor: Bool
        public var location: SourceLocation?

        public init(name: String, mode: Mode, binds: [Endpoint], defaultPool: String?, routes: [Route] = [],
                    timeouts: Timeouts = Timeouts(), forwardedFor: Bool = true, location: SourceLocation? = nil) {
            self.name = name
            self.mode = mode
            self.binds = binds
            self.defaultPool = defaultPool
            self.routes = routes
            self.timeouts = timeouts
            self.forwardedFor = forwardedFor
            self.location = location
        }
    }

    /// `use_backend POOL if|unless CONDITION`, with the frontend's ACLs resolved.
    public struct Route: Sendable, Equatable {
        public var pool: String
        public var condition: HAProxyConfiguration.Condition
        public var acls: [String: [HAProxyConfiguration.ACLTest]]
        public init(pool: String, condition: HAProxyConfiguration.Condition, acls: [String: [HAProxyConfiguration.ACLTest]]) {
            self.pool = pool
            self.condition = condition
            self.acls = acls
        }
    }

    public var services: [Service]
    public var pools: [Pool]
    /// The proxy threads the file asks for (HAProxy `nbthread`); nil: one per CPU. The
    /// command line's `--threads` wins.
    public var threads: Int?

    public init(services: [Service] = [], pools: [Pool] = []) {
        self.services = services
        self.pools = pools
    }

    public func pool(named name: String) -> Pool? { pools.first { $0.name == name } }
}
