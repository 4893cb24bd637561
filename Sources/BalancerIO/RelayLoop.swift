import Balancer
import LinuxSupport
import Logging
import NIOCore
import Synchronization

/// One thread of the TCP- and HTTP-mode data path: an epoll loop that accepts, connects and
/// copies bytes with plain system calls. Going through SwiftNIO's channel pipeline cost more
/// CPU per read and write than the copying itself (2.6 µs of user time per relayed TCP request
/// against HAProxy's 1.9); here a relayed read costs one read(2), one send(2) and a table
/// lookup. Everything but `execute` runs on the loop's own thread.
final class RelayLoop: @unchecked Sendable {
    let index: Int
    let runtime: BalancerRuntime
    let logger: Logger
    /// A SwiftNIO loop for what runs on NIO's timers: the server queue's waits, listener pauses.
    let helper: EventLoop
    let epoll: Epoll
    /// The loops accepted connections are spread over, this one included; set before start.
    var peers: [RelayLoop] = []

    private let tasks = Mutex<[@Sendable () -> Void]>([])

    /// Connections by descriptor (each is there under its client's and its server's).
    var connections: [TCPRelayConnection?] = []
    var listeners: [Int32: ListenerEntry] = [:]
    /// HTTP mode's connections by descriptor, each side in its own table.
    var httpClients: [HTTPClientConnection?] = []
    var httpServers: [HTTPServerConnection?] = []
    /// Keep-alive server connections waiting for a request.
    var idleServers = IdleServerConnections()
    var timers = RelayTimers()
    /// The heap size at which stale timer entries are swept out (see `schedule`).
    private var sweepAt = 4096
    /// Monotonic nanoseconds, read once per wake-up (HAProxy's `now_ms`).
    var now: UInt64 = 0
    private var nextSerial: UInt32 = 0
    /// Where every read lands before it is sent on: one per thread, not per connection.
    let scratch: UnsafeMutableRawPointer
    let scratchSize = 64 * 1024
    private var stopping = false
    var isStopping: Bool { stopping }

    /// A listener this loop accepts for, and where its next connection goes.
    final class ListenerEntry {
        enum Mode {
            case tcp(TCPRelayListener)
            case http(HTTPRelayListener)
        }
        let fd: Int32
        let listenPort: Int
        let mode: Mode
        var next: Int
        var paused = false
        init(fd: Int32, listenPort: Int, mode: Mode, next: Int) {
            self.fd = fd
            self.listenPort = listenPort
            self.mode = mode
            self.next = next
        }
    }

    init(index: Int, runtime: BalancerRuntime, helper: EventLoop, logger: Logger) throws {
        self.index = index
        self.runtime = runtime
        self.helper = helper
        self.logger = logger
        epoll = try Epoll(capacity: 256)
        scratch = .allocate(byteCount: scratchSize, alignment: 16)
    }

    deinit { scratch.deallocate() }

