import NIOCore

/// Reads one of a process's output pipes and hands each chunk on; tells when the pipe ends.
/// Lives on the same event loop as the connection it feeds, so pausing it (autoRead off)
/// when that connection's send buffer is full is what carries backpressure to the process.
final class StreamPump: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    let chunk: (ByteBuffer) -> Void
    let ended: () -> Void
    private var done = false

    init(chunk: @escaping (ByteBuffer) -> Void, ended: @escaping () -> Void) {
        self.chunk = chunk
        self.ended = ended
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        chunk(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed = event { finish(context) }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        finish(context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        finish(context)
    }

    private func finish(_ context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        ended()
        context.close(promise: nil)
    }
}
