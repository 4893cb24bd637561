import NIOCore

/// Closes a connection idle in both directions for longer than its timeout (HAProxy's
/// `timeout client`/`timeout server`): NIO's IdleStateHandler reports, this acts.
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