    /// Runs `task` on this loop's thread, from any thread.
    func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        epoll.wake()
    }

    /// The loop; returns once `stop()` ran, every connection and listener closed.
    func run() {
        now = NIODeadline.now().uptimeNanoseconds
        while !stopping {
            let count = epoll.wait(milliseconds: timers.waitMilliseconds(now: now))
            now = NIODeadline.now().uptimeNanoseconds
            for i in 0..<count { dispatch(epoll.token(at: i), epoll.readiness(at: i)) }
            while let entry = timers.popDue(now: now) { timerFired(entry) }
        }
        closeListeners()
        for case let connection? in connections where !connection.closed { close(connection) }
        closeHTTPConnections()
        // What was handed over meanwhile: a connection taken from a listener is closed.
        for task in takeTasks() { task() }
        peers = []
    }

    /// Stops accepting: the first step of a shutdown, done on every loop before any stops, so
    /// that no loop hands a connection to one that has stopped.
    func closeListeners() {
        for fd in listeners.keys {
            epoll.remove(fd)
            StreamSocket.close(fd)
        }
        listeners = [:]
    }

    /// Makes `run` return (from any thread).
    func stop() {
        execute { [self] in stopping = true }
    }

    private func takeTasks() -> [@Sendable () -> Void] {
        tasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
    }

    @inline(__always)
    private func dispatch(_ token: UInt64, _ ready: Epoll.Readiness) {
        if token == Epoll.wakeToken {
            epoll.drainWakes()
            for task in takeTasks() { task() }
            return
        }
        let low = UInt32(truncatingIfNeeded: token)
        let serial = UInt32(truncatingIfNeeded: token >> 32)
        if serial == 0 { return acceptConnections(Int32(bitPattern: low)) }
        if low & Self.tags != 0 { return httpEvent(low, serial, ready) }
        let fd = Int32(bitPattern: low)
        guard Int(fd) < connections.count, let connection = connections[Int(fd)], connection.serial == serial
        else { return }
        connection.lastActive = now
        if fd == connection.client {
            serve(connection, ready, client: true)
        } else if connection.connecting {
            connectionAnswered(connection)
        } else {
            serve(connection, ready, client: false)
        }
    }

    /// One side's descriptor is ready: read from it if it is read, write what waits for it.
    /// A hang-up or error is passed to whichever is watched, whose system call then says what
    /// happened (the end of the data, or the error).
    @inline(__always)
    private func serve(_ connection: TCPRelayConnection, _ ready: Epoll.Readiness, client: Bool) {
        let watch = client ? connection.clientWatch : connection.serverWatch
        if watch.isEmpty { return parked(connection, ready, client: client) }
        if watch.contains(.readable), !ready.isDisjoint(with: [.readable, .hangUp, .error]) {
            relay(connection, fromClient: client)
            if connection.closed { return }
        }
        if watch.contains(.writable), !ready.isDisjoint(with: [.writable, .hangUp, .error]) {
            flush(connection, toClient: client)
        }
    }

    /// An error or hang-up on a side watched for nothing. An error (a reset) ends the
    /// connection. A hang-up is also how a socket reports that both its directions are done,
    /// which can be normal with bytes still unread behind a slow partner: it leaves the set
    /// (else it would be reported at every wait) until there is something to watch again.
    private func parked(_ connection: TCPRelayConnection, _ ready: Epoll.Readiness, client: Bool) {
        if ready.contains(.error) { return close(connection) }
        guard ready.contains(.hangUp) else { return }
        epoll.remove(client ? connection.client : connection.server)
        if client { connection.clientRegistered = false } else { connection.serverRegistered = false }
    }

    /// A new serial, never 0 (listeners' tokens have serial 0).
    func makeSerial() -> UInt32 {
        nextSerial &+= 1
        if nextSerial == 0 { nextSerial = 1 }
        return nextSerial
    }

    func store(_ connection: TCPRelayConnection?, at fd: Int32) {
        let index = Int(fd)
        if index >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: max(index + 1 - connections.count, connections.count)))
        }
        connections[index] = connection
    }

    /// Makes sure the connection's timer fires no later than `due` (an entry already due
    /// sooner is enough: when it fires, the deadline is looked at again).
    func arm(_ connection: TCPRelayConnection, at due: UInt64) {
        if let armed = connection.armedDue, armed <= due { return }
        connection.armedDue = due
        schedule(.init(due: due, fd: connection.client, serial: connection.serial))
    }

    /// Adds a timer entry. Entries are never cancelled, so a connection that closes or moves
    /// its deadline leaves one behind until it is due (`timeout client` later: at 20,000 short
    /// connections a second, 600,000 of them); when the heap has doubled since it was last
    /// swept, entries that no longer match their connection's armed time are dropped.
    func schedule(_ entry: RelayTimers.Entry) {
        timers.schedule(entry)
        guard timers.count > sweepAt else { return }
        timers.removeAll { !isArmed($0) }
        sweepAt = max(4096, 2 * timers.count)
    }

    /// The entry is its connection's earliest armed one (the one that will act when due).
    private func isArmed(_ entry: RelayTimers.Entry) -> Bool {
        let tagged = UInt32(bitPattern: entry.fd)
        if tagged & Self.tags != 0 {
            let fd = Int32(bitPattern: tagged & ~Self.tags)
            if tagged & Self.clientTag != 0 { return httpClient(fd, entry.serial)?.armedDue == entry.due }
            return httpServer(fd, entry.serial)?.armedDue == entry.due
        }
        guard Int(entry.fd) < connections.count, let connection = connections[Int(entry.fd)] else { return false }
        return connection.serial == entry.serial && connection.client == entry.fd && connection.armedDue == entry.due
    }

    private func timerFired(_ entry: RelayTimers.Entry) {
        if UInt32(bitPattern: entry.fd) & Self.tags != 0 { return httpTimerFired(entry) }
        guard Int(entry.fd) < connections.count, let connection = connections[Int(entry.fd)],
              connection.serial == entry.serial, connection.client == entry.fd, connection.armedDue == entry.due
        else { return }
        connection.armedDue = nil
        if connection.retryAt > 0 {
            retryIfDue(connection)
        } else if connection.connecting {
            if now >= connection.connectDeadline { return connectFailed(connection, timedOut: true) }
            arm(connection, at: connection.connectDeadline)
        } else if connection.server >= 0, let timeout = connection.listener.idleTimeout {
            let due = connection.lastActive + timeout
            if now >= due { return close(connection) }
            arm(connection, at: due)
        }
    }
}
