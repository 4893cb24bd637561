import Balancer
import Glibc
import LinuxSupport
import NIOCore
import RacimoCore

/// Accepting and connecting. As in `ServerConnector`: the pool picks a server, a refusal or
/// `timeout connect` tries again (`retries`; elsewhere with `redispatch`), a pool whose servers
/// are all at `maxconn` queues the client (`timeout queue`), and TCP mode, having no way to say
/// why, closes a client it cannot serve. The client is not read until its server is there.
extension RelayLoop {
    /// Starts accepting `listener`'s connections on this loop; accepted ones are spread over
    /// every loop in turn.
    func listen(_ listener: TCPRelayListener) {
        listen(ListenerEntry(fd: listener.fd, listenPort: listener.listenPort, mode: .tcp(listener), next: index))
    }

    /// The same for an HTTP-mode listener.
    func listen(_ listener: HTTPRelayListener) {
        listen(ListenerEntry(fd: listener.fd, listenPort: listener.listenPort, mode: .http(listener), next: index))
    }

    private func listen(_ entry: ListenerEntry) {
        listeners[entry.fd] = entry
        epoll.add(entry.fd, .readable, token: UInt64(UInt32(bitPattern: entry.fd)))
    }

    func acceptConnections(_ fd: Int32) {
        guard let entry = listeners[fd] else { return }
        // At most 64 per wake-up, as HAProxy's `tune.maxaccept`: the connections already
        // open get their turn.
        for _ in 0..<64 {
            switch StreamSocket.accept(fd) {
            case .accepted(let accepted):
                let target = peers[entry.next % peers.count]
                entry.next &+= 1
                switch entry.mode {
                case .tcp(let listener):
                    if target === self { start(listener, accepted) } else { target.execute { target.start(listener, accepted) } }
                case .http(let listener):
                    if target === self {
                        startHTTP(listener, accepted)
                    } else {
                        target.execute { target.startHTTP(listener, accepted) }
                    }
                }
            case .wouldBlock:
                return
            case .failed(let error) where error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM:
                // Out of descriptors: a level-triggered listener would wake us at once again.
                // Pause it, as HAProxy does, until connections have had time to end.
                return pause(entry)
            case .failed:
                continue  // the client gave up before we took it (ECONNABORTED, EPERM)
            }
        }
    }

    private func pause(_ entry: ListenerEntry) {
        guard !entry.paused else { return }
        entry.paused = true
        epoll.remove(entry.fd)
        logger.warning("out of file descriptors: not accepting for 100 ms", metadata: ["port": "\(entry.listenPort)"])
        let fd = entry.fd
        helper.scheduleTask(in: .milliseconds(100)) {
            self.execute { [self] in
                guard let entry = listeners[fd], entry.paused else { return }
                entry.paused = false
                epoll.add(fd, .readable, token: UInt64(UInt32(bitPattern: fd)))
            }
        }
    }

    /// A client connection that this loop will serve.
    func start(_ listener: TCPRelayListener, _ accepted: StreamSocket.Accepted) {
        guard !isStopping else { return StreamSocket.close(accepted.fd) }
        let client = IPAddress(bytes: accepted.address) ?? IPAddress(ipv4: 0)
        let connection = TCPRelayConnection(serial: makeSerial(), client: accepted.fd, listener: listener,
                                            clientAddress: client, clientPort: accepted.port, now: now)
        store(connection, at: accepted.fd)
        attempt(connection)
    }

    /// What the client connected to: the bound address, or the socket's own for a wildcard bind.
    private func local(of connection: TCPRelayConnection) -> (address: IPAddress, port: Int)? {
        if connection.local == nil {
            connection.local = localAddress(of: connection.client, bound: connection.listener.boundAddress,
                                            port: connection.listener.listenPort)
        }
        return connection.local
    }

    /// The address a client reached on `fd`: the listener's bound one, or for a wildcard bind
    /// the socket's own (a system call, so callers keep the answer).
    func localAddress(of fd: Int32, bound: IPAddress?, port: Int) -> (address: IPAddress, port: Int)? {
        if let bound { return (bound, port) }
        guard let (bytes, port) = StreamSocket.localAddress(fd), let address = IPAddress(bytes: bytes) else { return nil }
        return (address, port)
    }

    /// Waits in `pool`'s queue for a server slot until `deadline`. `wake` runs on this loop
    /// when a slot may be free and says whether its waiter took it (one that has gone
    /// meanwhile passes the slot to the next in line); `expired` runs here if the deadline
    /// passes first.
    func waitForSlot(pool: String, until deadline: NIODeadline, wake: @escaping @Sendable () -> Bool,
                     expired: @escaping @Sendable () -> Void) {
        let queue = runtime.queue
        // From the helper's own thread: the queue arms its expiry timer before it lists the
        // waiter, which only that loop's thread may do without the timer firing in between.
        helper.execute {
            queue.wait(pool: pool, on: self.helper, until: deadline, wake: {
                self.execute { if !wake() { queue.slotFreed(pool: pool) } }
            }, expired: { self.execute(expired) })
        }
    }

