import Balancer
import Foundation
import LinuxSupport
import Logging
import RacimoCore
import Synchronization

/// The pools' state shared by every event loop and checker: one lock around the pure
/// `PoolState`s. Picks and counts are a few hundred nanoseconds, so one lock is enough on the
/// machines Racimo targets; it is never held across I/O.
public final class BalancerRuntime: Sendable {
    public let plan: BalancerPlan
    let logger: Logger
    private let pools: AdaptiveMutex<[String: PoolState]>
    private let origin = ContinuousClock.now
    /// Connections waiting for a server slot (`maxconn`).
    let queue = ServerQueue()
    /// Set when a server goes up or down, so the status file is rewritten at once.
    private let changed = Atomic<Bool>(false)

    public init(plan: BalancerPlan, addresses: [String: [ServerID: IPAddress]] = [:], logger: Logger) {
        self.plan = plan
        self.logger = logger
        pools = AdaptiveMutex(Dictionary(uniqueKeysWithValues: plan.pools.map {
            ($0.name, PoolState(plan: $0, addresses: addresses[$0.name] ?? [:]))
        }))
    }

    /// Monotonic time since start, the clock the pure state runs on.
    public var now: Instant { Instant(ContinuousClock.now - origin) }

    public func choose(pool: String, client: IPAddress, destination: IPAddress?, hostKey: String? = nil,
                       excluding: Set<ServerID> = []) -> PoolState.Choice? {
        let request = RequestContext(client: client, destination: destination, hostKey: hostKey, now: now)
        return pools.withLock { $0[pool]?.choose(for: request, excluding: excluding) }
    }

    /// `choose` and `opened` under one lock: the HTTP path's pick for an idle connection.
    public func chooseAndOpen(pool: String, client: IPAddress, destination: IPAddress? = nil,
                              hostKey: String? = nil) -> PoolState.Choice? {
        let request = RequestContext(client: client, destination: destination, hostKey: hostKey, now: now)
        return pools.withLock { pools -> PoolState.Choice? in
            guard let choice = pools[pool]?.choose(for: request) else { return nil }
            pools[pool]!.opened(choice)
            return choice
        }
    }

    /// Every server of `pool` that is up is at its `maxconn`.
    public func isSaturated(pool: String) -> Bool { pools.withLock { $0[pool]?.isSaturated ?? false } }

    public func opened(pool: String, _ choice: PoolState.Choice) {
        pools.withLock { $0[pool]?.opened(choice) }
    }

    public func closed(pool: String, _ choice: PoolState.Choice, client: IPAddress, lingers: Bool = true) {
        let now = self.now
        pools.withLock { $0[pool]?.closed(choice, client: client, now: now, lingers: lingers) }
        queue.slotFreed(pool: pool)
    }

    /// Applies one check result to every pool that holds the server; logs transitions.
    public func recordCheck(_ subscribers: [(pool: String, server: ServerID)], passed: Bool, weight: Int? = nil,
                            detail: String) -> HealthCounter? {
        var counter: HealthCounter?
        var transitions: [(String, ServerID, HealthCounter.Transition)] = []
        let now = self.now
        pools.withLock { pools in
            for (pool, server) in subscribers {
                if let t = pools[pool]?.recordCheck(server, passed: passed, weight: weight, now: now) {
                    transitions.append((pool, server, t))
                }
                counter = counter ?? pools[pool]?.health[server]
            }
        }
        for (pool, server, transition) in transitions {
            let endpoint = plan.pool(named: pool)?.servers.first { $0.id == server }?.endpoint.description ?? ""
            logger.notice("server \(transition == .wentUp ? "up" : "down")",
                          metadata: ["pool": "\(pool)", "server": "\(server)", "address": "\(endpoint)", "check": "\(detail)"])
            changed.store(true, ordering: .relaxed)
        }
        return counter
    }

    /// Applies an agent's reply to every pool that holds the server; logs what changed.
    public func applyAgent(_ subscribers: [(pool: String, server: ServerID)], _ reply: AgentReply) {
        var changes: [(String, ServerID, String, String)] = []
        pools.withLock { pools in
            for (pool, server) in subscribers {
                let before = pools[pool]?.scheduler.server(server)
                pools[pool]?.applyAgent(server, reply)
                let after = pools[pool]?.scheduler.server(server)
                if let before, let after, before.state != after.state || before.weight != after.weight {
                    changes.append((pool, server, "\(before.state) weight \(before.weight)", "\(after.state) weight \(after.weight)"))
                }
            }
        }
        for (pool, server, before, after) in changes {
            logger.notice("agent changed server", metadata: [
                "pool": "\(pool)", "server": "\(server)", "from": "\(before)", "to": "\(after)",
                "reason": "\(reply.reason ?? "")",
            ])
            changed.store(true, ordering: .relaxed)
        }
    }

    /// Ages InActConn and persistence; the status writer calls it each second.
    public func tick() {
        let now = self.now
        pools.withLock { pools in
            for name in pools.keys { pools[name]!.tick(now: now) }
        }
    }

    public var hasChanged: Bool { changed.exchange(false, ordering: .relaxed) }

    public func status() -> BalancerStatus {
        let now = self.now
        let rows = pools.withLock { pools in pools.mapValues { $0.statusRows(now: now) } }
        var services: [BalancerStatus.Service] = []
        for service in plan.services {
            // Each pool once, in the order the service names them (default first).
            var poolNames: [String] = []
            for name in [service.defaultPool].compactMap({ $0 }) + service.routes.map(\.pool) where !poolNames.contains(name) {
                poolNames.append(name)
            }
            for bind in service.binds {
                for name in poolNames {
                    guard let pool = plan.pool(named: name) else { continue }
                    services.append(BalancerStatus.Service(
                        name: service.name, protocolName: service.mode == .udp ? "UDP" : "TCP", mode: service.mode.rawValue,
                        address: bind.description, scheduler: pool.algorithm.configurationName,
                        persistentSeconds: pool.persistence.map { Int($0.components.seconds) }, pool: name,
                        servers: rows[name] ?? []))
                }
            }
        }
        return BalancerStatus(pid: getpid(), writtenAt: Date().timeIntervalSince1970, services: services)
    }
}
