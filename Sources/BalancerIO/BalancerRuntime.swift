import Balancer
import Foundation
import LinuxSupport
import Logging
import RacimoCore
import Synchronization

/// The pools' state shared by every event loop and checker: each pure `PoolState` behind its
/// own lock in a `PoolSlot`. Picks and counts are a few hundred nanoseconds and no lock is
/// held across I/O. The data path finds a pool's slot once and keeps it: a lookup by name per
/// request (a hash, and a dictionary's in-place modify) was a fifth of the proxy's user time.
public final class BalancerRuntime: Sendable {
    public let plan: BalancerPlan
    let logger: Logger
    private let slots: [String: PoolSlot]
    private let origin = ContinuousClock.now
    /// Connections waiting for a server slot (`maxconn`).
    let queue = ServerQueue()
    /// Set when a server goes up or down, so the status file is rewritten at once.
    private let changed = Atomic<Bool>(false)

    public init(plan: BalancerPlan, addresses: [String: [ServerID: IPAddress]] = [:], logger: Logger) {
        self.plan = plan
        self.logger = logger
        slots = Dictionary(uniqueKeysWithValues: plan.pools.map {
            ($0.name, PoolSlot(PoolState(plan: $0, addresses: addresses[$0.name] ?? [:])))
        })
    }

    /// Monotonic time since start, the clock the pure state runs on.
    public var now: Instant { Instant(ContinuousClock.now - origin) }

    /// The pool called `name`, for callers that keep it.
    public func slot(named name: String) -> PoolSlot? { slots[name] }

    public func choose(pool: String, client: IPAddress, destination: IPAddress?, hostKey: String? = nil,
                       excluding: Set<ServerID> = []) -> PoolState.Choice? {
        guard let slot = slots[pool] else { return nil }
        let request = RequestContext(client: client, destination: destination, hostKey: hostKey, now: now)
        return slot.state.withLock { $0.choose(for: request, excluding: excluding) }
    }

    /// `choose` and `opened` under one lock: the HTTP path's pick for an idle connection.
    public func chooseAndOpen(_ slot: PoolSlot, client: IPAddress, destination: IPAddress? = nil,
                              hostKey: String? = nil) -> PoolState.Choice? {
        // Only persistence and lblcr look at the time; the others skip the clock read.
        let request = RequestContext(client: client, destination: destination, hostKey: hostKey,
                                     now: slot.readsClock ? now : .zero)
        return slot.state.withLock { pool -> PoolState.Choice? in
            guard let choice = pool.choose(for: request) else { return nil }
            pool.opened(choice)
            return choice
        }
    }

    /// How retry number `retry` after `failed` goes (`PoolState.retry`), under one lock.
    public func retry(pool: String, _ retry: Int, after failed: ServerID, timedOut: Bool) -> (elsewhere: Bool, wait: Bool) {
        slots[pool]?.state.withLock { $0.retry(retry, after: failed, timedOut: timedOut) } ?? (false, !timedOut)
    }

    /// Whether `server` of `pool` is up and not ramping up (`PoolState.isRunning`).
    public func isRunning(pool: String, server: ServerID) -> Bool {
        slots[pool]?.state.withLock { $0.isRunning(server) } ?? false
    }

    /// Every server of `pool` that is up is at its `maxconn`.
    public func isSaturated(pool: String) -> Bool { slots[pool]?.state.withLock { $0.isSaturated } ?? false }

    public func opened(pool: String, _ choice: PoolState.Choice) {
        slots[pool]?.state.withLock { $0.opened(choice) }
    }

    public func closed(pool: String, _ choice: PoolState.Choice, client: IPAddress, lingers: Bool = true) {
        guard let slot = slots[pool] else { return }
        closed(slot, choice, client: client, lingers: lingers)
    }

    /// A connection, or with `lingers` false an HTTP request, to `slot`'s pool ended.
    public func closed(_ slot: PoolSlot, _ choice: PoolState.Choice, client: IPAddress, lingers: Bool = true) {
        // The time is for InActConn and persistence; a kept-alive request on a pool without
        // persistence needs neither.
        let now = lingers || slot.readsClock ? self.now : .zero
        slot.state.withLock { $0.closed(choice, client: client, now: now, lingers: lingers) }
        queue.slotFreed(pool: slot.name)
    }

    /// Applies one check result to every pool that holds the server; logs transitions.
    public func recordCheck(_ subscribers: [(pool: String, server: ServerID)], passed: Bool, weight: Int? = nil,
                            detail: String) -> HealthCounter? {
        var counter: HealthCounter?
        var transitions: [(String, ServerID, HealthCounter.Transition)] = []
        let now = self.now
        for (pool, server) in subscribers {
            slots[pool]?.state.withLock { state in
                if let t = state.recordCheck(server, passed: passed, weight: weight, now: now) {
                    transitions.append((pool, server, t))
                }
                counter = counter ?? state.health[server]
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
        for (pool, server) in subscribers {
            slots[pool]?.state.withLock { state in
                let before = state.scheduler.server(server)
                state.applyAgent(server, reply)
                let after = state.scheduler.server(server)
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
        for slot in slots.values { slot.state.withLock { $0.tick(now: now) } }
    }

    public var hasChanged: Bool { changed.exchange(false, ordering: .relaxed) }

    public func status() -> BalancerStatus {
        let now = self.now
        let rows = slots.mapValues { slot in slot.state.withLock { $0.statusRows(now: now) } }
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

/// One pool's state and its lock. The HTTP path holds it per connector, so a request costs
/// no lookup by name.
public final class PoolSlot: Sendable {
    public let name: String
    let state: AdaptiveMutex<PoolState>
    /// Persistence and lblcr read the time; the data path skips the clock for other pools.
    let readsClock: Bool

    init(_ pool: PoolState) {
        name = pool.plan.name
        readsClock = pool.readsClock
        state = AdaptiveMutex(pool)
    }
}
