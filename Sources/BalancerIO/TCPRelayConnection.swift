import Balancer
import LinuxSupport
import NIOCore
import RacimoCore

/// A TCP-mode listener that the relay loops serve: what each connection it accepts needs.
final class TCPRelayListener: Sendable {
    let fd: Int32
    let connector: ServerConnector
    let slot: PoolSlot
    /// The port clients reached: a server without a port is connected on it.
    let listenPort: Int
    /// The address clients reach when the bind names one, so a connection needs no
    /// getsockname; nil for a wildcard bind.
    let boundAddress: IPAddress?
    let connectTimeout: UInt64
    let turnAround: UInt64
    /// `BalancerPlan.Timeouts.tcpIdle`, nanoseconds: a connection quiet both ways this long
    /// is closed.
    let idleTimeout: UInt64?

    init(fd: Int32, connector: ServerConnector, slot: PoolSlot, listenPort: Int, boundAddress: IPAddress?,
         idleTimeout: Duration?) {
        self.fd = fd
        self.connector = connector
        self.slot = slot
        self.listenPort = listenPort
        self.boundAddress = boundAddress
        connectTimeout = connector.connectTimeout.relayNanoseconds
        turnAround = connector.turnAround.relayNanoseconds
        self.idleTimeout = idleTimeout.map(\.relayNanoseconds)
    }
}

/// One direction of a relayed connection.
struct RelayFlow {
    /// Bytes read from the source that the target's socket has not taken yet; while there are
    /// any, the source is not read (backpressure: at most one read's worth waits here).
    var pending: UnsafeMutableRawBufferPointer?
    /// How many of `pending` went already.
    var sent = 0
    /// The source sent its FIN.
    var ended = false
    /// The FIN was passed on to the target (after the pending bytes).
    var shut = false
}

/// One client connection of a TCP-mode listener and its server connection, as the relay loop
/// that owns it keeps them. Only that loop's thread touches it.
final class TCPRelayConnection {
    /// Tells this connection from a later one that gets the same descriptor numbers.
    let serial: UInt32
    let client: Int32
    var server: Int32 = -1
    let listener: TCPRelayListener
    let clientAddress: IPAddress
    let clientPort: Int
    /// What the client connected to, found once when needed.
    var local: (address: IPAddress, port: Int)?

    /// The server being connected to or relayed to.
    var choice: PoolState.Choice?
    /// `choice` is counted open in the pool (from connected to closed).
    var counted = false
    var connecting = false
    /// Attempt number, from 1, and the servers tried (HAProxy `retries`, `redispatch`).
    var attempt = 1
    var tried: Set<ServerID> = []
    var queueDeadline: NIODeadline?

    var connectDeadline: UInt64 = 0
    /// When the next attempt may go (HAProxy's turn-around); 0: none waits. It goes to
    /// another server when `retryElsewhere`, else to the same one.
    var retryAt: UInt64 = 0
    var retryElsewhere = false
    /// When either side last had an event, for `timeout client`.
    var lastActive: UInt64
    /// When this connection's earliest timer entry in the heap is due; later entries for it
    /// are stale and ignored.
    var armedDue: UInt64?
    var closed = false

    var toServer = RelayFlow()
    var toClient = RelayFlow()
    /// What each descriptor is watched for.
    var clientWatch: Epoll.Interest = []
    var serverWatch: Epoll.Interest = []
    /// Each descriptor is in the epoll set (with no interest, it still reports an error or
    /// hang-up: a reset of an idle side is noticed).
    var clientRegistered = false
    var serverRegistered = false

    init(serial: UInt32, client: Int32, listener: TCPRelayListener, clientAddress: IPAddress, clientPort: Int,
         now: UInt64) {
        self.serial = serial
        self.client = client
        self.listener = listener
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        lastActive = now
    }

    /// The epoll token of one of this connection's descriptors.
    func token(_ fd: Int32) -> UInt64 { UInt64(serial) << 32 | UInt64(UInt32(bitPattern: fd)) }

    /// What the client's descriptor should be watched for now.
    var clientWants: Epoll.Interest {
        var interest: Epoll.Interest = []
        if server >= 0, !connecting, !toServer.ended, toServer.pending == nil { interest.insert(.readable) }
        if toClient.pending != nil { interest.insert(.writable) }
        return interest
    }

    /// What the server's descriptor should be watched for now.
    var serverWants: Epoll.Interest {
        guard server >= 0 else { return [] }
        if connecting { return .writable }
        var interest: Epoll.Interest = []
        if !toClient.ended, toClient.pending == nil { interest.insert(.readable) }
        if toServer.pending != nil { interest.insert(.writable) }
        return interest
    }

    /// Both FINs went through: nothing more can pass.
    var isFinished: Bool { toServer.shut && toClient.shut }

    func releaseBuffers() {
        toServer.pending?.deallocate()
        toServer.pending = nil
        toClient.pending?.deallocate()
        toClient.pending = nil
    }
}
