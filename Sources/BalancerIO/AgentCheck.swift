import Balancer
import NIOCore
import NIOPosix

/// HAProxy's agent-check: connect to the server's agent port, read one line, close. The line
/// says the server's state and weight (`AgentReply`). A connection the agent refuses is not a
/// failure (HAProxy: "agent connect failures are not errors"): nothing changes.
enum AgentCheck {
    static func ask(_ address: SocketAddress, timeout: Duration, on loop: EventLoop) -> EventLoopFuture<AgentReply?> {
        let promise = loop.makePromise(of: [UInt8].self)
        let outcome = CheckOutcome(promise)
        let connected = ClientBootstrap(group: loop)
            .connectTimeout(timeout.timeAmount)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(LineReader(outcome: outcome))
                }
            }
            .connect(to: address)
        connected.whenFailure { outcome.fail($0) }
        let deadline = loop.scheduleTask(in: timeout.timeAmount) {
            connected.whenSuccess { $0.close(promise: nil) }
            outcome.fail(CheckTimedOut(timeout: timeout))
        }
        return promise.futureResult.map { bytes -> AgentReply? in
            deadline.cancel()
            connected.whenSuccess { $0.close(promise: nil) }
            return AgentReply.parse(String(decoding: bytes, as: UTF8.self))
        }.recover { _ in
            deadline.cancel()
            return nil
        }
    }

    /// Reads up to the first newline (or the close, or 1 KiB).
    final class LineReader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        private let outcome: CheckOutcome<[UInt8]>
        private var line: [UInt8] = []

        init(outcome: CheckOutcome<[UInt8]>) { self.outcome = outcome }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            line += buffer.readBytes(length: min(buffer.readableBytes, 1024 - line.count)) ?? []
            if line.contains(UInt8(ascii: "\n")) || line.count >= 1024 {
                outcome.succeed(line)
                context.close(promise: nil)
            }
        }

        func channelInactive(context: ChannelHandlerContext) { outcome.succeed(line) }

        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }
}
