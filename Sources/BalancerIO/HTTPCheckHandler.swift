import Balancer
import NIOCore
import NIOPosix

/// One HTTP check: sends the request, reads the reply until the server closes (the request
/// says `Connection: close`) or 64 KiB have come, then judges it.
final class HTTPCheckHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let replyLimit = 64 * 1024

    private let request: String
    private let outcome: CheckOutcome<[UInt8]>
    private var reply: [UInt8] = []

    init(request: String, outcome: CheckOutcome<[UInt8]>) {
        self.request = request
        self.outcome = outcome
    }

    func channelActive(context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(string: request)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        reply += buffer.readBytes(length: min(buffer.readableBytes, Self.replyLimit - reply.count)) ?? []
        if reply.count >= Self.replyLimit { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        outcome.succeed(reply)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    /// Runs the check against `address`; the whole exchange must finish within `timeout`.
    static func probe(_ http: HealthCheckPlan.HTTPProbe, address: SocketAddress, host: String, timeout: Duration,
                      on loop: EventLoop) -> EventLoopFuture<(Bool, String, Int?)> {
        let replyPromise = loop.makePromise(of: [UInt8].self)
        let outcome = CheckOutcome(replyPromise)
        let request = http.request(defaultHost: host)
        let connected = ClientBootstrap(group: loop)
            .connectTimeout(timeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(HTTPCheckHandler(request: request, outcome: outcome))
                }
            }
            .connect(to: address)
        connected.whenFailure { outcome.fail($0) }
        let deadline = loop.scheduleTask(in: timeout.timeAmount) {
            connected.whenSuccess { $0.close(promise: nil) }
            outcome.fail(CheckTimedOut(timeout: timeout))
        }
        return replyPromise.futureResult.map { reply in
            deadline.cancel()
            connected.whenSuccess { $0.close(promise: nil) }
            let (passed, reason) = http.verdict(reply: reply)
            return (passed, reason, nil)
        }.flatMapErrorThrowing { error in
            deadline.cancel()
            throw error
        }
    }
}

struct CheckTimedOut: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "no complete reply within \(timeout)" }
}

/// A promise completed by whichever comes first, the reply or the deadline; the later one is
/// dropped (completing a NIO promise twice is an error). Used only on its event loop.
final class CheckOutcome<Value: Sendable>: @unchecked Sendable {
    private let promise: EventLoopPromise<Value>
    private var done = false

    init(_ promise: EventLoopPromise<Value>) { self.promise = promise }

    func succeed(_ value: Value) {
        promise.futureResult.eventLoop.preconditionInEventLoop()
        guard !done else { return }
        done = true
        promise.succeed(value)
    }

    func fail(_ error: any Error) {
        promise.futureResult.eventLoop.preconditionInEventLoop()
        guard !done else { return }
        done = true
        promise.fail(error)
    }
}
