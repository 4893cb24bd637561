import Balancer
import Glibc
import LinuxSupport
import RacimoCore

/// HTTP mode, the server's side: each response goes to the client it belongs to, and its end
/// is found (Content-Length, chunked, or the server's close) so that the connection can serve
/// the next request, of this client or another one.
extension RelayLoop {
    /// Responses up to this size (head and body) wait whole before they go: see `endOfRead`.
    static let holdBelow = 16 * 1024
    /// How long a held part waits for the rest of its response.
    static let holdLimit: UInt64 = 50_000_000

    func serverEvent(_ server: HTTPServerConnection, _ ready: Epoll.Readiness) {
        server.lastActive = now
        let client = server.exchange
        if server.connecting {
            connectionAnswered(server)
        } else {
            if server.watching.isEmpty, ready.contains(.error) { closeServer(server) }
            if !server.closed, server.watching.contains(.readable), !ready.isDisjoint(with: [.readable, .hangUp, .error]) {
                readServer(server)
            }
            if !server.closed, server.watching.contains(.writable), !ready.isDisjoint(with: [.writable, .hangUp, .error]) {
                flushServer(server)
            }
        }
        settle(server)
        if let client { finishEvent(client) }
    }

    private func readServer(_ server: HTTPServerConnection) {
        let count = StreamSocket.receive(server.fd, into: scratch, count: scratchSize)
        guard count > 0 else {
            if count == -Int(EAGAIN) { return }
            return serverClosed(server)
        }
        guard let client = server.exchange else {
            // An idle connection must stay silent; anything else is unusable.
            return closeServer(server)
        }
        let input = UnsafeRawBufferPointer(start: scratch, count: count)
        if server.head.isEmpty {
            handleResponse(server, client, input)
        } else {
            // Taken out while it is read: an incomplete head is added to it again.
            var queued = server.head
            server.head = ByteQueue()
            queued.append(input)
            handleResponse(server, client, queued.readable)
            queued.release()
        }
        endOfRead(server, client)
    }

    private func handleResponse(_ server: HTTPServerConnection, _ client: HTTPClientConnection,
                                _ input: UnsafeRawBufferPointer) {
        var at = 0
        while at < input.count {
            let rest = UnsafeRawBufferPointer(rebasing: input[at...])
            switch server.phase {
            case .head:
                switch HTTPResponseParser.parse(rest, requestWasHEAD: server.requestWasHEAD) {
                case .incomplete:
                    server.head.append(rest)
                    return
                case .invalid:
                    return serverFailed(server, status: 502)
                case .complete(let response):
                    server.responseStarted = true
                    if response.status >= 200, client.keepAlive, case .length(let n) = response.framing,
                       rest.count >= response.headLength + n {
                        // The whole response is here (the common small page), and the head
                        // goes on as it is: one send for head and body.
                        forward(client, UnsafeRawBufferPointer(rebasing: rest[..<(response.headLength + n)]))
                        at += response.headLength + n
                        server.keepAlive = response.keepAlive
                        finish(server, leftover: at < input.count)
                        if server.exchange == nil { return }
                        continue
                    }
                    at += response.headLength
                    if response.status >= 200, case .length(let n) = response.framing, n > 0 {
                        // Held from the head on: see `endOfRead`.
                        server.holdsPartial = response.headLength + n <= Self.holdBelow
                    }
                    forwardHead(client, UnsafeRawBufferPointer(rebasing: rest[..<response.headLength]),
                                informational: response.status < 200)
                    if response.status >= 100 && response.status < 200 && response.status != 101 { continue }
                    if response.status == 101 {
                        server.phase = .tunnel
                        upgraded(client, server)
                        continue
                    }
                    server.keepAlive = response.keepAlive
                    switch response.framing {
                    case .none, .length(0):
                        finish(server, leftover: at < input.count)
                    case .length(let n):
                        server.phase = .length(n)
                    case .chunked:
                        server.phase = .chunked(ChunkedBodyScanner())
                    case .untilClose:
                        server.phase = .untilClose
                    }
                    if server.exchange == nil { return }
                }
            case .length(let remaining):
                let count = min(remaining, rest.count)
                forward(client, UnsafeRawBufferPointer(rebasing: rest[..<count]))
                at += count
                if remaining == count {
                    server.phase = .head
                    finish(server, leftover: at < input.count)
                    if server.exchange == nil { return }
                } else {
                    server.phase = .length(remaining - count)
                }
            case .chunked(var scanner):
                switch scanner.scan(rest) {
                case .needMore:
                    server.phase = .chunked(scanner)
                    forward(client, rest)
                    return
                case .done(let consumed):
                    forward(client, UnsafeRawBufferPointer(rebasing: rest[..<consumed]))
                    at += consumed
                    server.phase = .head
                    finish(server, leftover: at < input.count)
                    if server.exchange == nil { return }
                case .invalid:
                    return serverFailed(server, status: 502)
                }
            case .untilClose, .tunnel:
                forward(client, rest)
                return
            }
        }
    }

