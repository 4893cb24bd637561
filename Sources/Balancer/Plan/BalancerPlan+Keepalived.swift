import RacimoCore

extension BalancerPlan {
    /// The plan of keepalived's `virtual_server` blocks: each a layer-4 service (TCP or UDP)
    /// with a pool of the same name, as LVS ran them.
    ///
    /// keepalived's checker counting: a failed check is retried `retry` times,
    /// `delay_before_retry` apart, before the server is taken out; one pass brings it back.
    /// `alpha` starts every server down until its first pass. Where a real server has several
    /// checkers, the first one decides (keepalived requires all of them to pass).
    public init(keepalived configuration: KeepalivedVirtualServers) {
        var services: [Service] = []
        var pools: [Pool] = []
        for virtual in configuration.virtualServers {
            let name = virtual.endpoint.description
            let servers = virtual.realServers.map { real in
                RealServer(id: ServerID(real.endpoint.description), endpoint: real.endpoint, weight: real.weight,
                           check: real.checks.first.map { Self.check(keepalived: $0, virtual: virtual, alpha: virtual.alpha) })
            }
            let prefix = virtual.persistenceGranularity.map(Self.prefixLength(ofNetmask:)) ?? 32
            let label = switch virtual.method {
            case .nat: "Masq"
            case .dr: "Route"
            case .tun: "Tunnel"
            }
            pools.append(Pool(
                name: name, algorithm: Algorithm(named: virtual.algorithm, dialect: .ipvs) ?? .ipvsWeightedLeastConnection,
                servers: servers, fallback: virtual.sorryServer,
                quiescent: virtual.realServers.contains { $0.inhibitOnFailure },
                persistence: virtual.persistenceTimeout, persistenceIPv4Prefix: prefix, retries: 3, redispatch: true,
                forwardLabel: label, location: virtual.location))
            services.append(Service(name: name, mode: virtual.transportProtocol == .udp ? .udp : .tcp,
                                    binds: [virtual.endpoint], defaultPool: name, location: virtual.location))
        }
        self.init(services: services, pools: pools)
    }

    private static func check(keepalived check: KeepalivedVirtualServers.Check,
                              virtual: KeepalivedVirtualServers.VirtualServer, alpha: Bool) -> HealthCheckPlan {
        let kind: HealthCheckPlan.Kind
        let timeout: Duration
        var port: Int?
        switch check.kind {
        case .tcp(let connectTimeout, let checkPort):
            kind = .connect
            timeout = connectTimeout
            port = checkPort
        case .http(_, let connectTimeout, let checkPort, _, true):
            // SSL_GET: a TCP connect until checks speak TLS (the reader warns).
            kind = .connect
            timeout = connectTimeout
            port = checkPort
        case .http(let urls, let connectTimeout, let checkPort, let host, false):
            let url = urls.first
            kind = .http(HealthCheckPlan.HTTPProbe(
                method: "GET", path: url?.path ?? "/", host: url?.virtualHost ?? host ?? virtual.virtualHost,
                version: "HTTP/1.0", statuses: url?.statusCodes ?? [200...299], bodyRegex: url?.regex))
            timeout = connectTimeout
            port = checkPort
        case .misc(let path, let miscTimeout, let dynamic, _):
            kind = .external(command: path, dynamicWeight: dynamic)
            timeout = miscTimeout ?? check.delayLoop
        }
        return HealthCheckPlan(kind: kind, port: port, interval: check.delayLoop, fastInterval: check.delayBeforeRetry,
                               downInterval: check.delayLoop, timeout: timeout, rise: 1, fall: check.retry + 1,
                               initial: alpha ? .down : .fullyUp)
    }
}
