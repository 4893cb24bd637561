import NIOCore
import NIOPosix
import RacimoCore

/// The pipeline end of a jobs connection: frames cut by `FrameStreamDecoder` go to
/// `received`, the end of the connection to `closed`. Writes go straight to the channel
/// (`Channel.writeAndFlush` is safe from any thread), so starter threads can report.
final class JobConnectionHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer

    let received: @Sendable (Channel, ByteBuffer) -> Void
    let closed: @Sendable (Channel) -> Void
    let opened: @Sendable (Channel) -> Void

    init(opened: @escaping @Sendable (Channel) -> Void = { _ in },
         received: @escaping @Sendable (Channel, ByteBuffer) -> Void,
         closed: @escaping @Sendable (Channel) -> Void) {
        self.opened = opened
        self.received = received
        self.closed = closed
    }

    func channelActive(context: ChannelHandlerContext) {
        opened(context.channel)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received(context.channel, unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed(context.channel)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // A stream that lost its framing, or a reset: the connection is over either way.
        context.close(promise: nil)
    }

    /// Adds the decoder and this handler to a new channel's pipeline.
    static func install(on channel: Channel, _ handler: JobConnectionHandler) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameStreamDecoder()))
            try channel.pipeline.syncOperations.addHandler(handler)
        }
    }
}
