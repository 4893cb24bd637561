import Balancer
import RacimoCore

/// An HTTP-mode listener that the relay loops serve: routing, one connector per pool, and the
/// service's timeouts, in nanoseconds of the loops' clock.
final class HTTPRelayListener: Sendable {
    let fd: Int32
    /// The port clients reached: a server without a port is connected on it.
    let listenPort: Int
    /// The address clients reach when the bind names one, so a connection needs no
    /// getsockname; nil for a wildcard bind.
    let boundAddress: IPAddress?
    /// One copy per loop: what a request touches is then never shared between threads, so its
    /// reference counts stay in the loop's own cache.
    let routes: [HTTPRoutes]
    let clientTimeout: UInt64?
    /// `timeout server`: while a request waits, a 504; while idle in the pool, a close.
    let serverTimeout: UInt64?
    /// `timeout tunnel`: after a 101, it supersedes both (HAProxy), counting quiet both ways.
    let tunnelTimeout: UInt64?

    init(fd: Int32, service: BalancerPlan.Service, plan: BalancerPlan, runtime: BalancerRuntime, addresses: AddressBook,
         listenPort: Int, boundAddress: IPAddress?, loops: Int) {
        self.fd = fd
        self.listenPort = listenPort
        self.boundAddress = boundAddress
        routes = (0..<loops).map { _ in HTTPRoutes(service: service, plan: plan, runtime: runtime, addresses: addresses) }
        clientTimeout = service.timeouts.client.map(\.relayNanoseconds)
        serverTimeout = service.timeouts.server.map(\.relayNanoseconds)
        tunnelTimeout = service.timeouts.tunnel.map(\.relayNanoseconds)
    }
}

/// Where a listener's requests go: the routing rules and each pool's connector.
final class HTTPRoutes: Sendable {
    let routing: HTTPRouting
    /// Each pool's connector and state, by pool name.
    let pools: [String: PoolRoute]
    /// The pool every request goes to when there are no `use_backend` rules: found without
    /// hashing the name per request.
    let trivialPool: PoolRoute?
    /// Some pool adds `X-Forwarded-For`, so each client connection prepares its line.
    let addsForwardedFor: Bool

    init(service: BalancerPlan.Service, plan: BalancerPlan, runtime: BalancerRuntime, addresses: AddressBook) {
        routing = HTTPRouting(routes: service.routes, defaultPool: service.defaultPool)
        var pools: [String: PoolRoute] = [:]
        for pool in plan.pools {
            guard let slot = runtime.slot(named: pool.name) else { continue }
            let connector = ServerConnector(runtime: runtime, pool: pool, connectTimeout: service.timeouts.connect ?? .seconds(5),
                                            queueTimeout: service.timeouts.queue, addresses: addresses)
            pools[pool.name] = PoolRoute(connector: connector, slot: slot,
                                         forwardedFor: service.forwardedFor || pool.forwardedFor)
        }
        self.pools = pools
        trivialPool = routing.isTrivial ? routing.defaultPool.flatMap { pools[$0] } : nil
        addsForwardedFor = pools.values.contains { $0.forwardedFor }
    }
}

/// Where a request routed to one pool goes: held by reference, one retain per request.
final class PoolRoute: Sendable {
    let connector: ServerConnector
    let slot: PoolSlot
    /// Requests sent to this pool get `X-Forwarded-For` (the service's or the pool's option).
    let forwardedFor: Bool
    let connectTimeout: UInt64
    let turnAround: UInt64
    var name: String { slot.name }

    init(connector: ServerConnector, slot: PoolSlot, forwardedFor: Bool) {
        self.connector = connector
        self.slot = slot
        self.forwardedFor = forwardedFor
        connectTimeout = connector.connectTimeout.relayNanoseconds
        turnAround = connector.turnAround.relayNanoseconds
    }
}

extension Duration {
    /// Whole nanoseconds, negative durations as 0: the relay loops' clock unit.
    var relayNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(seconds, 0)) * 1_000_000_000 + UInt64(max(attoseconds, 0) / 1_000_000_000)
    }
}
