import Balancer
import NIOCore
import RacimoCore

/// The client side of a TCP-mode connection: on accept, connects to a server (the client's
/// socket is not read meanwhile), then relays bytes both ways until either side ends.
final class TCPFrontendHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let connector: ServerConnector
    private let listenPort: Int

    init(connector: ServerConnector, listenPort: Int) {
        self.connector = connector
        self.listenPort = listenPort
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let channel = context.channel
        let client = channel.remoteAddress?.ipAddress.flatMap(IPAddress.init(parsing:)) ?? IPAddress(ipv4: 0)
        let destination = channel.localAddress?.ipAddress.flatMap(IPAddress.init(parsing:))
        let (clientSide, serverSide) = RelayHandler.pair()
        let runtime = connector.runtime, pool = connector.pool.name
        // The server channel runs on this same event loop, so the handler may cross to it.
        let boundServerSide = NIOLoopBound(serverSide, eventLoop: context.eventLoop)
        connector.connect(on: context.eventLoop, client: client, destination: destination, listenPort: listenPort) { server in
            server.eventLoop.makeCompletedFuture { try server.pipeline.syncOperations.addHandler(boundServerSide.value) }
        }.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let (_, choice)):
                clientSide.onClose = { runtime.closed(pool: pool, choice, client: client) }
                do {
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(clientSide)
                    pipeline.removeHandler(self, promise: nil)
                } catch {
                    channel.close(promise: nil)
                    return
                }
                // The client's bytes may flow now: the server side is there to take them.
                channel.setOption(.autoRead, value: true).whenSuccess { channel.read() }
            case .failure:
                // TCP mode has no way to say why: close, as HAProxy does with no server.
                channel.close(promise: nil)
            }
        }
    }
}
