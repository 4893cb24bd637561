import Balancer
import Glibc
import LinuxSupport
import NIOCore
import RacimoCore

/// What the relay loops need to open the server side of a proxied connection: the pool's
/// choice for each attempt (on a refusal or timeout the loop tries again, HAProxy `retries`,
/// on another server when the pool redispatches, so a client never sees one dying server while
/// others are up), the wait before a retry, the address, and the PROXY header.
struct ServerConnector: Sendable {
    let runtime: BalancerRuntime
    let pool: BalancerPlan.Pool
    let connectTimeout: Duration
    /// How long a connection waits for a server slot when every server is at `maxconn`.
    let queueTimeout: Duration
    let addresses: AddressBook
    /// The servers that want a PROXY protocol header, and its version.
    private let proxyVersions: [ServerID: Int]
    /// The servers with a `source` of their own.
    private let sources: [ServerID: SourceBinding]
    /// Some connection of this pool is bound to a chosen address (`sources`, `pool.source`).
    private let bindsSource: Bool

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
        sources = Dictionary(uniqueKeysWithValues: pool.servers.compactMap { server in
            server.source.map { (server.id, $0) }
        })
        bindsSource = pool.source != nil || !sources.isEmpty
    }

    /// Starts a connection to `address` for `choice` (see `StreamSocket.connect`), from the
    /// address the server's or the pool's `source` names for this client, if any.
    func connect(to address: SocketAddress, for choice: PoolState.Choice, client: IPAddress,
                 clientPort: Int) -> (fd: Int32, errno: Int32) {
        let id: ServerID? = if case .server(let id, _) = choice { id } else { nil }
        guard bindsSource, let source = id.flatMap({ sources[$0] }) ?? pool.source else {
            return address.withSockAddr { StreamSocket.connect(to: $0, length: $1) }
        }
        // A client reached on an IPv6 wildcard listener from IPv4 has a v4-mapped address
        // (::ffff:a.b.c.d); an IPv4 server needs it as the IPv4 address it is.
        let peer = address.protocol == .inet ? client.unmappedIPv4 ?? client : client
        let (ip, port) = source.bindAddress(client: peer, clientPort: clientPort)
        let any = address.protocol == .inet6 ? "::" : "0.0.0.0"
        guard let local = try? SocketAddress(ipAddress: ip?.description ?? any, port: port) else { return (-1, EINVAL) }
        return address.withSockAddr { destination, length in
            local.withSockAddr { from, fromLength in
                StreamSocket.connect(to: destination, length: length, from: from, sourceLength: fromLength,
                                     transparent: source.isTransparent, anyPort: port == 0)
            }
        }
    }

    /// The PROXY protocol header's bytes for `choice`, or nil when that server wants none.
    func proxyHeader(for choice: PoolState.Choice, client: IPAddress, clientPort: Int, local: IPAddress,
                     localPort: Int) -> [UInt8]? {
        guard case .server(let id, _) = choice, let version = proxyVersions[id] else { return nil }
        return version == 2
            ? ProxyProtocolHeader.v2(source: client, sourcePort: clientPort, destination: local, destinationPort: localPort)
            : ProxyProtocolHeader.v1(source: client, sourcePort: clientPort, destination: local, destinationPort: localPort)
    }

    /// The server for the next attempt: `sameAs` again when given (a retry that does not
    /// redispatch), unless the pool redispatches and that server went down meanwhile; else the
    /// pool's pick among those not tried yet.
    func nextChoice(sameAs previous: PoolState.Choice?, excluding: Set<ServerID>, client: IPAddress,
                    destination: IPAddress?, hostKey: String? = nil) -> PoolState.Choice? {
        if let previous {
            guard pool.redispatch, case .server(let id, _) = previous, !runtime.isRunning(pool: pool.name, server: id)
            else { return previous }
        }
        return runtime.choose(pool: pool.name, client: client, destination: destination, hostKey: hostKey,
                              excluding: excluding)
    }

    /// How retry number `retry` after `failed` goes: elsewhere or to the same server, and
    /// whether after the turn-around (`PoolState.retry`).
    func retry(_ retry: Int, after failed: PoolState.Choice?, timedOut: Bool) -> (elsewhere: Bool, wait: Bool) {
        guard case .server(let id, _)? = failed else { return (false, !timedOut) }
        return runtime.retry(pool: pool.name, retry, after: id, timedOut: timedOut)
    }

    /// HAProxy's turn-around before a retry, min(`timeout connect`, 1 s), so that a server
    /// that is restarting is not asked again at once (see `retry`).
    var turnAround: Duration { min(connectTimeout, .seconds(1)) }
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
