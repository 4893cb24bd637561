import LinuxSupport
import Logging
import NIOCore
import NIOPosix
import RacimoCore
import ServiceLifecycle

/// Sends and receives node-to-node frames over UDP: says hello to the seed peers every
/// `hello_interval`, verifies every datagram, counts what it rejects and records who it hears.
///
/// The driver half of the foundation's frame protocol: every decision about a frame is the
/// `FrameVerifier`'s; this service only moves bytes, logs and counts.
public struct PeerService: Service {
    let state: AgentState
    let counters: FrameCounters
    let logger: Logger
    let softwareVersion: String

    public init(state: AgentState, counters: FrameCounters, logger: Logger, softwareVersion: String) {
        self.state = state
        self.counters = counters
        self.logger = logger
        self.softwareVersion = softwareVersion
    }

    public func run() async throws {
        let listen = state.configuration.listen
        let channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: listen.host, port: listen.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<AddressedEnvelope<ByteBuffer>, AddressedEnvelope<ByteBuffer>>(
                        wrappingChannelSynchronously: channel)
                }
            }
        logger.info("listening for frames", metadata: ["listen": "\(listen)", "protocol": "udp"])
        do {
            try await cancelWhenGracefulShutdown {
                try await channel.executeThenClose { inbound, outbound in
                    try await withThrowingDiscardingTaskGroup { group in
                        group.addTask { try await self.sayHello(outbound) }
                        try await self.receive(inbound)
                    }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown cancels the loops; that is how this service is meant to end.
        }
        logger.info("stopped listening for frames")
    }

    private func receive(_ inbound: NIOAsyncChannelInboundStream<AddressedEnvelope<ByteBuffer>>) async throws {
        var verifier = FrameVerifier(keyRing: state.keyRing, freshness: state.configuration.frameFreshness)
        for try await envelope in inbound {
            verifier.keyRing = state.keyRing
            var datagram = envelope.data
            let wallNow = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
            let address = "\(envelope.remoteAddress.ipAddress ?? "?"):\(envelope.remoteAddress.port ?? 0)"
            do throws(FrameRejection) {
                let frame = try verifier.open(&datagram, now: wallNow)
                guard datagram.readableBytes == 0 else { throw .malformed("bytes after the frame") }
                counters.accepted(frame)
                try handle(frame, from: address, wallNow: wallNow)
            } catch {
                counters.rejected(error)
                logger.warning("frame rejected", metadata: ["reason": "\(error.reason)", "from": "\(address)", "detail": "\(error)"])
            }
        }
    }

    private func handle(_ frame: Frame, from address: String, wallNow: WallClock) throws(FrameRejection) {
        switch frame.type {
        case .hello:
            var payload = frame.payload
            let hello = try Hello(parsing: &payload)
            let now = state.now
            state.updatePeers {
                if $0.peers[frame.sender] == nil {
                    logger.info("peer heard", metadata: ["peer": "\(frame.sender)", "from": "\(address)", "version": "\(hello.softwareVersion)"])
                }
                $0.heard(hello, from: frame.sender, address: address, sentAt: frame.timestamp, receivedAt: wallNow, now: now)
            }
        default:
            logger.debug("frame of unhandled type", metadata: ["type": "\(frame.type)", "peer": "\(frame.sender)"])
        }
    }

    private func sayHello(_ outbound: NIOAsyncChannelOutboundWriter<AddressedEnvelope<ByteBuffer>>) async throws {
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
                try await outbound.write(AddressedEnvelope(remoteAddress: address, data: frame))
                counters.sent()
            }
            try await Task.sleep(for: configuration.helloInterval)
        }
    }

    static func resolve(_ endpoint: Endpoint) throws -> SocketAddress {
        if let numeric = try? SocketAddress(ipAddress: endpoint.host, port: endpoint.port) { return numeric }
        return try SocketAddress.makeAddressResolvingHost(endpoint.host, port: endpoint.port)
    }
}