    /// A small known-length response is sent whole: what has arrived waits for the rest, at
    /// most `holdLimit`, so head and body leave in one segment. nginx sends a page's head and
    /// file separately, and about one read in ten saw only the head: sent at once, it cost the
    /// client a second segment, a wake-up and an ACK (HAProxy sends with MSG_MORE for the
    /// same reason). The bound keeps what waits small.
    private func endOfRead(_ server: HTTPServerConnection, _ client: HTTPClientConnection) {
        guard server.exchange === client, !client.isClosed else { return }
        if server.holdsPartial, case .length = server.phase {
            client.holding = true
            if client.holdUntil == 0 {
                client.holdUntil = now + Self.holdLimit
                arm(client, at: client.holdUntil)
            }
            return
        }
        client.holding = false
        flushClient(client)
    }

    /// The response ended: a server that sent bytes past it is out of step and not reused.
    private func finish(_ server: HTTPServerConnection, leftover: Bool) {
        server.holdsPartial = false
        guard let client = server.exchange else { return }
        server.exchange = nil
        responseComplete(client, server, keepAlive: server.keepAlive && !leftover)
    }

    /// Bytes for the client: sent at once when nothing waits before them.
    func forward(_ client: HTTPClientConnection, _ bytes: UnsafeRawBufferPointer) {
        client.lastActive = now
        if client.broken { return }
        if !client.output.isEmpty || client.holding || (client.server?.holdsPartial ?? false) {
            return client.output.append(bytes)
        }
        let sent = StreamSocket.send(client.fd, from: bytes.baseAddress!, count: bytes.count)
        if sent == bytes.count { return }
        if sent < 0, sent != -Int(EAGAIN) {
            client.broken = true
            return
        }
        client.output.append(UnsafeRawBufferPointer(rebasing: bytes[max(sent, 0)...]))
    }

    /// A response head: when this client's connection ends after the response, the head says
    /// so (the server, which did not see the client's `Connection: close`, may have promised
    /// keep-alive).
    private func forwardHead(_ client: HTTPClientConnection, _ head: UnsafeRawBufferPointer, informational: Bool) {
        guard !client.keepAlive, !informational else { return forward(client, head) }
        var rewritten = ByteQueue()
        HTTPConnectionHeader.forEachLine(keptFrom: UnsafeRawBufferPointer(rebasing: head[..<(head.count - 2)])) {
            rewritten.append($0)
        }
        rewritten.append(Self.connectionClose)
        forward(client, rewritten.readable)
        rewritten.release()
    }

    private static let connectionClose = Array("Connection: close\r\n\r\n".utf8)

    /// After `101 Switching Protocols`: what the client sent past its request goes on.
    private func upgraded(_ client: HTTPClientConnection, _ server: HTTPServerConnection) {
        client.phase = .tunnel
        sendToServer(server, client.inbound.readable)
        client.inbound.clear()
        // A shorter `timeout tunnel` must fire sooner than the timers armed so far.
        if let timeout = client.timeout { arm(client, at: now + timeout) }
        if let timeout = server.currentTimeout { arm(server, at: now + timeout) }
    }
}
