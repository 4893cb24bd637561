import Balancer
import NIOCore
import NIOPosix
import RacimoCore

/// Opens the server side of a proxied connection: asks the pool for a server, connects, and
/// on a refusal or timeout tries again (HAProxy `retries`), on another server when the pool
/// redispatches, so a client never sees one dying server while others are up.
struct ServerConnector: Sendable {
    let runtime: BalancerRuntime
    let pool: BalancerPlan.Pool
    let connectTimeout: Duration
    /// How long a connection waits for a server slot when every server is at `maxconn`.
    let queueTimeout: Duration
    let addresses: AddressBook
    /// The servers that want a PROXY protocol header, and its version.
    private let proxyVersions: [ServerID: Int]

    init(runtime: BalancerRuntime, pool: BalancerPlan.Pool, connectTimeout: Duration, queueTimeout: Duration? = nil,
         addresses: AddressBook) {
        self.runtime = runtime
        self.pool = pool
        self.connectTimeout = connectTimeout
        self.queueTimeout = queueTimeout ?? connectTimeout
        self.addresses = addresses
        proxyVersions = Dictionary(uniqueKeysWithValues: pool.servers.compactMap { server in
            server.proxyProtocol.map { (server.id, $0) }
        })
    }

    /// The PROXY protocol header to send first to `choice` for a client connection from
    /// `client` to `local`, or nil when that server wants none.
    func proxyHeader(for choice: PoolState.Choice, client: SocketAddress?, local: SocketAddress?,
                     allocator: ByteBufferAllocator) -> ByteBuffer? {
        guard let source = client?.ipAddress.flatMap(IPAddress.init(parsing:)), let sourcePort = client?.port,
              let destination = local?.ipAddress.flatMap(IPAddress.init(parsing:)), let destinationPort = local?.port,
              let bytes = proxyHeader(for: choice, client: source, clientPort: sourcePort, local: destination,
                                      localPort: destinationPort)
        else { return nil }
        return allocator.buffer(bytes: bytes)
    }

    /// The PROXY protocol header's bytes for `choice`, or nil when that server wants none.
    func proxyHeader(for choice: PoolState.Choice, client: IPAddress, clientPort: Int, local: IPAddress,
                     localPort: Int) -> [UInt8]? {
        guard case .server(let id, _) = choice, let version = proxyVersions[id] else { return nil }
        return version == 2
            ? ProxyProtocolHeader.v2(source: client, sourcePort: clientPort, destination: local, destinationPort: localPort)
            : ProxyProtocolHeader.v1(source: client, sourcePort: clientPort, destination: local, destinationPort: localPort)
    }

    /// The server for the next attempt: the one that just failed again unless the pool
    /// redispatches, else the pool's pick among those not tried yet.
    func nextChoice(after previous: PoolState.Choice?, excluding: Set<ServerID>, client: IPAddress,
                    destination: IPAddress?, hostKey: String? = nil) -> PoolState.Choice? {
        if let previous, !pool.redispatch { return previous }
        return runtime.choose(pool: pool.name, client: client, destination: destination, hostKey: hostKey,
                              excluding: excluding)
    }

    /// HAProxy's turn-around before a retry on the same server, min(`timeout connect`, 1 s),
    /// so that a server that is restarting is not asked again at once. A retry on another
    /// server (`redispatch`) goes at once.
    var turnAround: Duration { min(connectTimeout, .seconds(1)) }

    enum Failure: Error {
        /// No server and no fallback.
        case noServer
        /// Every attempt failed; the last error.
        case unreachable(any Error)
    }

    /// Connects for a client that reached `listenPort`; `initializer` sets up the server
    /// channel's pipeline before it is active. The returned choice has been counted open.
    /// With `first`, the first attempt goes there (the caller already chose, to look for an
    /// idle connection to it); with `firstIsOpen`, the caller counted it open already, which
    /// holds its `maxconn` slot while connecting, and a refusal gives the count back.
    func connect(on eventLoop: EventLoop, client: IPAddress, destination: IPAddress?, listenPort: Int,
                 hostKey: String? = nil, first: PoolState.Choice? = nil, firstIsOpen: Bool = false,
                 initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>)
        -> EventLoopFuture<(Channel, PoolState.Choice)>
    {
        let promise = eventLoop.makePromise(of: (Channel, PoolState.Choice).self)
        attempt(1, previous: nil, first: first, firstIsOpen: firstIsOpen, excluding: [], on: eventLoop, client: client, destination: destination,
                listenPort: listenPort, hostKey: hostKey, initializer: initializer, promise: promise)
        return promise.futureResult
    }

