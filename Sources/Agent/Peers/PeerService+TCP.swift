import NIOCore
import NIOPosix
import RacimoCore
import Synchronization

extension PeerService {
    typealias StreamChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    typealias StreamServer = NIOAsyncChannel<StreamChannel, Never>

    /// The longest a frame connection may stay open.
    static let connectionLifetime: TimeAmount = .seconds(30)

    func bindTCP(_ listen: Endpoint) async throws -> StreamServer {
        try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: listen.host, port: listen.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameStreamDecoder()))
                    return try StreamChannel(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Accepts connections until cancelled; each carries frames back to back.
    func serveStreams(_ server: StreamServer) async throws {
        try await server.executeThenClose { incoming in
            try await withThrowingDiscardingTaskGroup { group in
                for try await connection in incoming {
                    group.addTask { await self.serve(connection) }
                }
            }
        }
    }

    private func serve(_ connection: StreamChannel) async {
        let address = Self.endpoint(connection.channel.remoteAddress)
        guard connections.acquire() else {
            logger.warning("too many frame connections; refusing one", metadata: ["from": "\(address)"])
            try? await connection.channel.close()
            return
        }
        defer { connections.release() }
        // A frame exchange takes milliseconds; a connection that lingers is cut, so idle or
        // slow-drip connections cannot pin buffers and descriptors.
        let deadline = connection.channel.eventLoop.scheduleTask(in: Self.connectionLifetime) {
            connection.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        do {
            try await connection.executeThenClose { inbound, outbound in
                for try await frame in inbound {
                    var bytes = frame
                    let replies = Mutex<[ByteBuffer]>([])
                    accept(&bytes, from: address) { reply in replies.withLock { $0.append(reply) } }
                    for reply in replies.withLock({ $0 }) { try await outbound.write(reply) }
                }
            }
        } catch let rejection as FrameRejection {
            // The decoder could not frame the stream: count it once and drop the connection.
            rejected(rejection, from: address.description)
        } catch {
            logger.debug("frame stream closed", metadata: ["from": "\(address)", "error": "\(error)"])
        }
    }

    /// The client side of a push-pull: one frame out, the answer frames back, then close.
    func exchange(_ frame: ByteBuffer, with destination: Endpoint, onReply: @Sendable (ByteBuffer, Endpoint) -> Void) async {
        do {
            let connection = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(2))
                .connect(host: destination.host, port: destination.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameStreamDecoder()))
                        return try StreamChannel(wrappingChannelSynchronously: channel)
                    }
                }
            let deadline = connection.channel.eventLoop.scheduleTask(in: .seconds(5)) { connection.channel.close(promise: nil) }
            defer { deadline.cancel() }
            try await connection.executeThenClose { inbound, outbound in
                try await outbound.write(frame)
                counters.sent()
                for try await answer in inbound {
                    onReply(answer, destination)
                    break  // a push-pull is answered by one frame
                }
            }
        } catch {
            logger.debug("push-pull failed", metadata: ["peer": "\(destination)", "error": "\(error)"])
        }
    }
}
