import Balancer
import Glibc
import LinuxSupport
import RacimoCore

/// HTTP mode, how an exchange goes on and ends: sends queued for either side, the end of a
/// response (the server connection parked for reuse), the balancer's own replies, closes.
extension RelayLoop {
    // MARK: sending

    /// Bytes for the server: sent at once when nothing waits before them. A failed send
    /// leaves them queued: the descriptor then reports its error, and `flushServer` ends it.
    func sendToServer(_ server: HTTPServerConnection, _ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, !server.closed else { return }
        server.lastActive = now
        if server.connecting || !server.output.isEmpty { return server.output.append(bytes) }
        let sent = StreamSocket.send(server.fd, from: bytes.baseAddress!, count: bytes.count)
        if sent == bytes.count { return }
        server.output.append(UnsafeRawBufferPointer(rebasing: bytes[max(sent, 0)...]))
    }

    func flushServer(_ server: HTTPServerConnection) {
        guard !server.connecting, !server.closed else { return }
        while !server.output.isEmpty {
            let pending = server.output.readable
            let sent = StreamSocket.send(server.fd, from: pending.baseAddress!, count: pending.count)
            if sent == -Int(EAGAIN) { return }
            if sent < 0 { return serverClosed(server) }
            server.output.consume(sent)
        }
        if server.outputEnded {
            // The tunnel's client finished sending: so does this side, once its bytes are out.
            server.outputEnded = false
            StreamSocket.shutdownOutput(server.fd)
        }
    }

    /// Sends what waits for the client; a closing client closes once it is all out.
    func flushClient(_ client: HTTPClientConnection) {
        while !client.output.isEmpty, !client.broken {
            let pending = client.output.readable
            let sent = StreamSocket.send(client.fd, from: pending.baseAddress!, count: pending.count)
            if sent == -Int(EAGAIN) { return }
            if sent < 0 {
                client.broken = true
                return
            }
            client.lastActive = now
            client.output.consume(sent)
        }
        if case .closing = client.phase { drain(client) }
    }

    /// Everything went: send our FIN and wait for the client's (see `Phase.draining`).
    private func drain(_ client: HTTPClientConnection) {
        if client.inputClosed { return closeClient(client) }
        StreamSocket.shutdownOutput(client.fd)
        client.phase = .draining
        client.drainUntil = now + HTTPClientConnection.drainLimit
        arm(client, at: client.drainUntil)
    }

    // MARK: the end of an exchange

    func responseComplete(_ client: HTTPClientConnection, _ server: HTTPServerConnection, keepAlive serverKeepAlive: Bool) {
        client.holding = false
        client.holdUntil = 0
        releaseServer(client)
        client.server = nil
        if serverKeepAlive && client.bodyDone && !server.isPrivate { park(server) } else { closeServer(server) }
        flushClient(client)
        if client.broken { return closeClient(client) }
        guard client.keepAlive, client.bodyDone, !client.inputClosed else { return closeClientAfterFlush(client) }
        client.phase = .waitingHead
        // A pipelined request may already be waiting.
        processInbound(client)
    }

    /// Keeps a server connection for the next request to its server, from any client.
    func park(_ server: HTTPServerConnection) {
        server.exchange = nil
        guard !server.closed else { return }
        guard !server.isPrivate, idleServers.put(server) else { return closeServer(server) }
        server.isIdle = true
        server.lastActive = now
        if let timeout = server.timeout { arm(server, at: now + timeout) }
        settle(server)
    }

    /// The server closed its connection (or it failed).
    func serverClosed(_ server: HTTPServerConnection) {
        guard let client = closeDetaching(server) else { return }
        releaseServer(client)
        // A response without a length ends with the server's close; anything else was cut.
        if server.responseStarted { return closeClientAfterFlush(client) }
        // A reused keep-alive connection closed by the server just as it was used: the
        // request never reached it, so it goes once more on a fresh connection.
        if client.sentOnReused, !client.requestHadBody, client.bodyDone, let pool = client.pool {
            client.phase = .connecting
            return dispatch(client, pool, allowReuse: false)
        }
        respond(client, status: 502)
    }

    /// The server's response is not HTTP: 502, or a close when part of it went already.
    func serverFailed(_ server: HTTPServerConnection, status: Int) {
        guard let client = closeDetaching(server) else { return }
        releaseServer(client)
        if server.responseStarted { closeClientAfterFlush(client) } else { respond(client, status: status) }
    }

    /// `timeout server` passed: a 504 for a request still waiting; an idle connection closes.
    func serverTimedOut(_ server: HTTPServerConnection) {
        guard server.exchange != nil else { return closeServer(server) }
        serverFailed(server, status: 504)
    }

    /// Gives the request's server slot back to its pool.
    func releaseServer(_ client: HTTPClientConnection) {
        guard client.counted, let choice = client.choice, let pool = client.pool else { return }
        client.counted = false
        client.choice = nil
        runtime.closed(pool.slot, choice, client: client.address, lingers: false)
    }

    /// The balancer's own reply, then close (HAProxy closes after its error pages).
    func respond(_ client: HTTPClientConnection, status: Int) {
        switch client.phase {
        case .closing, .draining, .closed: return
        default: break
        }
        dropServer(client)
        client.output.append(HTTPErrorResponse.encoded(status: status))
        closeClientAfterFlush(client)
    }

    func closeClientAfterFlush(_ client: HTTPClientConnection) {
        switch client.phase {
        case .closing, .draining, .closed: return
        default: break
        }
        client.phase = .closing
        client.holding = false
        flushClient(client)
    }

    func closeClient(_ client: HTTPClientConnection) {
        guard !client.isClosed else { return }
        client.phase = .closed
        if client.registered { epoll.remove(client.fd) }
        client.registered = false
        storeHTTP(nil as HTTPClientConnection?, at: client.fd)
        StreamSocket.close(client.fd)
        dropServer(client)
        client.inbound.release()
        client.output.release()
    }

    /// Closes `server`; when it was serving its client's request, detaches that client and
    /// returns it.
    func closeDetaching(_ server: HTTPServerConnection) -> HTTPClientConnection? {
        let client = server.exchange
        server.exchange = nil
        closeServer(server)
        guard let client, client.server === server else { return nil }
        client.server = nil
        return client
    }

    /// Closes the client's server connection, if any, and gives its slot back.
    func dropServer(_ client: HTTPClientConnection) {
        if let server = client.server {
            client.server = nil
            server.exchange = nil
            closeServer(server)
        }
        releaseServer(client)
    }

    func closeServer(_ server: HTTPServerConnection) {
        guard !server.closed else { return }
        server.closed = true
        if server.isIdle {
            idleServers.remove(server)
            server.isIdle = false
        }
        if server.registered { epoll.remove(server.fd) }
        server.registered = false
        storeHTTP(nil as HTTPServerConnection?, at: server.fd)
        StreamSocket.close(server.fd)
        server.head.release()
        server.output.release()
    }
}
