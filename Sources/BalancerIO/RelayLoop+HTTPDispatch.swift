import Balancer
import Glibc
import LinuxSupport
import NIOCore
import RacimoCore

/// HTTP mode, choosing the server for a request: an idle keep-alive connection to the pool's
/// pick, a new connection (retried as in TCP mode), or a wait in the pool's queue when every
/// server is at its `maxconn`.
extension RelayLoop {
    /// Picks a server and sends the head on an idle connection to it, or a new one.
    func dispatch(_ client: HTTPClientConnection, _ route: PoolRoute, allowReuse: Bool) {
        // Counted open with the pick, under one lock: the common case reuses an idle connection.
        guard let chosen = runtime.chooseAndOpen(route.slot, client: client.address,
                                                 destination: local(of: client)?.address, hostKey: client.hostKey)
        else { return queue(client, route, allowReuse: allowReuse) }
        client.choice = chosen
        client.counted = true
        if allowReuse, case .server(_, let endpoint) = chosen,
           let server = idleServers.take(endpoint.reached(on: client.listener.listenPort)) {
            client.sentOnReused = true
            return attach(client, server)
        }
        // The count taken with the pick holds the slot while connecting; a refusal gives it back.
        client.sentOnReused = false
        client.attempt = 1
        client.tried = []
        connect(client, route, chosen)
    }

    /// What the client connected to: the bound address, or the socket's own for a wildcard bind.
    func local(of client: HTTPClientConnection) -> (address: IPAddress, port: Int)? {
        if client.local == nil {
            client.local = localAddress(of: client.fd, bound: client.listener.boundAddress, port: client.listener.listenPort)
        }
        return client.local
    }

    /// Every server is at its `maxconn`: wait for a slot, then choose again; no server: 503.
    private func queue(_ client: HTTPClientConnection, _ route: PoolRoute, allowReuse: Bool) {
        // HAProxy answers 503 both when no server is up and when every retry failed.
        guard runtime.isSaturated(pool: route.name) else { return respond(client, status: 503) }
        let deadline = client.queueDeadline ?? .now() + route.connector.queueTimeout.timeAmount
        client.queueDeadline = deadline
        let fd = client.fd, serial = client.serial
        waitForSlot(pool: route.name, until: deadline, wake: { [self] in
            guard let client = httpClient(fd, serial), case .connecting = client.phase else { return false }
            dispatch(client, route, allowReuse: allowReuse)
            processInbound(client)
            finishEvent(client)
            return true
        }, expired: { [self] in
            guard let client = httpClient(fd, serial), case .connecting = client.phase else { return }
            respond(client, status: 503)
            finishEvent(client)
        })
    }

    /// Opens a connection to `choice` for `client`'s request.
    private func connect(_ client: HTTPClientConnection, _ route: PoolRoute, _ choice: PoolState.Choice) {
        let endpoint: Endpoint
        switch choice {
        case .server(let id, let server):
            endpoint = server
            client.tried.insert(id)
        case .fallback(let server):
            endpoint = server
        }
        guard let address = try? route.connector.addresses.socketAddress(endpoint, listenPort: client.listener.listenPort)
        else { return connectFailed(client) }
        let (fd, error) = route.connector.connect(to: address, for: choice, client: client.address, clientPort: client.port)
        guard fd >= 0 else { return connectFailed(client) }
        let server = HTTPServerConnection(serial: makeSerial(), fd: fd, endpoint: endpoint.reached(on: client.listener.listenPort),
                                          timeout: client.listener.serverTimeout, now: now)
        storeHTTP(server, at: fd)
        server.exchange = client
        client.server = server
        if error == 0 { return connected(server) }
        server.connecting = true
        server.connectDeadline = now + route.connectTimeout
        arm(server, at: server.connectDeadline)
        settle(server)
    }

