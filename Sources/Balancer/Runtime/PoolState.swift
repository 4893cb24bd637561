import RacimoCore

/// One pool at run time: its scheduler, each server's health counter, IPVS-style connection
/// accounting and persistence templates. Pure: the data path and the checkers call it with
/// the time (DESIGN.md rule 3), under one lock held by the I/O layer.
public struct PoolState: Sendable {
    /// Where a new connection goes.
    public enum Choice: Hashable, Sendable {
        case server(ServerID, Endpoint)
        /// No real server can take it: the fallback (sorry) server.
        case fallback(Endpoint)
    }

    public let plan: BalancerPlan.Pool
    public private(set) var scheduler: any Scheduler
    public private(set) var health: [ServerID: HealthCounter]
    public private(set) var accounting = ConnectionAccounting()
    public private(set) var persistence: PersistenceTable?
    /// Connections currently open to the fallback server.
    public private(set) var fallbackConnections = 0
    /// Servers ramping up after a recovery (HAProxy `slowstart`), and since when.
    public private(set) var recovering: [ServerID: Instant] = [:]
    private let endpoints: [ServerID: Endpoint]

    /// `addresses` gives each server's resolved address (names are resolved by the I/O layer).
    public init(plan: BalancerPlan.Pool, addresses: [ServerID: IPAddress] = [:]) {
        self.plan = plan
        let servers = plan.servers.map { real in
            Server(real.id, address: addresses[real.id] ?? IPAddress(parsing: real.endpoint.host) ?? IPAddress(ipv4: 0),
                   weight: real.weight, state: real.disabled ? .maintenance : .up, isBackup: real.backup,
                   maxConnections: real.maxConnections)
        }
        scheduler = plan.algorithm.makeScheduler(servers: servers)
        health = Dictionary(uniqueKeysWithValues: plan.servers.compactMap { real in
            real.check.map { (real.id, HealthCounter(rise: $0.rise, fall: $0.fall, initial: $0.initial)) }
        })
        endpoints = Dictionary(uniqueKeysWithValues: plan.servers.map { ($0.id, $0.endpoint) })
        persistence = plan.persistence.map { PersistenceTable(timeout: $0, ipv4PrefixLength: plan.persistenceIPv4Prefix) }
        // A server that starts down (HealthCounter `.down`/`.fullyDown`) waits for its checks.
        for (id, counter) in health where !counter.isUp { scheduler.setState(downState, of: id) }
    }

    private var downState: Server.State { plan.quiescent ? .drain : .down }

    public func endpoint(of id: ServerID) -> Endpoint? { endpoints[id] }

    /// Whether picks and closes read `now`: persistence templates and lblcr's server sets age
    /// with it; every other pool can be given any time.
    public var readsClock: Bool {
        plan.persistence != nil || plan.algorithm == .ipvsLocalityBasedLeastConnectionWithReplication
    }

    /// The server for a new connection, skipping `excluding` (servers that just refused it) and
    /// servers at their `maxconn`; the fallback when no real server can take it; nil when
    /// there is no fallback either.
    public mutating func choose(for request: RequestContext, excluding: Set<ServerID> = []) -> Choice? {
        if excluding.isEmpty, var table = persistence {
            defer { persistence = table }
            if let id = table.pick(for: request, now: request.now, using: &scheduler), isAvailable(id) {
                return .server(id, endpoints[id]!)
            }
        }
        if let id = pick(for: request, excluding: excluding) { return .server(id, endpoints[id]!) }
        if !excluding.isEmpty, let id = pick(for: request, avoiding: excluding) { return .server(id, endpoints[id]!) }
        return plan.fallback.map(Choice.fallback)
    }

    private mutating func pick(for request: RequestContext, excluding: Set<ServerID>) -> ServerID? {
        // Rotating schedulers move on at each pick, and within one turn of the wheel (as many
        // picks as the weights add up to) every server that can take the connection comes
        // round; hashing, `first` and least-connection ones give the same answer every time.
        // The bound is worked out only once a pick has been turned down.
        var tries = 0, bound: Int?
        while let id = scheduler.pick(for: request) {
            if !excluding.contains(id), isAvailable(id) { return id }
            tries += 1
            let limit = bound ?? scheduler.servers.count
                + (plan.algorithm.isRoundRobinKind ? min(10_000, scheduler.servers.reduce(0) { $0 + $1.effectiveWeight }) : 0)
            bound = limit
            if tries > limit { break }
        }
        return nil
    }

