import Balancer
import NIOConcurrencyHelpers
import NIOCore
import RacimoCore

/// Everything an HTTP-mode listener's connections share: routing, one connector per pool,
/// and the idle server connections of each event loop.
final class HTTPProxyContext: Sendable {
    let service: BalancerPlan.Service
    let routing: HTTPRouting
    let connectors: [String: ServerConnector]
    let runtime: BalancerRuntime
    let addresses: AddressBook
    let listenPort: Int
    let serverTimeout: Duration?
    let clientTimeout: Duration?
    private let idleByLoop = NIOLockedValueBox<[ObjectIdentifier: IdleServerConnections]>([:])

    init(service: BalancerPlan.Service, plan: BalancerPlan, runtime: BalancerRuntime, addresses: AddressBook,
         listenPort: Int) {
        self.service = service
        routing = HTTPRouting(routes: service.routes, defaultPool: service.defaultPool)
        var connectors: [String: ServerConnector] = [:]
        for pool in plan.pools {
            connectors[pool.name] = ServerConnector(runtime: runtime, pool: pool,
                                                    connectTimeout: service.timeouts.connect ?? .seconds(5),
                                                    queueTimeout: service.timeouts.queue, addresses: addresses)
        }
        self.connectors = connectors
        self.runtime = runtime
        self.addresses = addresses
        self.listenPort = listenPort
        serverTimeout = service.timeouts.server
        clientTimeout = service.timeouts.client
    }

    /// The idle server connections of `loop`: used only on that loop, fetched once per client.
    func idleConnections(on loop: EventLoop) -> IdleServerConnections {
        idleByLoop.withLockedValue { table in
            let key = ObjectIdentifier(loop)
            if let pool = table[key] { return pool }
            let pool = IdleServerConnections()
            table[key] = pool
            return pool
        }
    }
}

/// Keep-alive connections to servers, waiting for the next request of any client on the same
/// event loop (HAProxy's `http-reuse safe`: a connection is reused only between requests).
/// Most recently used first, so a burst reuses warm connections and the rest time out.
final class IdleServerConnections: @unchecked Sendable {
    static let limitPerServer = 256
    private var byServer: [SocketAddress: [HTTPBackendHandler]] = [:]

    func take(_ address: SocketAddress) -> HTTPBackendHandler? {
        while let handler = byServer[address]?.popLast() {
            if handler.isReusable { return handler }
        }
        return nil
    }

    func put(_ handler: HTTPBackendHandler, for address: SocketAddress) {
        // Appended in place, in one lookup: a copy of the list here would cost an allocation
        // per request, and a second lookup another hash of the address.
        guard byServer[address, default: []].append(handler, below: Self.limitPerServer) else { return handler.close() }
    }

    func remove(_ handler: HTTPBackendHandler, for address: SocketAddress) {
        byServer[address]?.removeAll { $0 === handler }
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
