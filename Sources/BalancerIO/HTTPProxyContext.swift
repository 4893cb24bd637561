import Balancer
import NIOCore
import RacimoCore

/// Everything the connections of one HTTP-mode listener on one event loop share: routing, one
/// connector per pool, and the idle server connections.
final class HTTPProxyContext: Sendable {
    let service: BalancerPlan.Service
    let routing: HTTPRouting
    /// Each pool's connector and state, by pool name.
    let pools: [String: PoolRoute]
    /// The pool every request goes to when there are no `use_backend` rules: found without
    /// hashing the name per request.
    let trivialPool: PoolRoute?
    let runtime: BalancerRuntime
    let listenPort: Int
    let serverTimeout: Duration?
    let clientTimeout: Duration?
    /// Idle server connections: a context serves one event loop, and so does this pool.
    let idle = IdleServerConnections()
    /// Some pool adds `X-Forwarded-For`, so each client connection prepares its line.
    let addsForwardedFor: Bool
    /// The blank line that ends a head whose own was cut off, shared by every request.
    let blankLine = ByteBuffer(staticString: "\r\n")

    init(service: BalancerPlan.Service, plan: BalancerPlan, runtime: BalancerRuntime, addresses: AddressBook,
         listenPort: Int) {
        self.service = service
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
        self.runtime = runtime
        self.listenPort = listenPort
        serverTimeout = service.timeouts.server
        clientTimeout = service.timeouts.client
    }
}

/// Where a request routed to one pool goes: held by reference, one retain per request.
final class PoolRoute: Sendable {
    let connector: ServerConnector
    let slot: PoolSlot
    /// Requests sent to this pool get `X-Forwarded-For` (the service's or the pool's option).
    let forwardedFor: Bool
    var name: String { slot.name }

    init(connector: ServerConnector, slot: PoolSlot, forwardedFor: Bool) {
        self.connector = connector
        self.slot = slot
        self.forwardedFor = forwardedFor
    }
}

/// Keep-alive connections to servers, waiting for the next request of any client on the same
/// event loop (HAProxy's `http-reuse safe`: a connection is reused only between requests).
/// Most recently used first, so a burst reuses warm connections and the rest time out.
final class IdleServerConnections: @unchecked Sendable {
    static let limitPerServer = 256
    /// A list per server, searched in order: a proxy talks to a handful of servers, and
    /// comparing a few short names costs less than hashing one twice per request.
    private var byServer: [(server: Endpoint, handlers: [HTTPBackendHandler])] = []

    func take(_ server: Endpoint) -> HTTPBackendHandler? {
        guard let i = byServer.firstIndex(where: { $0.server == server }) else { return nil }
        while let handler = byServer[i].handlers.popLast() {
            if handler.isReusable { return handler }
        }
        return nil
    }

    func put(_ handler: HTTPBackendHandler, for server: Endpoint) {
        guard let i = byServer.firstIndex(where: { $0.server == server }) else {
            return byServer.append((server, [handler]))
        }
        // Appended in place: a copy of the list here would cost an allocation per request.
        guard byServer[i].handlers.append(handler, below: Self.limitPerServer) else { return handler.close() }
    }

    func remove(_ handler: HTTPBackendHandler, for server: Endpoint) {
        guard let i = byServer.firstIndex(where: { $0.server == server }) else { return }
        byServer[i].handlers.removeAll { $0 === handler }
    }
}

extension Array {
    /// Appends `element` unless the array already holds `limit` elements.
    fileprivate mutating func append(_ element: Element, below limit: Int) -> Bool {
        guard count < limit else { return false }
        append(element)
        return true
    }
}
