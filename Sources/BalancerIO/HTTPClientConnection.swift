import Balancer
import LinuxSupport
import NIOCore
import RacimoCore

/// One client connection of an HTTP-mode listener, as the relay loop that owns it keeps it.
/// One request at a time: pipelined requests wait in `inbound`, as HTTP/1.1 answers in order.
/// Only that loop's thread touches it.
final class HTTPClientConnection {
    enum Phase {
        case waitingHead
        /// Choosing or connecting a server; client bytes wait in `inbound`.
        case connecting
        /// The request body is still arriving.
        case sendingBody
        /// The request is sent; the response is on its way.
        case awaitingResponse
        /// After `101 Switching Protocols`.
        case tunnel
        /// What is queued for the client goes, then `draining`.
        case closing
        /// Our FIN went: what the client still sends is read and dropped until it closes, for
        /// at most `drainLimit`. Closing a socket with unread bytes would send a reset, which
        /// can destroy the reply before the client has read it.
        case draining
        case closed
    }

    enum Body {
        case none
        case length(Int)
        case chunked(ChunkedBodyScanner)
    }

    /// How long a closing connection waits for the client's FIN.
    static let drainLimit: UInt64 = 1_000_000_000

    /// Bytes a client may send ahead (pipelining, or while its server is chosen) before
    /// reading from it pauses.
    static let inboundLimit = 64 * 1024

    let serial: UInt32
    let fd: Int32
    let listener: HTTPRelayListener
    let routes: HTTPRoutes
    let address: IPAddress
    let port: Int
    /// What the client connected to, found once when needed.
    var local: (address: IPAddress, port: Int)?
    /// `X-Forwarded-For: <client>`, made for the first request to a pool that adds it.
    var forwardedFor: [UInt8] = []

    var phase = Phase.waitingHead
    var body = Body.none
    /// Client bytes not handled yet.
    var inbound = ByteQueue()
    /// Bytes for the client that its socket has not taken yet (or that wait, `holding`).
    var output = ByteQueue()
    /// `output` waits on purpose: the rest of a small response is on its way.
    var holding = false
    /// When a held response part goes anyway; 0: nothing held.
    var holdUntil: UInt64 = 0
    /// The request head as it goes to the server, kept until the response starts, to send it
    /// once more on a fresh connection when a reused one turns out to have been closed.
    var sentHead = ByteQueue(keepsStorage: true)

    /// The server connection of the current request (connecting, or attached).
    var server: HTTPServerConnection?
    /// The pool of the current request, the server chosen in it, and whether that choice is
    /// counted open (from the pick or the connection, to the response's end).
    var pool: PoolRoute?
    var choice: PoolState.Choice?
    var counted = false
    /// The request's Host when the pool's scheduler keys on the destination (dh, lblc, lblcr).
    var hostKey: String?
    var keepAlive = true
    var inputClosed = false
    /// Requests begun on this connection.
    var requestsStarted = 0
    var sentOnReused = false
    var isHEAD = false
    /// The request had a body: it cannot be sent again on another connection.
    var requestHadBody = false
    /// When this request's wait for a server slot ends, however often it is woken.
    var queueDeadline: NIODeadline?
    /// Connection attempt, from 1, and the servers tried (`retries`, `redispatch`).
    var attempt = 1
    var tried: Set<ServerID> = []
    /// When the next attempt may go (the turn-around); 0: none waits. It goes to another
    /// server when `retryElsewhere`, else to the same one.
    var retryAt: UInt64 = 0
    var retryElsewhere = false
    /// When a draining connection closes anyway.
    var drainUntil: UInt64 = 0

    /// Reads from the client and writes to it, for `timeout client`.
    var lastActive: UInt64
    /// When this connection's earliest timer entry is due (see `TCPRelayConnection`).
    var armedDue: UInt64?
    var watching: Epoll.Interest = []
    var registered = false
    /// A send to the client failed: the connection closes once the current event is handled.
    var broken = false

    init(serial: UInt32, fd: Int32, listener: HTTPRelayListener, routes: HTTPRoutes, address: IPAddress, port: Int,
         now: UInt64) {
        self.serial = serial
        self.fd = fd
        self.listener = listener
        self.routes = routes
        self.address = address
        self.port = port
        lastActive = now
    }

    deinit {
        inbound.release()
        output.release()
        sentHead.release()
    }

    var isClosed: Bool { if case .closed = phase { true } else { false } }

    var bodyDone: Bool { if case .none = body { true } else { false } }

    /// `timeout client`, or `timeout tunnel` once the connection is one.
    var timeout: UInt64? {
        if case .tunnel = phase { return listener.tunnelTimeout ?? listener.clientTimeout }
        return listener.clientTimeout
    }

    /// What the client's descriptor should be watched for now.
    var wants: Epoll.Interest {
        var interest: Epoll.Interest = []
        if !output.isEmpty && !holding { interest.insert(.writable) }
        guard !inputClosed else { return interest }
        switch phase {
        case .waitingHead:
            interest.insert(.readable)
        case .connecting, .awaitingResponse:
            if inbound.count <= Self.inboundLimit { interest.insert(.readable) }
        case .sendingBody, .tunnel:
            // The body goes as fast as the server takes it.
            if let server, !server.connecting, server.output.isEmpty { interest.insert(.readable) }
        case .draining:
            interest.insert(.readable)
        case .closing, .closed:
            break
        }
        return interest
    }
}
