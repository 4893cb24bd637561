import LinuxSupport
import Logging
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

    public init(state: AgentState, counters: FrameCounters, logger: Logger, softwareVersion: String) {
        self.state = state
        self.counters = counters
        self.logger = logger
        self.softwareVersion = softwareVersion
        self.rejections = RejectionLog(logger: logger)
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

    /// Verifies one frame and acts on it; `address` is for logs and the peer table.
    func accept(_ bytes: inout ByteBuffer, from address: String) {
        let wallNow = WallClock(millisecondsSinceEpoch: HostInfo.wallClockMilliseconds())
        do throws(FrameRejection) {
            let frame = try state.open(&bytes, wallNow: wallNow)
            try handle(frame, from: address, wallNow: wallNow)
            counters.accepted(frame)
        } catch {
            rejected(error, from: address)
        }
    }

    func rejected(_ rejection: FrameRejection, from address: String) {
        counters.rejected(rejection)
        rejections.record(rejection, from: address, now: state.now)
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

    static func describe(_ address: SocketAddress?) -> String {
        guard let address else { return "?" }
        return Endpoint(host: address.ipAddress ?? "?", port: address.port ?? 0).description
    }
}
