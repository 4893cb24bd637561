import Balancer
import NIOCore
import RacimoCore

/// The server side of HTTP mode: forwards each response to the client it belongs to, finding
/// where it ends (Content-Length, chunked, or the server's close) so that the connection can
/// serve the next request, of this client or another one.
final class HTTPBackendHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private enum Phase {
        case head
        case length(Int)
        case chunked(ChunkedBodyScanner)
        case untilClose
        /// After `101 Switching Protocols`: bytes both ways, no more HTTP.
        case tunnel
    }

    /// Sent a PROXY protocol header naming one client: never reused for another.
    var isPrivate = false
    /// The client being served; nil while idle in the pool.
    var exchange: HTTPFrontendHandler?
    /// The server as the pool names it, the key of the idle pool; set once connected.
    var endpoint: Endpoint?
    private(set) var context: ChannelHandlerContext?
    private var phase = Phase.head
    private var head: ByteBuffer?
    private var requestWasHEAD = false
    private var keepAlive = false
    /// Bytes of the current response already sent on to the client.
    private(set) var responseStarted = false
    private var idlePool: IdleServerConnections?
    private var autoRead = AutoReadSwitch()
    /// Written to since the last flush.
    private var unflushed = false
    /// The current response is small (see `holdBelow`): what has come of it waits for the rest.
    private var holdsPartial = false
    /// Flushes a held response part when the rest is late.
    private var holdTimer: Scheduled<Void>?

    /// `timeout server`: while a request waits, a 504; while idle in the pool, a close.
    private let idle: IdleDeadline?

    init(timeout: TimeAmount? = nil) { idle = timeout.map(IdleDeadline.init(timeout:)) }

    var isReusable: Bool { context?.channel.isActive ?? false }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Unowned, not weak: a weak reference gives the object a side table, and then every
        // retain and release of it (dozens per request) takes the slow path. The timer is
        // cancelled in handlerRemoved, before the handler can go.
        idle?.start(on: context.eventLoop) { [unowned self] in self.timedOut() }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idle?.stop()
        holdTimer?.cancel()
        self.context = nil
    }

    private func timedOut() {
        if let exchange { exchange.serverTimedOut() } else { close() }
    }

    /// Starts serving `frontend`'s request.
    func begin(_ frontend: HTTPFrontendHandler, requestWasHEAD: Bool) {
        idle?.touch()
        exchange = frontend
        idlePool = nil
        phase = .head
        holdsPartial = false
        head = nil
        self.requestWasHEAD = requestWasHEAD
        responseStarted = false
    }

    /// Waits in `pool` for the next request.
    func park(in pool: IdleServerConnections) {
        guard let endpoint else { return close() }
        exchange = nil
        // A slow client may have paused this connection's reads; an idle one must hear a close.
        setAutoRead(true)
        idlePool = pool
        pool.put(self, for: endpoint)
    }

    func write(_ buffer: ByteBuffer) {
        idle?.touch()
        unflushed = true
        context?.write(wrapOutboundOut(buffer), promise: nil)
    }

    /// Flushes what was written since the last flush; the client side asks at the end of
    /// each of its reads, usually after the head was already flushed.
    func flush() {
        guard unflushed else { return }
        unflushed = false
        context?.flush()
    }
    func close() { context?.close(promise: nil) }

    /// Sends what is queued, then a FIN (the client of a tunnel finished sending).
    func shutDownOutput() {
        guard let context else { return }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)))
            .assumeIsolated().whenComplete { _ in context.close(mode: .output, promise: nil) }
    }

    /// Pauses or resumes reading the server (the client's writability).
    func setAutoRead(_ on: Bool) {
        autoRead.set(on, for: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        idle?.touch()
        var buffer = unwrapInboundIn(data)
        guard let exchange else {
            // An idle connection must stay silent; anything else is unusable.
            return context.close(promise: nil)
        }
        while buffer.readableBytes > 0 {
            switch phase {
            case .head:
                if head == nil { head = buffer } else { head!.writeBuffer(&buffer) }
                // Emptied, not replaced: a new empty buffer would be an allocation per response.
                buffer.moveReaderIndex(to: buffer.writerIndex)
                let parsed = head!.withUnsafeReadableBytes { HTTPResponseParser.parse($0, requestWasHEAD: requestWasHEAD) }
                switch parsed {
                case .incomplete: return
                case .invalid: return exchange.serverFailed(status: 502)
                case .complete(let response):
                    var rest = head!
                    head = nil
                    responseStarted = true
                    if response.status >= 200, exchange.keepAlive, case .length(let n) = response.framing,
                       rest.readableBytes >= response.headLength + n {
                        // The whole response is here (the common small page), and the head
                        // goes on as it is: one write for head and body.
                        exchange.forward(rest.readSlice(length: response.headLength + n)!)
                        buffer = rest
                        keepAlive = response.keepAlive
                        finish(context, leftover: buffer.readableBytes > 0)
                        if self.exchange == nil { return }
                        continue
                    }
                    let bytes = rest.readSlice(length: response.headLength)!
                    buffer = rest
                    exchange.forwardHead(bytes, informational: response.status < 200)
                    if response.status >= 100 && response.status < 200 && response.status != 101 { continue }
                    if response.status == 101 {
                        phase = .tunnel
                        exchange.upgraded()
                        continue
                    }
                    keepAlive = response.keepAlive
                    switch response.framing {
                    case .none: phase = .head; finish(context, leftover: buffer.readableBytes > 0)
                    case .length(let n) where n == 0: phase = .head; finish(context, leftover: buffer.readableBytes > 0)
                    case .length(let n):
                        phase = .length(n)
                        holdsPartial = response.headLength + n <= Self.holdBelow
                    case .chunked: phase = .chunked(ChunkedBodyScanner())
                    case .untilClose: phase = .untilClose
                    }
                    if self.exchange == nil { return }
                }
            case .length(let remaining):
                let count = min(remaining, buffer.readableBytes)
                exchange.forward(buffer.readSlice(length: count)!)
                if remaining == count {
                    phase = .head
                    finish(context, leftover: buffer.readableBytes > 0)
                    if self.exchange == nil { return }
                }
                else { phase = .length(remaining - count) }
            case .chunked(var scanner):
                let outcome = buffer.withUnsafeReadableBytes { scanner.scan($0) }
                switch outcome {
                case .needMore:
                    phase = .chunked(scanner)
                    exchange.forward(buffer)
                    buffer.moveReaderIndex(to: buffer.writerIndex)
                case .done(let consumed):
                    exchange.forward(buffer.readSlice(length: consumed)!)
                    phase = .head
                    finish(context, leftover: buffer.readableBytes > 0)
                    if self.exchange == nil { return }
                case .invalid:
                    return exchange.serverFailed(status: 502)
                }
            case .untilClose, .tunnel:
                exchange.forward(buffer)
                return
            }
        }
    }

    /// The response ended: a server that sent bytes past it is out of step and not reused.
    private func finish(_ context: ChannelHandlerContext, leftover: Bool) {
        holdsPartial = false
        holdTimer?.cancel()
        holdTimer = nil
        let exchange = self.exchange
        self.exchange = nil
        exchange?.responseComplete(server: self, keepAlive: keepAlive && !leftover)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        guard let exchange else { return }
        // A small known-length response is sent whole: what has arrived waits for the rest,
        // at most `holdLimit`, so head and body leave in one segment. nginx sends a page's
        // head and file separately, and about one read in ten saw only the head: flushed at
        // once, it cost the client a second segment, a wake-up and an ACK. (HAProxy sends
        // with MSG_MORE for the same reason.) The response's end flushes.
        if holdsPartial, case .length = phase {
            if holdTimer == nil {
                holdTimer = context.eventLoop.assumeIsolated().scheduleTask(in: Self.holdLimit) { [unowned self] in
                    self.holdTimer = nil
                    self.exchange?.flushClient()
                }
            }
            return
        }
        exchange.flushClient()
    }

    /// Responses up to this size (head and body) are held as above; the bound keeps what waits
    /// unflushed under the client channel's write watermark.
    static let holdBelow = 16 * 1024
    /// How long a held part waits for the rest of its response.
    static let holdLimit = TimeAmount.milliseconds(50)

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        exchange?.serverWritabilityChanged(writable: context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let endpoint { idlePool?.remove(self, for: endpoint) }
        idlePool = nil
        let exchange = self.exchange
        self.exchange = nil
        let untilClose: Bool = switch phase {
        case .untilClose, .tunnel: true
        default: false
        }
        exchange?.serverClosed(server: self, responseStarted: responseStarted, untilClose: untilClose)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
