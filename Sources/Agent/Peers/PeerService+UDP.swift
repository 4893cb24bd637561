import LinuxSupport
import NIOCore
import NIOPosix
import RacimoCore

extension PeerService {
    typealias DatagramChannel = NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>

    func bindUDP(_ listen: Endpoint) async throws -> DatagramChannel {
        try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            // NIO reads 2 KiB datagrams by default; a frame may fill a whole one.
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65536))
            .bind(host: listen.host, port: listen.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try DatagramChannel(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// One datagram, one frame.
    func receive(_ inbound: NIOAsyncChannelInboundStream<AddressedEnvelope<ByteBuffer>>) async throws {
        for try await envelope in inbound {
            var datagram = envelope.data
            accept(&datagram, from: Self.endpoint(envelope.remoteAddress))
        }
    }

    /// Sends a hello to every seed, every `hello_interval`; reads the configuration each round
    /// so that a reload (SIGHUP) changes seeds and interval without a restart.
    func sayHello(_ outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>) async throws {
        var payload = ByteBuffer()
        Hello(softwareVersion: softwareVersion).write(to: &payload)
        while true {
            let configuration = state.configuration
            for seed in configuration.seeds {
                guard let address = try? Self.resolve(seed) else {
                    logger.warning("cannot resolve seed", metadata: ["seed": "\(seed)"])
                    continue
                }
                let wallNow = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
                let frame = state.seal(.hello, payload: payload, wallNow: wallNow)
                do {
                    try await outbound.write(AddressedEnvelope(remoteAddress: address, data: frame))
                    counters.sent()
                } catch {
                    logger.warning("cannot send to seed", metadata: ["seed": "\(seed)", "error": "\(error)"])
                    throw error
                }
            }
            try await Task.sleep(for: configuration.helloInterval)
        }
    }

    /// A seed's socket address. Numeric addresses are taken as written (the configuration
    /// check refuses a family the listen address cannot reach); names are looked up each round
    /// so a renumbered seed is followed.
    /// 4 or 6 when listening on a numeric address, which fixes the family the socket can reach.
    var listenFamily: Int? {
        let listen = state.configuration.listen
        return listen.host == "0.0.0.0" ? 4 : listen.host == "::" ? nil : listen.family
    }

    /// Writes queued datagrams; a stream item gets its own short connection, in this task group.
    func drain(_ outbox: FrameOutbox, to outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>) async throws {
        try await withThrowingDiscardingTaskGroup { group in
            for await item in outbox.items {
                switch item {
                case .datagram(let frame, let destination):
                    // Members announce numeric addresses: no name lookup on the send path, and an
                    // address of the other family is skipped (the socket could not reach it, and
                    // NIO closes a socket on such an error).
                    guard let address = try? SocketAddress(ipAddress: destination.host, port: destination.port),
                          listenFamily == nil || destination.family == listenFamily else { continue }
                    do {
                        try await outbound.write(AddressedEnvelope(remoteAddress: address, data: frame))
                        counters.sent()
                    } catch {
                        logger.warning("cannot send frame", metadata: ["to": "\(destination)", "error": "\(error)"])
                    }
                case .stream(let frame, let destination, let onReply):
                    group.addTask { await self.exchange(frame, with: destination, onReply: onReply) }
                }
            }
        }
    }

    static func resolve(_ endpoint: Endpoint) throws -> SocketAddress {
        if let numeric = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) { return numeric }
        return try SocketAddress.makeAddressResolvingHost(endpoint.host, port: endpoint.port)
    }
}
