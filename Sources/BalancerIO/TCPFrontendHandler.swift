import Balancer
import NIOCore
import RacimoCore

/// The client side of a TCP-mode connection: on accept, connects to a server (the client's
/// socket is not read meanwhile), then relays bytes both ways until either side ends.
final class TCPFrontendHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let connector: ServerConnector
    private let listenPort: Int
    private let clientTimeout: TimeAmount?

    init(connector: ServerConnector, listenPort: Int, clientTimeout: TimeAmount?) {
        self.connector = connector
        self.listenPort = listenPort
        self.clientTimeout = clientTimeout
    }

    func channelActive(context: ChannelHandlerContext) {
        context.fireChannelActive()
        let channel = context.channel
        let client = channel.remoteAddress?.ipAddress.flatMap(IPAddress.init(parsing:)) ?? IPAddress(ipv4: 0)
        let destination = channel.localAddress?.ipAddress.flatMap(IPAddress.init(parsing:))
        let runtime = connector.runtime, pool = connector.pool.name
        // The relay handlers are made once the connection exists: a failed attempt's channel
        // must not take a handler the next attempt needs.
        connector.connect(on: context.eventLoop, client: client, destination: destination, listenPort: listenPort) { server in
            server.eventLoop.makeSucceededVoidFuture()
        }.hop(to: context.eventLoop).assumeIsolated().whenComplete { result in
            switch result {
            case .success(let (server, choice)):
                guard server.isActive, channel.isActive else {
                    runtime.closed(pool: pool, choice, client: client)
                    server.close(promise: nil)
                    channel.close(promise: nil)
                    return
                }
                if let header = self.connector.proxyHeader(for: choice, client: channel.remoteAddress, local: channel.localAddress,
                                                           allocator: channel.allocator) {
                    server.writeAndFlush(header, promise: nil)
                }
                let (clientSide, serverSide) = RelayHandler.pair()
                clientSide.onClose = { runtime.closed(pool: pool, choice, client: client) }
                clientSide.idle = self.clientTimeout.map(IdleDeadline.init(timeout:))
                do {
                    try server.pipeline.syncOperations.addHandler(serverSide)
                    let pipeline = channel.pipeline.syncOperations
                    try pipeline.addHandler(clientSide)
                    pipeline.removeHandler(self, promise: nil)
                } catch {
                    runtime.closed(pool: pool, choice, client: client)
                    server.close(promise: nil)
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
