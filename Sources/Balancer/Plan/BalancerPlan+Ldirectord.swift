import RacimoCore

extension BalancerPlan {
    /// The plan of an ldirectord.cf: each `virtual=` a service with a pool of the same name.
    ///
    /// ldirectord's counting applies: `failurecount` failures (default 1) take a server out,
    /// one pass brings it back. Retries go to another server, since an LVS director never let
    /// a client see one real server refuse it while others were up.
    public init(ldirectord configuration: LdirectordConfiguration) {
        var services: [Service] = []
        var pools: [Pool] = []
        for virtual in configuration.virtualServices {
            let name = virtual.endpoint.description
            let servers = virtual.reals.map { real in
                // `checktype=off`: ldirectord holds every server down.
                RealServer(id: ServerID(real.endpoint.description), endpoint: real.endpoint, weight: real.weight,
                           disabled: virtual.checkType == .off, check: Self.check(ldirectord: virtual, real: real))
            }
            let prefix = virtual.persistenceNetmask.map(Self.prefixLength(ofNetmask:)) ?? 32
            pools.append(Pool(
                name: name, algorithm: Algorithm(named: virtual.scheduler.rawValue, dialect: .ipvs) ?? .ipvsWeightedRoundRobin,
                servers: servers, fallback: virtual.timing.fallback?.endpoint, quiescent: virtual.timing.quiescent,
                persistence: virtual.persistence, persistenceIPv4Prefix: prefix, retries: 3, redispatch: true,
                forwardLabel: Self.forwardLabel(virtual.reals.first?.method ?? .gate), location: virtual.location))
            var timeouts = Timeouts()
            timeouts.connect = virtual.timing.checkTimeout
            services.append(Service(name: name, mode: virtual.isUDP ? .udp : .tcp, binds: [virtual.endpoint],
                                    defaultPool: name, timeouts: timeouts, location: virtual.location))
        }
        self.init(services: services, pools: pools)
    }

    /// ipvsadm's Forward column for each method (`ipvsadm -L`: Masq, Route, Tunnel).
    static func forwardLabel(_ method: LdirectordConfiguration.ForwardingMethod) -> String {
        switch method {
        case .gate: "Route"
        case .masq: "Masq"
        case .ipip: "Tunnel"
        }
    }

    static func prefixLength(ofNetmask mask: IPAddress) -> Int {
        mask.bytes.reduce(0) { $0 + $1.nonzeroBitCount }
    }

    private static func check(ldirectord virtual: LdirectordConfiguration.VirtualService,
                              real: LdirectordConfiguration.RealServer) -> HealthCheckPlan? {
        let timing = virtual.timing
        let kind: HealthCheckPlan.Kind
        var timeout = timing.checkTimeout
        switch virtual.checkType {
        case .on, .off: return nil
        case .connect: kind = .connect
        case .external(let command): kind = .external(command: command, dynamicWeight: false)
        case .negotiate:
            timeout = timing.negotiateTimeout
            switch virtual.service {
            case .http:
                var path = real.request ?? virtual.request
                if !path.hasPrefix("/") { path = "/" + path }
                // ldirectord's check_http: LWP's is_success (2xx), then the content must match
                // `receive` as a Perl regular expression.
                kind = .http(HealthCheckPlan.HTTPProbe(
                    method: virtual.httpMethod, path: path, host: virtual.virtualHost, version: "HTTP/1.0",
                    statuses: [200...299], bodyRegex: real.receive ?? virtual.receive))
            case .none, .other: kind = .connect
            }
        }
        return HealthCheckPlan(kind: kind, port: virtual.checkPort, interval: timing.checkInterval, timeout: timeout,
                               rise: 1, fall: timing.failureCount, initial: .fullyUp)
    }
}