    /// The server's descriptor turned writable while connecting: connected, or refused.
    func connectionAnswered(_ server: HTTPServerConnection) {
        if StreamSocket.connectionError(server.fd) == 0 {
            connected(server)
        } else {
            serverConnectFailed(server)
        }
    }

    func serverConnectFailed(_ server: HTTPServerConnection, timedOut: Bool = false) {
        guard let client = closeDetaching(server) else { return }
        connectFailed(client, timedOut: timedOut)
    }

    /// Refused or unreachable, or past `timeout connect` (`timedOut`): try again while
    /// `retries` allow (`ServerConnector.retry`), else 503.
    private func connectFailed(_ client: HTTPClientConnection, timedOut: Bool = false) {
        guard case .connecting = client.phase, let route = client.pool else { return }
        if client.counted, let choice = client.choice {
            client.counted = false
            runtime.closed(route.slot, choice, client: client.address, lingers: false)
        }
        guard client.attempt <= route.connector.pool.retries, case .server = client.choice else {
            return respond(client, status: 503)
        }
        client.attempt += 1
        let next = route.connector.retry(client.attempt - 1, after: client.choice, timedOut: timedOut)
        guard next.wait else { return retry(client, sameServer: !next.elsewhere) }
        waitTurnAround(client, route, elsewhere: next.elsewhere)
    }

    private func waitTurnAround(_ client: HTTPClientConnection, _ route: PoolRoute, elsewhere: Bool) {
        client.retryElsewhere = elsewhere
        client.retryAt = now + route.turnAround
        arm(client, at: client.retryAt)
    }

    /// The next attempt: on the server just tried (`sameServer`), or on the pool's pick;
    /// `waited`: the turn-around has passed.
    func retry(_ client: HTTPClientConnection, sameServer: Bool = false, waited: Bool = false) {
        client.retryAt = 0
        guard case .connecting = client.phase, let route = client.pool else { return }
        guard let choice = route.connector.nextChoice(sameAs: sameServer ? client.choice : nil, excluding: client.tried,
                                                      client: client.address, destination: local(of: client)?.address,
                                                      hostKey: client.hostKey)
        else {
            // A redispatch that finds no other server tries the same one again (see the TCP
            // path's `attempt`).
            guard !sameServer, case .server? = client.choice else { return queue(client, route, allowReuse: false) }
            return waited ? retry(client, sameServer: true) : waitTurnAround(client, route, elsewhere: false)
        }
        client.choice = choice
        connect(client, route, choice)
    }

    private func connected(_ server: HTTPServerConnection) {
        server.connecting = false
        server.lastActive = now
        guard let client = server.exchange, let route = client.pool, let choice = client.choice else {
            return closeServer(server)
        }
        if !client.counted {
            runtime.opened(pool: route.name, choice)
            client.counted = true
        }
        if let local = local(of: client),
           let header = route.connector.proxyHeader(for: choice, client: client.address, clientPort: client.port,
                                                    local: local.address, localPort: local.port) {
            // The header names this client: the connection is never shared.
            header.withUnsafeBytes { sendToServer(server, $0) }
            server.isPrivate = true
        }
        if let timeout = server.timeout { arm(server, at: now + timeout) }
        attach(client, server)
        processInbound(client)
    }

    /// Sends the request head to `server` and makes it this request's.
    private func attach(_ client: HTTPClientConnection, _ server: HTTPServerConnection) {
        // A connection made for a client that has gone meanwhile serves the next one.
        guard case .connecting = client.phase else {
            if client.server === server { client.server = nil }
            return park(server)
        }
        server.begin(client, now: now)
        client.server = server
        sendToServer(server, client.sentHead.readable)
        client.phase = client.bodyDone ? .awaitingResponse : .sendingBody
        settle(server)
    }
}

extension Endpoint {
    /// The endpoint as connected: a server without a port is reached on the listener's.
    func reached(on listenPort: Int) -> Endpoint {
        port == 0 ? Endpoint(host: host, port: listenPort) : self
    }
}
