import NIOCore
import NIOPosix
import RacimoCore

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
        let address = Self.describe(connection.channel.remoteAddress)
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
            try await connection.executeThenClose { inbound, _ in
                for try await frame in inbound {
                    var bytes = frame
                    accept(&bytes, from: address)
                }
            }
        } catch let rejection as FrameRejection {
            // The decoder could not frame the stream: count it once and drop the connection.
            rejected(rejection, from: address)
        } catch {
            logger.debug("frame stream closed", metadata: ["from": "\(address)", "error": "\(error)"])
        }
    }
}