    /// Connects to the pool's pick, or to the server just tried again (`sameServer`);
    /// `waited`: the turn-around has passed.
    private func attempt(_ connection: TCPRelayConnection, sameServer: Bool = false, waited: Bool = false) {
        let listener = connection.listener, connector = listener.connector
        guard let choice = connector.nextChoice(sameAs: sameServer ? connection.choice : nil, excluding: connection.tried,
                                                client: connection.clientAddress, destination: local(of: connection)?.address)
        else {
            // A redispatch that finds no other server tries the same one again, as HAProxy
            // falls back to the server it meant to avoid: after the turn-around.
            guard !sameServer, connection.attempt > 1, case .server? = connection.choice else { return queue(connection) }
            return waited ? attempt(connection, sameServer: true) : waitTurnAround(connection, elsewhere: false)
        }
        connection.choice = choice
        let endpoint: Endpoint
        switch choice {
        case .server(let id, let server):
            endpoint = server
            connection.tried.insert(id)
        case .fallback(let server):
            endpoint = server
        }
        guard let address = try? connector.addresses.socketAddress(endpoint, listenPort: listener.listenPort) else {
            return close(connection)
        }
        let (fd, error) = connector.connect(to: address, for: choice, client: connection.clientAddress,
                                            clientPort: connection.clientPort)
        guard fd >= 0 else { return connectFailed(connection) }
        connection.server = fd
        store(connection, at: fd)
        if error == 0 { return connected(connection) }
        connection.connecting = true
        connection.connectDeadline = now + listener.connectTimeout
        arm(connection, at: connection.connectDeadline)
        watch(connection)
    }

    /// Every server is at its `maxconn`: wait for a slot, then choose again; no server at all:
    /// close.
    private func queue(_ connection: TCPRelayConnection) {
        let connector = connection.listener.connector
        guard runtime.isSaturated(pool: connector.pool.name) else { return close(connection) }
        let deadline = connection.queueDeadline ?? .now() + connector.queueTimeout.timeAmount
        connection.queueDeadline = deadline
        let fd = connection.client, serial = connection.serial
        waitForSlot(pool: connector.pool.name, until: deadline, wake: { [self] in
            guard let connection = waiting(fd, serial) else { return false }
            connection.choice = nil
            attempt(connection)
            return true
        }, expired: { [self] in
            if let connection = waiting(fd, serial) { close(connection) }
        })
    }

    private func waiting(_ fd: Int32, _ serial: UInt32) -> TCPRelayConnection? {
        guard Int(fd) < connections.count, let connection = connections[Int(fd)], connection.serial == serial,
              connection.client == fd, !connection.closed else { return nil }
        return connection
    }

    /// The server's descriptor turned writable while connecting: connected, or refused.
    func connectionAnswered(_ connection: TCPRelayConnection) {
        if StreamSocket.connectionError(connection.server) == 0 {
            connected(connection)
        } else {
            connectFailed(connection)
        }
    }

    /// Refused or unreachable, or past `timeout connect` (`timedOut`): try again while
    /// `retries` allow (`ServerConnector.retry`), else close.
    func connectFailed(_ connection: TCPRelayConnection, timedOut: Bool = false) {
        if connection.server >= 0 {
            closeDescriptor(connection.server, registered: connection.serverRegistered)
            connection.server = -1
            connection.serverWatch = []
            connection.serverRegistered = false
        }
        connection.connecting = false
        guard connection.attempt <= connection.listener.connector.pool.retries, case .server = connection.choice else {
            return close(connection)
        }
        connection.attempt += 1
        let next = connection.listener.connector.retry(connection.attempt - 1, after: connection.choice, timedOut: timedOut)
        guard next.wait else { return attempt(connection, sameServer: !next.elsewhere) }
        waitTurnAround(connection, elsewhere: next.elsewhere)
    }

    private func waitTurnAround(_ connection: TCPRelayConnection, elsewhere: Bool) {
        connection.retryElsewhere = elsewhere
        connection.retryAt = now + connection.listener.turnAround
        arm(connection, at: connection.retryAt)
    }

    /// The turn-around before a retry has passed.
    func retryIfDue(_ connection: TCPRelayConnection) {
        guard now >= connection.retryAt else { return arm(connection, at: connection.retryAt) }
        connection.retryAt = 0
        attempt(connection, sameServer: !connection.retryElsewhere, waited: true)
    }

    private func connected(_ connection: TCPRelayConnection) {
        guard let choice = connection.choice else { return close(connection) }
        connection.connecting = false
        runtime.opened(pool: connection.listener.connector.pool.name, choice)
        connection.counted = true
        if let local = local(of: connection),
           let header = connection.listener.connector.proxyHeader(for: choice, client: connection.clientAddress,
                                                                  clientPort: connection.clientPort, local: local.address,
                                                                  localPort: local.port) {
            let sent = header.withUnsafeBytes { StreamSocket.send(connection.server, from: $0.baseAddress!, count: $0.count) }
            if sent < 0, sent != -Int(EAGAIN) { return close(connection) }
            if sent < header.count {
                let rest = UnsafeMutableRawBufferPointer.allocate(byteCount: header.count - max(sent, 0), alignment: 1)
                header[max(sent, 0)...].withUnsafeBytes { rest.copyMemory(from: $0) }
                connection.toServer.pending = rest
            }
        }
        if let timeout = connection.listener.idleTimeout { arm(connection, at: now + timeout) }
        watch(connection)
    }
}
