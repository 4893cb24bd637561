import Balancer
import NIOCore
import NIOPosix
import RacimoCore

/// The client side of HTTP mode: reads each request head, routes it to a pool, sends it to a
/// server (a pooled keep-alive connection when one is idle), streams the body, and lets the
/// server side stream the response back. One request at a time per client: pipelined
/// requests wait in the buffer, as HTTP/1.1 requires responses in order.
final class HTTPFrontendHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

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
        case closed
    }

    enum Body {
        case none
        case length(Int)
        case chunked(ChunkedBodyScanner)
    }

    let proxy: HTTPProxyContext
    var context: ChannelHandlerContext?
    var inbound: ByteBuffer?
    var phase = Phase.waitingHead
    var body = Body.none
    var server: HTTPBackendHandler?
    var choice: PoolState.Choice?
    /// The pool of the current request.
    var pool: PoolRoute?
    var client = IPAddress(ipv4: 0)
    /// The virtual address the client connected to, and the request's Host when the pool's
    /// scheduler keys on the destination (dh, lblc, lblcr).
    var local: IPAddress?
    var hostKey: String?
    /// The `X-Forwarded-For` line and the blank line that end a request head sent to a pool
    /// that adds the header: made once per client connection (only when some pool adds it),
    /// written by reference for each request.
    var headEnding = ByteBuffer()
    var keepAlive = true
    var inputClosed = false
    /// The head as sent, kept until the response starts, to retry once on a fresh connection
    /// when a reused one turns out to have been closed by the server.
    var sentHead: (ByteBuffer, ByteBuffer?)?
    var sentOnReused = false
    var isHEAD = false
    /// The request had a body: it cannot be sent again on another connection.
    var requestHadBody = false
    /// When this request's wait for a server slot ends, however often it is woken.
    var queueDeadline: NIODeadline?
    /// `timeout client`: reads from the client and writes to it count as activity. A `let`,
    /// so touching it on every event costs no retain.
    let idleClient: IdleDeadline?
    var clientAutoRead = AutoReadSwitch()
    /// Bytes a client may send ahead (pipelining, or while its server is chosen) before
    /// reading from it pauses.
    static let inboundLimit = 64 * 1024

    init(context: HTTPProxyContext) {
        proxy = context
        idleClient = context.clientTimeout.map { IdleDeadline(timeout: $0.timeAmount) }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Unowned: a weak reference would slow every retain of this handler (see
        // HTTPBackendHandler); the timer is cancelled in handlerRemoved.
        idleClient?.start(on: context.eventLoop) { [unowned self] in self.clientTimedOut() }
        local = context.channel.localAddress?.ipAddress.flatMap(IPAddress.init(parsing:))
        if let address = context.channel.remoteAddress?.ipAddress, let ip = IPAddress(parsing: address) {
            client = ip
            if proxy.addsForwardedFor { headEnding.writeString("X-Forwarded-For: \(address)\r\n") }
        }
        headEnding.writeStaticString("\r\n")
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idleClient?.stop()
        self.context = nil
    }

    // MARK: client bytes

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        idleClient?.touch()
        var buffer = unwrapInboundIn(data)
        switch phase {
        case .tunnel:
            server?.write(buffer)
            return
        case .closed:
            return
        default: break
        }
        if inbound == nil || inbound!.readableBytes == 0 { inbound = buffer } else { inbound!.writeBuffer(&buffer) }
        process()
        switch phase {
        case .connecting, .awaitingResponse:
            if let inbound, inbound.readableBytes > Self.inboundLimit { setClientAutoRead(false) }
        default: break
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        server?.flush()
    }

    func process() {
        guard let context else { return }
        while true {
            switch phase {
            case .waitingHead:
                guard let buffer = inbound, buffer.readableBytes > 0 else { return }
                let parsed = buffer.withUnsafeReadableBytes { HTTPRequestParser.parse($0) }
                switch parsed {
                case .incomplete: return
                case .invalid(let error): return respond(status: error.status)
                case .complete(let head): start(head, context: context)
                }
            case .sendingBody:
                forwardBody()
                if case .sendingBody = phase { return }
            case .connecting, .awaitingResponse, .tunnel, .closed:
                return
            }
        }
    }

    func start(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        var buffer = inbound!
        let bytes = buffer.readSlice(length: head.headLength)!
        inbound = buffer
        keepAlive = head.keepAlive
        isHEAD = head.isHEAD
        queueDeadline = nil
        requestHadBody = head.framing != .none && head.framing != .length(0)
        // CONNECT asks for a tunnel to a host of the client's choosing: not a balancer's job.
        if head.isCONNECT { return respond(status: 501) }
        body = switch head.framing {
        case .length(let n) where n > 0: .length(n)
        case .chunked: .chunked(ChunkedBodyScanner())
        default: .none
        }
        let route: PoolRoute?
        if let trivial = proxy.trivialPool {
            route = trivial
        } else {
            let (host, path) = bytes.withUnsafeReadableBytes { raw in
                (head.host.map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[$0]), as: UTF8.self) },
                 String(decoding: UnsafeRawBufferPointer(rebasing: raw[head.path]), as: UTF8.self))
            }
            route = proxy.routing.pool(host: host, path: path).flatMap { proxy.pools[$0] }
        }
        guard let route else { return respond(status: 503) }
        pool = route
        hostKey = nil
        if route.connector.pool.algorithm.usesDestination, let range = head.host {
            hostKey = bytes.withUnsafeReadableBytes { String(decoding: UnsafeRawBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
        if head.keepAlive || head.version != .http11 || head.isUpgrade, !route.forwardedFor {
            // Nothing to add or remove: the client's head goes on as it came, in one write.
            sentHead = (bytes, nil)
        } else {
            // The head without its blank line, then our header and the blank line: two
            // buffers, one writev, no copy of the client's bytes.
            var withoutEnd = bytes
            withoutEnd.moveWriterIndex(to: withoutEnd.writerIndex - 2)
            if !head.keepAlive && head.version == .http11 && !head.isUpgrade {
                withoutEnd = HTTPConnectionHeader.removing(from: withoutEnd, allocator: context.channel.allocator)
            }
            sentHead = (withoutEnd, route.forwardedFor ? headEnding : proxy.blankLine)
        }
        phase = .connecting
        dispatch(route, context: context, allowReuse: true)
    }


    func attach(_ handler: HTTPBackendHandler, choice: PoolState.Choice) {
        guard case .connecting = phase, let (head, extra) = sentHead else { return }
        self.choice = choice
        server = handler
        handler.begin(self, requestWasHEAD: isHEAD)
        if let context { handler.setAutoRead(context.channel.isWritable) }
        handler.write(head)
        if let extra { handler.write(extra) }
        if case .none = body {
            phase = .awaitingResponse
            handler.flush()
        } else {
            phase = .sendingBody
            forwardBody()
            handler.flush()
        }
        process()
    }

    /// Sends what has arrived of the request body.
    func forwardBody() {
        guard let server, var buffer = inbound, buffer.readableBytes > 0 else { return }
        switch body {
        case .none:
            phase = .awaitingResponse
        case .length(let remaining):
            let count = min(remaining, buffer.readableBytes)
            server.write(buffer.readSlice(length: count)!)
            if count == remaining { body = .none; phase = .awaitingResponse } else { body = .length(remaining - count) }
        case .chunked(var scanner):
            switch buffer.withUnsafeReadableBytes({ scanner.scan($0) }) {
            case .needMore:
                server.write(buffer)
                buffer.moveReaderIndex(to: buffer.writerIndex)
                body = .chunked(scanner)
            case .done(let consumed):
                server.write(buffer.readSlice(length: consumed)!)
                body = .none
                phase = .awaitingResponse
            case .invalid:
                inbound = buffer
                return respond(status: 400)
            }
        }
        inbound = buffer
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            inputClosed = true
            switch phase {
            case .waitingHead: context.close(promise: nil)
            case .tunnel: server?.shutDownOutput()
            case .sendingBody: respond(status: 400)  // the body can never be complete
            default: break  // finish the response, then close
            }
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        phase = .closed
        if let server {
            server.exchange = nil
            server.close()
        }
        server = nil
        releaseServer()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
