import Logging
import Membership
import MembershipIO
import NIOCore
import NIOPosix
import RacimoCore
import ServiceLifecycle

/// LAN auto-discovery, as openMosix's omdiscd: every second, an authenticated announce to a
/// multicast group; announces heard from others go through the same checks as any frame and
/// introduce their senders to membership. Nodes still join by seeds too; this only saves
/// listing them.
struct DiscoveryService: Service {
    let group: Endpoint
    let peers: PeerService
    let membership: MembershipDriver
    let localAddress: Endpoint
    let logger: Logger

    func run() async throws {
        let groupAddress = try SocketAddress(ipAddress: group.host, port: group.port)
        // The interface holding our first address: there may be no route to 224.0.0.0/4 at all.
        let device = try System.enumerateDevices().first { $0.address?.ipAddress == localAddress.host }
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "0.0.0.0", port: group.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        guard let multicast = channel.channel as? any MulticastChannel else { throw DiscoveryError.noMulticast }
        try await multicast.joinGroup(groupAddress, device: device).get()
        if let device, case .v4(let address)? = device.address, let options = channel.channel as? any SocketOptionProvider {
            try await options.setIPMulticastIF(address.address.sin_addr).get()
        }
        logger.info("announcing on the LAN", metadata: ["group": "\(group)", "interface": "\(device?.name ?? "default")"])
        do {
            try await cancelWhenGracefulShutdown {
                try await channel.executeThenClose { inbound, outbound in
                    try await withThrowingDiscardingTaskGroup { tasks in
                        tasks.addTask {
                            while true {
                                let frame = peers.seal(membership.announcement)
                                try await outbound.write(AddressedEnvelope(remoteAddress: groupAddress, data: frame))
                                try await Task.sleep(for: .seconds(1))
                            }
                        }
                        for try await envelope in inbound {
                            var datagram = envelope.data
                            peers.accept(&datagram, from: PeerService.endpoint(envelope.remoteAddress))
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown.
        }
    }
}

enum DiscoveryError: Error, CustomStringConvertible {
    case noMulticast
    var description: String { "this socket cannot join a multicast group" }
}
