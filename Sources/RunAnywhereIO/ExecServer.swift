import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RacimoCore

/// Where other nodes' agents (and this node's own, for processes placed at home) start
/// processes: a TCP port of authenticated run frames, one connection per process.
public final class ExecServer: Sendable {
    let listen: Endpoint
    let settings: ExecSession.Settings
    public let registry = GuestRegistry()
    let staged = StagedImages()
    let logger: Logger
    private let channel = NIOLockedValueBox<Channel?>(nil)

    /// `racimo` is the agent's own binary (for its `job-exec` step); `acceptsGuests` reads
    /// this node's `block` flag at each start.
    /// `criu` runs CRIU when `criu check` passed; otherwise `criuProblem` says why processes
    /// cannot move to or from this node. Images are written under `imageFolder`.
    public init(node: NodeName, keyRing: KeyRing, listen: Endpoint, racimo: String, allowRoot: Bool,
                criu: [String]?, criuProblem: String, imageFolder: String,
                acceptsGuests: @escaping @Sendable () -> Bool, logger: Logger) {
        self.listen = listen
        self.settings = ExecSession.Settings(
            node: node, keyRing: keyRing, racimo: racimo, allowRoot: allowRoot, acceptsGuests: acceptsGuests,
            criu: criu, criuProblem: criuProblem, imageFolder: imageFolder)
        self.logger = logger
    }

    public func start() async throws {
        let settings = self.settings, registry = self.registry, staged = self.staged, logger = self.logger
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                KeepAlive.apply(to: channel).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameStreamDecoder()))
                    try channel.pipeline.syncOperations.addHandler(
                        ExecSession(settings: settings, registry: registry, staged: staged, logger: logger))
                }
            }
            .bind(host: listen.host, port: listen.port).get()
        channel.withLockedValue { $0 = bound }
        logger.info("run: accepting processes", metadata: ["listen": "\(listen)"])
    }

    public func stop() async {
        if let bound = channel.withLockedValue({ $0 }) { try? await bound.close() }
    }
}
