import Balancer
import Glibc
import LinuxSupport
import RacimoCore

/// HTTP mode, the client's side: each request head is parsed where it was read (the loop's
/// scratch buffer), routed to a pool and sent to a server; its body follows as it arrives.
/// Only bytes that cannot be handled yet (a pipelined request, a request whose server is
/// being connected) are copied aside.
extension RelayLoop {
    /// A client connection that this loop will serve.
    func startHTTP(_ listener: HTTPRelayListener, _ accepted: StreamSocket.Accepted) {
        guard !isStopping else { return StreamSocket.close(accepted.fd) }
        let client = HTTPClientConnection(serial: makeSerial(), fd: accepted.fd, listener: listener,
                                          routes: listener.routes[index % listener.routes.count],
                                          address: IPAddress(bytes: accepted.address) ?? IPAddress(ipv4: 0),
                                          port: accepted.port, now: now)
        storeHTTP(client, at: accepted.fd)
        if let timeout = listener.clientTimeout { arm(client, at: now + timeout) }
        settle(client)
    }

    func clientEvent(_ client: HTTPClientConnection, _ ready: Epoll.Readiness) {
        client.lastActive = now
        if client.watching.contains(.readable), !ready.isDisjoint(with: [.readable, .hangUp, .error]) {
            readClient(client)
        }
        if !client.isClosed, client.watching.contains(.writable), !ready.isDisjoint(with: [.writable, .hangUp, .error]) {
            flushClient(client)
        }
        finishEvent(client)
    }

    private func readClient(_ client: HTTPClientConnection) {
        let count = StreamSocket.receive(client.fd, into: scratch, count: scratchSize)
        if count > 0 {
            let input = UnsafeRawBufferPointer(start: scratch, count: count)
            if case .draining = client.phase { return }
            if case .tunnel = client.phase {
                if let server = client.server { sendToServer(server, input) }
                return
            }
            if client.inbound.isEmpty {
                let used = process(client, input)
                if used < count, keepsInput(client) { client.inbound.append(UnsafeRawBufferPointer(rebasing: input[used...])) }
            } else {
                client.inbound.append(input)
                processInbound(client)
            }
        } else if count == 0 {
            if case .draining = client.phase { return closeClient(client) }
            clientInputClosed(client)
        } else if count != -Int(EAGAIN) {
            closeClient(client)
        }
    }

    /// Whether bytes read past the current request still matter.
    private func keepsInput(_ client: HTTPClientConnection) -> Bool {
        switch client.phase {
        case .closing, .draining, .closed: false
        default: true
        }
    }

    /// Handles what waits in `inbound` (a pipelined request, or the body of one whose server
    /// is now there).
    func processInbound(_ client: HTTPClientConnection) {
        guard !client.inbound.isEmpty else { return }
        // Taken out while it is read: nothing below adds to it, and a close frees it.
        var queued = client.inbound
        client.inbound = ByteQueue()
        let used = process(client, queued.readable)
        if keepsInput(client) {
            queued.consume(used)
            client.inbound = queued
        } else {
            queued.release()
        }
    }

    /// Handles `input` as far as the exchange allows; returns how many bytes it used.
    private func process(_ client: HTTPClientConnection, _ input: UnsafeRawBufferPointer) -> Int {
        var used = 0
        while true {
            switch client.phase {
            case .waitingHead:
                guard used < input.count else { return used }
                let rest = UnsafeRawBufferPointer(rebasing: input[used...])
                switch HTTPRequestParser.parse(rest) {
                case .incomplete:
                    return used
                case .invalid(let error):
                    respond(client, status: error.status)
                    return input.count
                case .complete(let head):
                    used += head.headLength
                    startRequest(client, head, UnsafeRawBufferPointer(rebasing: rest[..<head.headLength]))
                }
            case .sendingBody:
                used += forwardBody(client, UnsafeRawBufferPointer(rebasing: input[used...]))
                if case .sendingBody = client.phase {
                    // The client's FIN came before the whole body: it can never be complete.
                    if client.inputClosed { respond(client, status: 400) }
                    return used
                }
            case .connecting, .awaitingResponse, .tunnel, .closing, .draining, .closed:
                return used
            }
        }
    }

