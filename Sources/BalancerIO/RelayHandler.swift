import NIOCore

/// Copies bytes from its channel to a partner channel and back: one on each side of a
/// proxied connection. Backpressure: a side reads only while its partner can take writes
/// (its autoRead follows the partner's writability, so a read costs no outbound hop here).
/// Half-close: the end of one side's input shuts the partner's output, so a client that
/// sends its request and shuts its write side still gets the whole reply.
final class RelayHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var partner: RelayHandler?
    private var context: ChannelHandlerContext?
    private var autoRead = AutoReadSwitch()
    private var inputClosed = false
    /// A FIN is queued behind this side's pending writes.
    private var shutdownPending = false
    private var outputClosed = false
    /// Called once, when this side's channel goes away.
    var onClose: (() -> Void)?
    /// The client side's `timeout client`: both directions count as activity.
    var idle: IdleDeadline?

    /// Two handlers, to be added one to each channel.
    static func pair() -> (RelayHandler, RelayHandler) {
        let a = RelayHandler(), b = RelayHandler()
        a.partner = b
        b.partner = a
        return (a, b)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        // Unowned: a weak reference would slow every retain of this handler; the timer is
        // cancelled in handlerRemoved.
        idle?.start(on: context.eventLoop) { [unowned self] in self.context?.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        idle?.stop()
        self.context = nil
        partner = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        idle?.touch()
        partner?.idle?.touch()
        partner?.context?.write(data, promise: nil)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        partner?.context?.flush()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        partner?.setAutoRead(context.channel.isWritable)
        context.fireChannelWritabilityChanged()
    }

    private func setAutoRead(_ on: Bool) {
        autoRead.set(on, for: context)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, case .inputClosed = event {
            inputClosed = true
            // Our peer finished sending: pass the FIN on once what it sent is written.
            partner?.shutDownOutput()
            closeIfFinished()
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func shutDownOutput() {
        guard let context, !outputClosed, !shutdownPending else { return }
        shutdownPending = true
        // Writes complete in order: this empty write's promise means everything before it left.
        let done = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(capacity: 0)), promise: done)
        done.futureResult.assumeIsolated().whenComplete { [weak self] _ in
            guard let self, let context = self.context else { return }
            self.outputClosed = true
            context.close(mode: .output, promise: nil)
            self.closeIfFinished()
        }
    }

    /// Both directions ended: nothing more can pass.
    private func closeIfFinished() {
        if inputClosed && outputClosed { context?.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let partner = self.partner
        self.partner = nil
        partner?.partner = nil
        // A partner whose peer has finished and whose last bytes are still going out closes
        // itself once they are gone; any other is cut, since nothing more can reach it.
        if let partner, !(partner.inputClosed && partner.shutdownPending) {
            partner.context?.close(promise: nil)
        }
        onClose?()
        onClose = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