    private func attempt(_ n: Int, previous: PoolState.Choice?, first: PoolState.Choice? = nil, firstIsOpen: Bool = false,
                         excluding: Set<ServerID>, queueDeadline: NIODeadline? = nil, on eventLoop: EventLoop,
                         client: IPAddress, destination: IPAddress?, listenPort: Int, hostKey: String?,
                         initializer: @escaping @Sendable (Channel) -> EventLoopFuture<Void>,
                         promise: EventLoopPromise<(Channel, PoolState.Choice)>) {
        let choice: PoolState.Choice?
        if let first {
            choice = first
        } else {
            choice = nextChoice(after: previous, excluding: excluding, client: client, destination: destination,
                                hostKey: hostKey)
        }
        guard let choice else {
            guard runtime.isSaturated(pool: pool.name) else { return promise.fail(Failure.noServer) }
            // Every server is full: wait for a slot, then choose again.
            let deadline = queueDeadline ?? .now() + queueTimeout.timeAmount
            runtime.queue.wait(pool: pool.name, on: eventLoop, until: deadline, wake: {
                attempt(n, previous: nil, excluding: excluding, queueDeadline: deadline, on: eventLoop, client: client,
                        destination: destination, listenPort: listenPort, hostKey: hostKey, initializer: initializer,
                        promise: promise)
            }, expired: { promise.fail(Failure.noServer) })
            return
        }
        let endpoint: Endpoint
        var excluding = excluding
        switch choice {
        case .server(let id, let e): endpoint = e; excluding.insert(id)
        case .fallback(let e): endpoint = e
        }
        let excludingNow = excluding
        let counted = first != nil && firstIsOpen
        let address: SocketAddress
        do {
            address = try addresses.socketAddress(endpoint, listenPort: listenPort)
        } catch {
            return promise.fail(Failure.unreachable(error))
        }
        ClientBootstrap(group: eventLoop)
            .connectTimeout(connectTimeout.timeAmount)
            .channelOption(.allowRemoteHalfClosure, value: true)
            .channelOption(.tcpOption(.tcp_nodelay), value: 1)
            .channelInitializer(initializer)
            .connect(to: address)
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    if !counted { runtime.opened(pool: pool.name, choice) }
                    promise.succeed((channel, choice))
                case .failure(let error):
                    if counted { runtime.closed(pool: pool.name, choice, client: client, lingers: false) }
                    let retriesLeft = n <= pool.retries
                    if retriesLeft, case .server = choice {
                        let retry: @Sendable () -> Void = {
                            attempt(n + 1, previous: choice, excluding: excludingNow, on: eventLoop, client: client,
                                    destination: destination, listenPort: listenPort, hostKey: hostKey,
                                    initializer: initializer, promise: promise)
                        }
                        if pool.redispatch { retry() } else { eventLoop.scheduleTask(in: turnAround.timeAmount, retry) }
                    } else {
                        promise.fail(Failure.unreachable(error))
                    }
                }
            }
    }
}

/// Socket addresses of the configured endpoints, resolved once at start (a proxy must not
/// block an event loop on DNS per connection).
struct AddressBook: Sendable {
    private let resolved: [String: SocketAddress]

    init(endpoints: [Endpoint]) throws {
        var resolved: [String: SocketAddress] = [:]
        for endpoint in endpoints where resolved[endpoint.host] == nil {
            resolved[endpoint.host] = try SocketAddress.makeAddressResolvingHost(endpoint.host, port: 0)
        }
        self.resolved = resolved
    }

    /// Port 0 means the port the client connected to (HAProxy's server without a port).
    func socketAddress(_ endpoint: Endpoint, listenPort: Int) throws -> SocketAddress {
        let port = endpoint.port == 0 ? listenPort : endpoint.port
        guard var address = resolved[endpoint.host] else {
            return try SocketAddress.makeAddressResolvingHost(endpoint.host, port: port)
        }
        address.port = port
        return address
    }

    func ipAddress(_ endpoint: Endpoint) -> IPAddress? {
        resolved[endpoint.host]?.ipAddress.flatMap(IPAddress.init(parsing:))
    }
}
