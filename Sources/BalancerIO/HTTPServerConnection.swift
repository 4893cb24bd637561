import Balancer
import LinuxSupport
import RacimoCore

/// A connection to a server in HTTP mode: serving one client's request, or idle in its
/// loop's pool until the next request of any client. Only its loop's thread touches it.
final class HTTPServerConnection {
    enum Phase {
        case head
        case length(Int)
        case chunked(ChunkedBodyScanner)
        case untilClose
        /// After `101 Switching Protocols`: bytes both ways, no more HTTP.
        case tunnel
    }

    let serial: UInt32
    let fd: Int32
    /// The server as connected, with the port a port-less server was reached on: the key of
    /// the idle pool, which every listener on the loop shares.
    let endpoint: Endpoint
    /// `timeout server` of the listener whose request it serves (or last served), nanoseconds.
    var timeout: UInt64?

    /// The client being served; nil while idle.
    var exchange: HTTPClientConnection?
    var phase = Phase.head
    /// A response head that has not all arrived.
    var head = ByteQueue()
    /// Bytes for the server that its socket has not taken yet.
    var output = ByteQueue()
    var connecting = false
    var connectDeadline: UInt64 = 0
    var requestWasHEAD = false
    var keepAlive = false
    /// Bytes of the current response went on to the client.
    var responseStarted = false
    /// The current response is small (see `RelayLoop.holdBelow`): what has come of it
    /// waits for the rest.
    var holdsPartial = false
    /// Sent a PROXY protocol header naming one client: never reused for another.
    var isPrivate = false
    var isIdle = false
    var closed = false
    /// The tunnel's client sent its FIN: it goes on once `output` is sent.
    var outputEnded = false
    var lastActive: UInt64
    var armedDue: UInt64?
    var watching: Epoll.Interest = []
    var registered = false

    init(serial: UInt32, fd: Int32, endpoint: Endpoint, timeout: UInt64?, now: UInt64) {
        self.serial = serial
        self.fd = fd
        self.endpoint = endpoint
        self.timeout = timeout
        lastActive = now
    }

    deinit {
        head.release()
        output.release()
    }

    /// `timeout server`, or the client's listener's `timeout tunnel` after a 101.
    var currentTimeout: UInt64? {
        guard case .tunnel = phase, let tunnel = exchange?.listener.tunnelTimeout else { return timeout }
        return tunnel
    }

    /// Starts serving `client`'s request.
    func begin(_ client: HTTPClientConnection, now: UInt64) {
        exchange = client
        isIdle = false
        phase = .head
        holdsPartial = false
        head.clear()
        requestWasHEAD = client.isHEAD
        responseStarted = false
        timeout = client.listener.serverTimeout
        lastActive = now
    }

    /// What the descriptor should be watched for now. An idle connection is read, to hear
    /// its close; a busy one only while its client takes what it is sent.
    var wants: Epoll.Interest {
        if connecting { return .writable }
        var interest: Epoll.Interest = []
        if !output.isEmpty { interest.insert(.writable) }
        if let client = exchange {
            if client.output.isEmpty || client.holding { interest.insert(.readable) }
        } else {
            interest.insert(.readable)
        }
        return interest
    }
}

/// Keep-alive connections to servers, waiting for the next request of any client on the same
/// loop (as HAProxy's `http-reuse safe`: a connection is reused only between requests, and a
/// client's first request takes one only when it can be sent again, having no body). Most
/// recently used first, so a burst reuses warm connections and the rest time out.
struct IdleServerConnections {
    static let limitPerServer = 256
    /// A list per server, searched in order: a proxy talks to a handful of servers, and
    /// comparing a few short names costs less than hashing one twice per request.
    private var byServer: [(server: Endpoint, connections: [HTTPServerConnection])] = []

    mutating func take(_ server: Endpoint) -> HTTPServerConnection? {
        guard let i = byServer.firstIndex(where: { $0.server == server }) else { return nil }
        while let connection = byServer[i].connections.popLast() {
            if !connection.closed { return connection }
        }
        return nil
    }

    /// Whether it was taken (false: the server has enough waiting already).
    mutating func put(_ connection: HTTPServerConnection) -> Bool {
        guard let i = byServer.firstIndex(where: { $0.server == connection.endpoint }) else {
            byServer.append((connection.endpoint, [connection]))
            return true
        }
        guard byServer[i].connections.count < Self.limitPerServer else { return false }
        byServer[i].connections.append(connection)
        return true
    }

    mutating func remove(_ connection: HTTPServerConnection) {
        guard let i = byServer.firstIndex(where: { $0.server == connection.endpoint }) else { return }
        byServer[i].connections.removeAll { $0 === connection }
    }

    mutating func removeAll() -> [HTTPServerConnection] {
        defer { byServer = [] }
        return byServer.flatMap(\.connections)
    }
}
