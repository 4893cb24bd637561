import Balancer
import LinuxSupport

/// HTTP mode's bookkeeping in a relay loop: its connections by descriptor, their epoll
/// tokens and registrations, and their timers. A token's low word is the descriptor with a
/// tag bit saying which table it is in; its high word the serial, as in TCP mode.
extension RelayLoop {
    static let clientTag = HTTPClientConnection.tag
    static let serverTag = HTTPServerConnection.tag
    static let tags = clientTag | serverTag

    func storeHTTP(_ client: HTTPClientConnection?, at fd: Int32) {
        Self.put(client, at: fd, in: &httpClients)
    }

    func storeHTTP(_ server: HTTPServerConnection?, at fd: Int32) {
        Self.put(server, at: fd, in: &httpServers)
    }

    private static func put<T>(_ element: T?, at fd: Int32, in table: inout [T?]) {
        let index = Int(fd)
        if index >= table.count {
            table.append(contentsOf: repeatElement(nil, count: max(index + 1 - table.count, table.count)))
        }
        table[index] = element
    }

    /// The client connection on `fd` if it is still the one with `serial`.
    func httpClient(_ fd: Int32, _ serial: UInt32) -> HTTPClientConnection? {
        guard Int(fd) < httpClients.count, let client = httpClients[Int(fd)], client.serial == serial else { return nil }
        return client
    }

    func httpServer(_ fd: Int32, _ serial: UInt32) -> HTTPServerConnection? {
        guard Int(fd) < httpServers.count, let server = httpServers[Int(fd)], server.serial == serial else { return nil }
        return server
    }

    /// An epoll event or timer for an HTTP connection (`tagged`: the token's low word).
    func httpEvent(_ tagged: UInt32, _ serial: UInt32, _ ready: Epoll.Readiness) {
        let fd = Int32(bitPattern: tagged & ~Self.tags)
        if tagged & Self.clientTag != 0 {
            guard let client = httpClient(fd, serial) else { return }
            if client.watching.isEmpty { return parked(client, ready) }
            clientEvent(client, ready)
        } else {
            guard let server = httpServer(fd, serial) else { return }
            if server.watching.isEmpty { return parked(server, ready) }
            serverEvent(server, ready)
        }
    }

    /// An error or hang-up on a descriptor watched for nothing (see `RelayLoop.parked`).
    private func parked(_ client: HTTPClientConnection, _ ready: Epoll.Readiness) {
        if ready.contains(.error) {
            closeClient(client)
        } else if ready.contains(.hangUp) {
            epoll.remove(client.fd)
            client.registered = false
        }
    }

    private func parked(_ server: HTTPServerConnection, _ ready: Epoll.Readiness) {
        let client = server.exchange
        if ready.contains(.error) {
            serverClosed(server)
        } else if ready.contains(.hangUp) {
            epoll.remove(server.fd)
            server.registered = false
        }
        if let client { finishEvent(client) }
    }

    /// After an event: a client whose send failed closes; both sides' registrations follow
    /// what they wait for.
    func finishEvent(_ client: HTTPClientConnection) {
        if client.broken { closeClient(client) }
        settle(client)
        if let server = client.server { settle(server) }
    }

    /// Brings `side`'s registration in line with what it waits for.
    func settle<Side: HTTPSide>(_ side: Side) {
        guard !side.isGone else { return }
        let wants = side.wants
        guard wants != side.watching || !side.registered else { return }
        side.registered = register(side.fd, wants, registered: side.registered,
                                   token: UInt64(side.serial) << 32 | UInt64(UInt32(bitPattern: side.fd) | Side.tag))
        side.watching = wants
    }

    // MARK: timers

    /// Makes sure `side`'s timer fires no later than `due` (see `RelayLoop.arm`).
    func arm<Side: HTTPSide>(_ side: Side, at due: UInt64) {
        if let armed = side.armedDue, armed <= due { return }
        side.armedDue = due
        schedule(.init(due: due, fd: Int32(bitPattern: UInt32(bitPattern: side.fd) | Side.tag), serial: side.serial))
    }

    func httpTimerFired(_ entry: RelayTimers.Entry) {
        let tagged = UInt32(bitPattern: entry.fd)
        let fd = Int32(bitPattern: tagged & ~Self.tags)
        if tagged & Self.clientTag != 0 {
            guard let client = httpClient(fd, entry.serial), client.armedDue == entry.due else { return }
            client.armedDue = nil
            clientTimer(client)
            finishEvent(client)
        } else {
            guard let server = httpServer(fd, entry.serial), server.armedDue == entry.due else { return }
            server.armedDue = nil
            let client = server.exchange
            serverTimer(server)
            settle(server)
            if let client { finishEvent(client) }
        }
    }

    /// The hold on a small response's first part, the turn-around before a retry, and
    /// `timeout client` (nothing from or to the client: HAProxy closes).
    private func clientTimer(_ client: HTTPClientConnection) {
        if client.holdUntil > 0, now >= client.holdUntil {
            client.holdUntil = 0
            client.holding = false
            flushClient(client)
        }
        if client.retryAt > 0, now >= client.retryAt { retry(client, sameServer: !client.retryElsewhere, waited: true) }
        if case .draining = client.phase, now >= client.drainUntil { return closeClient(client) }
        if client.isClosed { return }
        var next = UInt64.max
        if let timeout = client.timeout {
            if now >= client.lastActive + timeout { return closeClient(client) }
            next = client.lastActive + timeout
        }
        if client.holdUntil > 0 { next = min(next, client.holdUntil) }
        if client.retryAt > 0 { next = min(next, client.retryAt) }
        if case .draining = client.phase { next = min(next, client.drainUntil) }
        if next < .max { arm(client, at: next) }
    }

    /// `timeout connect`, then `timeout server`.
    private func serverTimer(_ server: HTTPServerConnection) {
        if server.connecting {
            if now >= server.connectDeadline { return serverConnectFailed(server, timedOut: true) }
            return arm(server, at: server.connectDeadline)
        }
        guard let timeout = server.currentTimeout else { return }
        if let client = server.exchange, !client.output.isEmpty, !client.holding {
            // Not read while its client is slow to take the response: waiting on us is not
            // the server's silence.
            server.lastActive = now
        }
        if now >= server.lastActive + timeout { return serverTimedOut(server) }
        arm(server, at: server.lastActive + timeout)
    }

    /// Closes every HTTP connection (the loop stops).
    func closeHTTPConnections() {
        for case let client? in httpClients where !client.isClosed { closeClient(client) }
        for case let server? in httpServers where !server.closed { closeServer(server) }
        _ = idleServers.removeAll()
    }
}

/// What a relay loop keeps for each HTTP-mode descriptor, client or server: its epoll
/// registration and its timer.
protocol HTTPSide: AnyObject {
    /// The bit that marks this kind's descriptors in epoll tokens and timer entries.
    static var tag: UInt32 { get }
    var fd: Int32 { get }
    var serial: UInt32 { get }
    /// What the descriptor should be watched for now.
    var wants: Epoll.Interest { get }
    var watching: Epoll.Interest { get set }
    var registered: Bool { get set }
    var armedDue: UInt64? { get set }
    /// Closed: nothing to register any more.
    var isGone: Bool { get }
}

extension HTTPClientConnection: HTTPSide {
    static let tag: UInt32 = 1 << 31
    var isGone: Bool { isClosed }
}

extension HTTPServerConnection: HTTPSide {
    static let tag: UInt32 = 1 << 30
    var isGone: Bool { closed }
}
