import RacimoCore

extension BalancerPlan {
    /// The plan of a haproxy.cfg: each frontend a service, each backend a pool.
    public init(haproxy configuration: HAProxyConfiguration) {
        let pools = configuration.backends.map(Self.pool(haproxy:))
        let services = configuration.frontends.map { frontend in
            Service(
                name: frontend.name,
                mode: frontend.mode == .http ? .http : .tcp,
                binds: frontend.binds.map { Endpoint(host: $0.host.isEmpty ? "0.0.0.0" : $0.host, port: $0.port) },
                defaultPool: frontend.defaultBackend,
                routes: frontend.useBackends.map { Route(pool: $0.backend, condition: $0.condition, acls: frontend.acls) },
                timeouts: Self.timeouts(frontend: frontend.timeouts, backend: frontend.defaultBackend
                    .flatMap(configuration.backend(named:))?.timeouts),
                forwardedFor: frontend.forwardFor,
                location: frontend.location)
        }
        self.init(services: services, pools: pools)
        threads = configuration.threads
    }

    private static func timeouts(frontend: HAProxyConfiguration.Timeouts,
                                 backend: HAProxyConfiguration.Timeouts?) -> Timeouts {
        var timeouts = Timeouts()
        timeouts.connect = backend?.connect ?? frontend.connect ?? .seconds(5)
        timeouts.client = frontend.client
        timeouts.server = backend?.server ?? frontend.server
        timeouts.tunnel = backend?.tunnel ?? frontend.tunnel
        timeouts.queue = backend?.queue ?? frontend.queue ?? timeouts.connect
        timeouts.httpKeepAlive = frontend.httpKeepAlive ?? frontend.httpRequest ?? frontend.client
        return timeouts
    }

    private static func pool(haproxy backend: HAProxyConfiguration.Backend) -> Pool {
        let algorithm: Algorithm = switch backend.balance {
        case .roundrobin: .haproxyRoundRobin
        case .staticRoundRobin: .haproxyStaticRoundRobin
        case .leastconn: .haproxyLeastConn
        case .first: .haproxyFirst
        case .source: .haproxySource
        }
        let servers = backend.servers.map { server in
            var real = RealServer(
                id: ServerID(server.name),
                endpoint: Endpoint(host: server.host, port: server.port ?? 0),
                weight: server.weight, backup: server.backup, maxConnections: server.maxConnections,
                disabled: server.disabled, slowStart: server.slowStart,
                check: server.check ? check(haproxy: backend, server: server) : nil, proxyProtocol: server.proxyProtocol,
                agentPort: server.agentCheck ? server.agentPort : nil, agentInterval: server.agentInter ?? server.inter)
            real.source = server.source
            return real
        }
        var pool = Pool(name: backend.name, algorithm: algorithm, servers: servers, retries: backend.retries,
                        redispatch: backend.redispatch, redispatchInterval: backend.redispatchInterval, forwardLabel: "Proxy", location: backend.location)
        // HAProxy adds X-Forwarded-For when the frontend or the backend serving the request
        // has `option forwardfor`.
        pool.forwardedFor = backend.forwardFor
        pool.source = backend.source
        return pool
    }

    /// HAProxy's check timing (configuration.txt "timeout check"): without `timeout check`,
    /// `inter` bounds the whole check; with it, the connect gets min(`timeout connect`, `inter`)
    /// and the reply `timeout check`.
    private static func check(haproxy backend: HAProxyConfiguration.Backend,
                              server: HAProxyConfiguration.Server) -> HealthCheckPlan {
        let kind: HealthCheckPlan.Kind
        switch backend.healthCheck {
        case .connect, .tcpCheck: kind = .connect
        case .http(let method, let uri, let version, let expect):
            var probe = HealthCheckPlan.HTTPProbe(method: method, path: uri, version: version)
            if let expect {
                probe.negated = expect.negated
                switch expect.kind {
                case .status: probe.statuses = statusRanges(expect.pattern)
                case .rstatus: probe.statuses = []; probe.statusRegex = expect.pattern
                case .string: probe.statuses = []; probe.bodyContains = expect.pattern
                case .rstring: probe.statuses = []; probe.bodyRegex = expect.pattern
                }
            }
            kind = .http(probe)
        }
        let timeout: Duration = if let check = backend.timeouts.check {
            min(backend.timeouts.connect ?? server.inter, server.inter) + check
        } else {
            server.inter
        }
        return HealthCheckPlan(kind: kind, port: server.checkPort, interval: server.inter,
                               fastInterval: server.fastInter, downInterval: server.downInter,
                               timeout: timeout, rise: server.rise, fall: server.fall, initial: .up)
    }

    /// `http-check expect status 200` or, since HAProxy 2.2, `200-399`.
    static func statusRanges(_ pattern: String) -> [ClosedRange<Int>] {
        pattern.split(separator: ",").compactMap { part in
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            switch bounds.count {
            case 1: return bounds[0]...bounds[0]
            case 2 where bounds[0] <= bounds[1]: return bounds[0]...bounds[1]
            default: return nil
            }
        }
    }
}
