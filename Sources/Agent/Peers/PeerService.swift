import LinuxSupport
import Logging
import Membership
import MembershipIO
import NIOCore
import NIOPosix
import RacimoCore
import ServiceLifecycle

/// Sends and receives node-to-node frames: says hello to the seed peers every `hello_interval`
/// over UDP, accepts frames as UDP datagrams and on TCP streams at the same address, verifies
/// each one, counts what it rejects and records who it hears.
///
/// The driver half of the frame protocol: every decision about a frame is the
/// `FrameVerifier`'s; this service only moves bytes, logs and counts.
public struct PeerService: Service {
    let state: AgentState
    let counters: FrameCounters
    let logger: Logger
    let softwareVersion: String
    let rejections: RejectionLog
    let connections = ConnectionLimit(maximum: 64)
    let outbox: FrameOutbox
    let membership: MembershipDriver?

    public init(
        state: AgentState, counters: FrameCounters, logger: Logger, softwareVersion: String,
        outbox: FrameOutbox, membership: MembershipDriver?
    ) {
        self.state = state
        self.counters = counters
        self.logger = logger
        self.softwareVersion = softwareVersion
        self.rejections = RejectionLog(logger: logger)
        self.outbox = outbox
        self.membership = membership
    }

    public func run() async throws {
        let listen = state.configuration.listen
        let datagrams = try await bindUDP(listen)
        let streams = try await bindTCP(listen)
        logger.info("listening for frames", metadata: ["listen": "\(listen)", "protocol": "udp+tcp"])
        state.markListening()
        do {
            try await cancelWhenGracefulShutdown {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { try await self.serveStreams(streams) }
                    try await datagrams.executeThenClose { inbound, outbound in
                        try await withThrowingDiscardingTaskGroup { group in
                            group.addTask { try await self.sayHello(outbound) }
                            group.addTask { try await self.drain(self.outbox, to: outbound) }
                            try await self.receive(inbound)
                        }
                    }
                }
            }
        } catch is CancellationError {
            // Graceful shutdown cancels the loops; that is how this service is meant to end.
        }
        logger.info("stopped listening for frames")
    }

    /// Verifies one frame and acts on it; `address` is where it came from. `reply` writes back
    /// on the connection the frame came in on (TCP), when there is one.
    func accept(_ bytes: inout ByteBuffer, from address: Endpoint, reply: (@Sendable (ByteBuffer) -> Void)? = nil) {
        let wallNow = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
        do throws(FrameRejection) {
            let frame = try state.open(&bytes, wallNow: wallNow)
            try handle(frame, from: address, wallNow: wallNow, reply: reply)
            counters.accepted(frame)
        } catch {
            rejected(error, from: address.description)
        }
    }

    /// Signs a membership message and queues it: push-pull over TCP, the rest over UDP.
    func send(_ message: MembershipMessage, to destination: Endpoint) {
        let frame = seal(message)
        if case .pushPull = message {
            outbox.send(.stream(frame, to: destination, onReply: { [self] bytes, from in
                var bytes = bytes
                accept(&bytes, from: from)
            }))
        } else {
            outbox.send(.datagram(frame, to: destination))
        }
    }

    func seal(_ message: MembershipMessage) -> ByteBuffer {
        var payload = ByteBuffer()
        message.write(to: &payload)
        let wallNow = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
        return state.seal(.membership, payload: payload, wallNow: wallNow)
    }

    func rejected(_ rejection: FrameRejection, from address: String) {
        counters.rejected(rejection)
        rejections.record(rejection, from: address, now: state.now)
    }

    private func handle(_ frame: Frame, from endpoint: Endpoint, wallNow: WallClock, reply: (@Sendable (ByteBuffer) -> Void)?) throws(FrameRejection) {
        let address = endpoint.description
        switch frame.type {
        case .membership:
            var payload = frame.payload
            let message = try MembershipMessage(parsing: &payload)
            guard let membership else { return }
            membership.received(message, from: frame.sender, address: endpoint, sentAt: frame.timestamp, reply: reply.map { write in
                { [self] answer in write(seal(answer)) }
            })
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

    static func endpoint(_ address: SocketAddress?) -> Endpoint {
        Endpoint(host: address?.ipAddress ?? "?", port: address?.port ?? 0)
    }
}
