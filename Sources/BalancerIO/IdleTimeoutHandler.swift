import NIOCore

/// Closes a connection idle in both directions for longer than its timeout (HAProxy's
/// `timeout client`/`timeout server`).
///
/// NIO's IdleStateHandler attaches a promise to every write to see it complete; on a proxy's
/// hot path that is an allocation and a callback per write. This handler only notes the time
/// of each read and write, and one timer per connection looks at it.
final class InactivityTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    typealias OutboundIn = NIOAny

    private let timeout: TimeAmount
    private var lastActivity = NIODeadline.now()
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { arm(context, in: timeout) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context, in: timeout)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { timer?.cancel() }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        lastActivity = .now()
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        lastActivity = .now()
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext, in delay: TimeAmount) {
        timer?.cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.scheduleTask(in: delay) {
            let (handler, context) = bound.value
            handler.fire(context)
        }
    }

    private func fire(_ context: ChannelHandlerContext) {
        let idle = NIODeadline.now() - lastActivity
        if idle >= timeout {
            context.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.all)
            return
        }
        arm(context, in: timeout - idle)
    }
}

/// Acts on an idle event: closes the connection. HTTP's server side handles the event itself
/// (a 504 to the client when a response was awaited).
final class IdleTimeoutHandler: ChannelInboundHandler {
    typealias InboundIn = NIOAny

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }
}

extension Duration {
    /// NIO's TimeAmount for this duration.
    var timeAmount: TimeAmount {
        .nanoseconds(components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000)
    }
}
