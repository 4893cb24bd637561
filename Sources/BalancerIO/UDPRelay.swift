import Balancer
import NIOCore
import NIOPosix
import RacimoCore

/// UDP services (DNS and other request/response protocols that LVS balanced): each client
/// address is a flow with its own socket connected to the chosen server; replies come back
/// through the listener to the client. A flow ends after `udpIdle` without traffic.
///
/// A connected UDP socket hears the ICMP "port unreachable" of a dead server as a refused
/// read: the flow is dropped and that server skipped for a few seconds, so the client's
/// next try (DNS resolvers retry) goes to a live one before any check notices.
enum UDPRelay {
    static func bind(service: BalancerPlan.Service, pool: BalancerPlan.Pool, endpoint: Endpoint,
                     runtime: BalancerRuntime, addresses: AddressBook, group: EventLoopGroup) async throws -> Channel {
        let idle = service.timeouts.udpIdle
        return try await DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPListenerHandler(
                        pool: pool, runtime: runtime, addresses: addresses, listenPort: endpoint.port, idle: idle))
                }
            }
            .bind(host: endpoint.host, port: endpoint.port).get()
    }
}

final class UDPListenerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// One client's flow.
    final class Flow {
        let choice: PoolState.Choice
        let client: IPAddress
        var channel: Channel?
        /// Datagrams that arrived while the flow's socket was being set up.
        var waiting: [ByteBuffer] = []
        var lastUsed: NIODeadline

        init(choice: PoolState.Choice, client: IPAddress) {
            self.choice = choice
            self.client = client
            lastUsed = .now()
        }
    }

    private let pool: BalancerPlan.Pool
    private let runtime: BalancerRuntime
    private let addresses: AddressBook
    private let listenPort: Int
    private let idle: Duration
    private var flows: [SocketAddress: Flow] = [:]
    private var refused: [ServerID: NIODeadline] = [:]
    private var sweeper: RepeatedTask?

    init(pool: BalancerPlan.Pool, runtime: BalancerRuntime, addresses: AddressBook, listenPort: Int, idle: Duration) {
        self.pool = pool
        self.runtime = runtime
        self.addresses = addresses
        self.listenPort = listenPort
        self.idle = idle
    }

    func channelActive(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        sweeper = context.eventLoop.scheduleRepeatedTask(initialDelay: .seconds(1), delay: .seconds(1)) { _ in
            loopBound.value.sweep()
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        sweeper?.cancel()
        for flow in flows.values { flow.channel?.close(promise: nil) }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        if let flow = flows[envelope.remoteAddress] {
            flow.lastUsed = .now()
            if let channel = flow.channel {
                channel.writeAndFlush(AddressedEnvelope(remoteAddress: channel.remoteAddress!, data: envelope.data), promise: nil)
            } else {
                flow.waiting.append(envelope.data)
            }
            return
        }
        startFlow(context: context, client: envelope.remoteAddress, first: envelope.data)
    }

    private func startFlow(context: ChannelHandlerContext, client: SocketAddress, first: ByteBuffer) {
        let clientIP = client.ipAddress.flatMap(IPAddress.init(parsing:)) ?? IPAddress(ipv4: 0)
        let now = NIODeadline.now()
        refused = refused.filter { $0.value > now }
        guard let choice = runtime.choose(pool: pool.name, client: clientIP, destination: nil, excluding: Set(refused.keys)),
              let server = try? addresses.socketAddress(Self.endpoint(choice), listenPort: listenPort) else { return }
        let flow = Flow(choice: choice, client: clientIP)
        flow.waiting.append(first)
        flows[client] = flow
        runtime.opened(pool: pool.name, choice)
        let listener = context.channel
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        DatagramBootstrap(group: context.eventLoop)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(UDPReplyHandler(listener: listener, client: client) {
                        loopBound.value.refusedBy(choice, client: client)
                    })
                }
            }
            .bind(host: server.protocol == .inet6 ? "::" : "0.0.0.0", port: 0)
            .flatMap { channel in channel.connect(to: server).map { channel } }
            .hop(to: context.eventLoop).assumeIsolated()
            .whenComplete { result in
                switch result {
                case .success(let channel):
                    flow.channel = channel
                    for datagram in flow.waiting {
                        channel.write(AddressedEnvelope(remoteAddress: server, data: datagram), promise: nil)
                    }
                    flow.waiting = []
                    channel.flush()
                case .failure:
                    loopBound.value.end(client)
                }
            }
    }

    static func endpoint(_ choice: PoolState.Choice) -> Endpoint {
        switch choice {
        case .server(_, let endpoint), .fallback(let endpoint): endpoint
        }
    }

    private func refusedBy(_ choice: PoolState.Choice, client: SocketAddress) {
        if case .server(let id, _) = choice { refused[id] = .now() + .seconds(5) }
        end(client)
    }

    private func end(_ client: SocketAddress) {
        guard let flow = flows.removeValue(forKey: client) else { return }
        flow.channel?.close(promise: nil)
        runtime.closed(pool: pool.name, flow.choice, client: flow.client)
    }

    private func sweep() {
        let limit = NIODeadline.now() - idle.timeAmount
        for (client, flow) in flows where flow.lastUsed < limit { end(client) }
    }
}

/// A flow's socket towards its server: replies go back to the client through the listener.
final class UDPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let listener: Channel
    private let client: SocketAddress
    private let onRefused: () -> Void

    init(listener: Channel, client: SocketAddress, onRefused: @escaping () -> Void) {
        self.listener = listener
        self.client = client
        self.onRefused = onRefused
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        listener.writeAndFlush(AddressedEnvelope(remoteAddress: client, data: reply.data), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // ECONNREFUSED: the server's host answered "port unreachable".
        onRefused()
    }
}