    /// A retry's pick when the scheduler keeps naming servers that just refused (hashing,
    /// `first` and least-connection schedulers do, since nothing changed for them): a copy of
    /// the scheduler is asked with those servers down, as HAProxy's `srvtoavoid` chooses for
    /// `first` and `leastconn`; the pool's own scheduler stays as it was. A backup is not
    /// taken while an active server is up, and `balance source` hashes to the same server
    /// whatever it avoids, as HAProxy's map-based hash does: then nil, and the caller tries
    /// the server it meant to avoid again.
    private func pick(for request: RequestContext, avoiding: Set<ServerID>) -> ServerID? {
        guard plan.algorithm != .haproxySource else { return nil }
        var copy = scheduler
        for id in avoiding where copy.server(id)?.state == .up { copy.setState(.down, of: id) }
        let activeUp = scheduler.servers.contains { !$0.isBackup && $0.effectiveWeight > 0 }
        for _ in 0...copy.servers.count {
            guard let id = copy.pick(for: request) else { break }
            guard !avoiding.contains(id), isAvailable(id) else { continue }
            return activeUp && copy.server(id)?.isBackup == true ? nil : id
        }
        return nil
    }

    /// Whether server `id` is up and not ramping up after a recovery: HAProxy's RUNNING, the
    /// state in which a retry may wait for it rather than go elsewhere.
    public func isRunning(_ id: ServerID) -> Bool {
        scheduler.server(id)?.state == .up && recovering[id] == nil
    }

    private func isAvailable(_ id: ServerID) -> Bool {
        guard let server = scheduler.server(id) else { return false }
        if let limit = server.maxConnections, server.activeConnections >= limit { return false }
        return true
    }

    /// Servers are up but every one is at its `maxconn`: a new connection waits in the queue
    /// (HAProxy's backend queue) rather than being refused.
    public var isSaturated: Bool {
        let usable = scheduler.servers.filter { $0.effectiveWeight > 0 }
        return !usable.isEmpty && usable.allSatisfy { server in
            server.maxConnections.map { server.activeConnections >= $0 } ?? false
        }
    }

    /// Whether any real server could take a connection now (for HTTP checks of the pool).
    public var hasServerUp: Bool { scheduler.servers.contains { $0.effectiveWeight > 0 } }

    /// Whether retry number `retry` after `failed` refused goes to another server
    /// (`BalancerPlan.Pool.redispatches`, counting the active servers that are up as HAProxy's
    /// `srv_act` does).
    public func redispatches(retry: Int, after failed: ServerID) -> Bool {
        plan.redispatches(retry: retry, serverUp: isRunning(failed), serversUp: activeServersUp)
    }

    /// A round-robin pool with more than one active server up, where any other server will
    /// do: HAProxy's case for a retry that goes elsewhere at once, without the turn-around.
    /// An LVS pool (any IPVS scheduler) always retries elsewhere at once: a director never
    /// showed its clients a refused connection to wait on.
    public var anyServerWillDo: Bool {
        (plan.algorithm.isRoundRobinKind || plan.algorithm.dialect == .ipvs) && activeServersUp > 1
    }

    private var activeServersUp: Int { scheduler.servers.count { !$0.isBackup && $0.effectiveWeight > 0 } }

    /// How retry number `retry` after `failed` goes, as HAProxy 2.6's sess_update_st_cer has
    /// it: to another server or the same one (`redispatches`, only with `option redispatch`),
    /// and whether it first waits the turn-around. After a refusal it waits, unless it goes
    /// elsewhere where any other server will do (`anyServerWillDo`); after a connect timeout,
    /// which has waited long enough already, it never does.
    public func retry(_ retry: Int, after failed: ServerID, timedOut: Bool) -> (elsewhere: Bool, wait: Bool) {
        let elsewhere = plan.redispatch && redispatches(retry: retry, after: failed)
        return (elsewhere, !timedOut && !(elsewhere && anyServerWillDo))
    }

    public mutating func opened(_ choice: Choice) {
        switch choice {
        case .server(let id, _):
            scheduler.connectionOpened(id)
            accounting.opened(id)
        case .fallback: fallbackConnections += 1
        }
    }