    private func startRequest(_ client: HTTPClientConnection, _ head: HTTPRequestHead, _ bytes: UnsafeRawBufferPointer) {
        client.keepAlive = head.keepAlive
        client.isHEAD = head.isHEAD
        client.queueDeadline = nil
        client.requestHadBody = head.framing != .none && head.framing != .length(0)
        // CONNECT asks for a tunnel to a host of the client's choosing: not a balancer's job.
        if head.isCONNECT { return respond(client, status: 501) }
        client.body = switch head.framing {
        case .length(let n) where n > 0: .length(n)
        case .chunked: .chunked(ChunkedBodyScanner())
        default: .none
        }
        let routes = client.routes
        let route: PoolRoute?
        if let trivial = routes.trivialPool {
            route = trivial
        } else {
            let host = head.host.map { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            let path = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[head.path]), as: UTF8.self)
            route = routes.routing.pool(host: host, path: path).flatMap { routes.pools[$0] }
        }
        guard let route else { return respond(client, status: 503) }
        client.pool = route
        client.hostKey = nil
        if route.connector.pool.algorithm.usesDestination, let range = head.host {
            client.hostKey = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        }
        client.sentHead.clear()
        let closes = !head.keepAlive && head.version == .http11 && !head.isUpgrade
        if !closes, !route.forwardedFor {
            // Nothing to add or remove: the client's head goes on as it came.
            client.sentHead.append(bytes)
        } else {
            // The client's wish to close concerns its own connection (Connection is
            // hop-by-hop): without it, the server connection serves the next request too.
            let withoutEnd = UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 2)])
            if closes {
                HTTPConnectionHeader.forEachLine(keptFrom: withoutEnd) { client.sentHead.append($0) }
            } else {
                client.sentHead.append(withoutEnd)
            }
            if route.forwardedFor {
                if client.forwardedFor.isEmpty { client.forwardedFor = Array("X-Forwarded-For: \(client.address)\r\n".utf8) }
                client.sentHead.append(client.forwardedFor)
            }
            client.sentHead.append(Self.blankLine)
        }
        client.phase = .connecting
        // As HAProxy's `http-reuse safe`, a client's first request goes on a connection of its
        // own, since the server may close an idle one just as it is reused; unlike it, a first
        // request without a body may take an idle one too, since it is then sent again on a
        // fresh connection (see `serverClosed`).
        dispatch(client, route, allowReuse: client.requestsStarted > 0 || !client.requestHadBody)
        client.requestsStarted += 1
    }

    static let blankLine: [UInt8] = [13, 10]

    /// Sends what `input` holds of the request body; returns how many bytes that was.
    private func forwardBody(_ client: HTTPClientConnection, _ input: UnsafeRawBufferPointer) -> Int {
        guard let server = client.server, input.count > 0 else {
            if client.bodyDone { client.phase = .awaitingResponse }
            return 0
        }
        switch client.body {
        case .none:
            client.phase = .awaitingResponse
            return 0
        case .length(let remaining):
            let count = min(remaining, input.count)
            sendToServer(server, UnsafeRawBufferPointer(rebasing: input[..<count]))
            if count == remaining {
                client.body = .none
                client.phase = .awaitingResponse
            } else {
                client.body = .length(remaining - count)
            }
            return count
        case .chunked(var scanner):
            switch scanner.scan(input) {
            case .needMore:
                sendToServer(server, input)
                client.body = .chunked(scanner)
                return input.count
            case .done(let consumed):
                sendToServer(server, UnsafeRawBufferPointer(rebasing: input[..<consumed]))
                client.body = .none
                client.phase = .awaitingResponse
                return consumed
            case .invalid:
                respond(client, status: 400)
                return input.count
            }
        }
    }

    /// The client sent its FIN.
    private func clientInputClosed(_ client: HTTPClientConnection) {
        client.inputClosed = true
        switch client.phase {
        case .waitingHead: closeClientAfterFlush(client)
        case .tunnel:
            if let server = client.server {
                server.outputEnded = true
                flushServer(server)
            }
        case .sendingBody: respond(client, status: 400)  // the body can never be complete
        default: break  // finish the response, then close
        }
    }
}
