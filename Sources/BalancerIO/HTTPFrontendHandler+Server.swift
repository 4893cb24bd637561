import Balancer
import NIOCore
import RacimoCore

/// What the server side tells the client side, and how an exchange ends.
extension HTTPFrontendHandler {
    // MARK: events from the server side

    func forward(_ buffer: ByteBuffer) {
        idleClient?.touch()
        sentHead = nil
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// A response head: when this client's connection ends after the response, the head
    /// says so (the server, which did not see the client's `Connection: close`, may have
    /// promised keep-alive).
    func forwardHead(_ head: ByteBuffer, informational: Bool) {
        guard !keepAlive, !informational, let context else { return forward(head) }
        var withoutEnd = head
        withoutEnd.moveWriterIndex(to: withoutEnd.writerIndex - 2)
        var rewritten = HTTPConnectionHeader.removing(from: withoutEnd, allocator: context.channel.allocator)
        rewritten.writeStaticString("Connection: close\r\n\r\n")
        forward(rewritten)
    }

    func flushClient() { context?.flush() }

    func upgraded() {
        phase = .tunnel
        if let buffer = inbound, buffer.readableBytes > 0 { server?.write(buffer); server?.flush() }
        inbound = nil
    }

    func responseComplete(server handler: HTTPBackendHandler, keepAlive serverKeepAlive: Bool) {
        // The server side flushes at the end of its reads, but it is no longer ours then.
        context?.flush()
        releaseServer()
        server = nil
        let requestDone = if case .none = body { true } else { false }
        if serverKeepAlive && requestDone && !handler.isPrivate { handler.park(in: proxy.idle) } else { handler.close() }
        // Back-pressure set for this exchange ends with it.
        setClientAutoRead(true)
        guard keepAlive, requestDone, !inputClosed else { return closeAfterFlush() }
        phase = .waitingHead
        sentHead = nil
        // A pipelined request may already be waiting.
        process()
    }

    func serverClosed(server handler: HTTPBackendHandler, responseStarted: Bool, untilClose: Bool) {
        guard server === handler else { return }
        server = nil
        releaseServer()
        if responseStarted {
            // A response without a length ends with the server's close; anything else was cut.
            return closeAfterFlush()
        }
        // A reused keep-alive connection closed by the server just as it was used: the
        // request never reached it, so it goes once more on a fresh connection.
        if sentOnReused, !requestHadBody, case .none = body, let pool, let context {
            phase = .connecting
            return dispatch(pool, context: context, allowReuse: false)
        }
        respond(status: 502)
    }

    func serverFailed(status: Int) {
        detachServer()?.close()
        releaseServer()
        respond(status: status)
    }

    /// Forgets the server side before closing it: its close would otherwise come back here
    /// (NIO runs channelInactive inside close) and answer a second time.
    func detachServer() -> HTTPBackendHandler? {
        let handler = server
        server = nil
        handler?.exchange = nil
        return handler
    }

    func setClientAutoRead(_ on: Bool) {
        clientAutoRead.set(on, for: context)
    }

    func serverTimedOut() {
        let started = server?.responseStarted ?? false
        detachServer()?.close()
        releaseServer()
        if started { closeAfterFlush() } else { respond(status: 504) }
    }

    /// `timeout client` passed with nothing from or to the client: HAProxy closes (408 when a
    /// request had begun; a half-sent request here just ends).
    func clientTimedOut() {
        guard let context else { return }
        phase = .closed
        detachServer()?.close()
        releaseServer()
        context.close(promise: nil)
    }

    func serverWritabilityChanged(writable: Bool) {
        setClientAutoRead(writable)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        server?.setAutoRead(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func releaseServer() {
        guard let choice, let pool else { return }
        proxy.runtime.closed(pool.slot, choice, client: client, lingers: false)
        self.choice = nil
    }

    // MARK: endings

    /// The balancer's own reply, then close (HAProxy closes after its error pages).
    func respond(status: Int) {
        guard let context else { return }
        if case .closed = phase { return }
        phase = .closed
        detachServer()?.close()
        releaseServer()
        context.writeAndFlush(wrapOutboundOut(HTTPErrorResponse.buffer(status: status, allocator: context.channel.allocator)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }

    func closeAfterFlush() {
        guard let context else { return }
        phase = .closed
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            .assumeIsolated().whenComplete { _ in context.close(promise: nil) }
    }
}