    /// A connection (or, with `lingers` false, an HTTP request) ended. Only connections
    /// linger as InActConn for TIME_WAIT, as IPVS counts them; requests on a kept-alive
    /// connection would fill that table with 120 s of traffic.
    public mutating func closed(_ choice: Choice, client: IPAddress, now: Instant, lingers: Bool = true) {
        switch choice {
        case .server(let id, _):
            scheduler.connectionClosed(id)
            if lingers {
                accounting.closed(id, now: now)
            } else {
                scheduler.connectionExpired(id)
                accounting.finished(id)
            }
            persistence?.connectionEnded(client: client, now: now)
        case .fallback: fallbackConnections = max(0, fallbackConnections - 1)
        }
    }

    /// Ages InActConn and persistence templates and ramps slow-starting servers; call about
    /// once a second.
    public mutating func tick(now: Instant) {
        for id in accounting.expire(now: now) { scheduler.connectionExpired(id) }
        persistence?.expire(now: now)
        rampWeights(now: now)
    }

    /// Each recovering server's weight grows linearly from 1 to its configured weight over
    /// `slowstart` (HAProxy: "the server's weight is progressively increased").
    private mutating func rampWeights(now: Instant) {
        for (id, since) in recovering {
            guard let real = plan.servers.first(where: { $0.id == id }), let ramp = real.slowStart else { continue }
            let elapsed = now - since
            if elapsed >= ramp || scheduler.server(id)?.state != .up {
                recovering[id] = nil
                scheduler.weightChanged(id, to: real.weight)
                continue
            }
            let share = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let total = Double(ramp.components.seconds) + Double(ramp.components.attoseconds) / 1e18
            scheduler.weightChanged(id, to: max(1, Int((Double(real.weight) * share / total).rounded(.up))))
        }
    }

    /// Counts one check result; returns the transition it caused, if any. `weight` is a new
    /// weight reported by the check (keepalived `misc_dynamic`, HAProxy agent), if any.
    @discardableResult
    public mutating func recordCheck(_ id: ServerID, passed: Bool, weight: Int? = nil, now: Instant = .zero)
        -> HealthCounter.Transition?
    {
        guard var counter = health[id] else { return nil }
        let transition = counter.record(passed: passed)
        health[id] = counter
        if let weight { scheduler.weightChanged(id, to: weight) }
        guard scheduler.server(id)?.state != .maintenance else { return transition }
        switch transition {
        case .wentUp:
            guard !agentDown.contains(id) else { return transition }
            scheduler.setState(.up, of: id)
            // HAProxy's slowstart: a recovered server starts at a small share of its weight
            // (never at process start, only after it was down).
            if plan.servers.first(where: { $0.id == id })?.slowStart != nil {
                recovering[id] = now
                rampWeights(now: now)
            }
        case .wentDown: scheduler.setState(downState, of: id)
        case nil: break
        }
        return transition
    }

    /// Servers their agent declared down (`down`, `fail`, `stopped`), held out until it says `up`.
    public private(set) var agentDown: Set<ServerID> = []

    /// Applies what a server's agent said. A weight share is of the configured weight, at most
    /// 256 as in HAProxy; `drain`/`maint`/`ready` set the administrative state; `down` holds
    /// the server out whatever its health checks say, until `up`.
    public mutating func applyAgent(_ id: ServerID, _ reply: AgentReply) {
        guard let real = plan.servers.first(where: { $0.id == id }) else { return }
        if let percent = reply.weightPercent {
            scheduler.weightChanged(id, to: min(256, real.weight * percent / 100))
        }
        let healthy = health[id]?.isUp ?? true
        switch reply.state {
        case .down?:
            agentDown.insert(id)
            scheduler.setState(downState, of: id)
        case .up?:
            agentDown.remove(id)
            if healthy, scheduler.server(id)?.state != .maintenance { scheduler.setState(.up, of: id) }
        case .drain?: scheduler.setState(.drain, of: id)
        case .maintenance?: scheduler.setState(.maintenance, of: id)
        case .ready?:
            if healthy && !agentDown.contains(id) { scheduler.setState(.up, of: id) } else { scheduler.setState(downState, of: id) }
        case nil: break
        }
    }

    /// HAProxy's `disabled`/`enable server`, and the admin API's drain.
    public mutating func setAdministrativeState(_ state: Server.State, of id: ServerID) {
        scheduler.setState(state, of: id)
    }
}
