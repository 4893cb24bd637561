import Foundation
import LinuxSupport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RacimoCore

/// Why a process cannot be placed, for the user.
public struct PlacementRefusal: Error, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
}

/// The home agent's door for `racimo run`, `ps`, `killall`, `ctl` and `mon`: a Unix socket
/// anyone on the host may use; who they are comes from the kernel.
public final class HomeServer: Sendable {
    /// What every session of this server shares.
    struct Context: Sendable {
        var node: NodeName
        var keyRing: KeyRing
        var table: HomeTable
        var place: @Sendable (RunStart) -> Result<PlacementChoice, PlacementRefusal>
        var answer: @Sendable (RunQuery, PeerCredentials) -> RunAnswer
        var logger: Logger
    }

    public let table = HomeTable()
    let context: Context
    let socketPath: String
    let logger: Logger
    private let channel = NIOLockedValueBox<Channel?>(nil)

    /// `place` chooses a node for each start (the agent's policy over membership's view);
    /// `control` answers `ctl` and `mon` (which need the agent's membership). `ps` and
    /// `killall` are answered here, from this home's table.
    public init(
        node: NodeName, keyRing: KeyRing, socketPath: String, logger: Logger,
        place: @escaping @Sendable (RunStart) -> Result<PlacementChoice, PlacementRefusal>,
        control: @escaping @Sendable (RunQuery, PeerCredentials) -> RunAnswer
    ) {
        let table = self.table
        self.context = Context(
            node: node, keyRing: keyRing, table: table, place: place,
            answer: { query, peer in Self.answer(query, peer: peer, table: table) ?? control(query, peer) }, logger: logger)
        self.socketPath = socketPath
        self.logger = logger
    }

    public func start() async throws {
        let context = self.context
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.createDirectory(
            atPath: (socketPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LengthPrefixedDecoder()))
                    try channel.pipeline.syncOperations.addHandler(HomeSession(server: context))
                }
            }
            .bind(unixDomainSocketPath: socketPath).get()
        chmod(socketPath, 0o666)
        channel.withLockedValue { $0 = bound }
        logger.info("run: home socket ready", metadata: ["socket": "\(socketPath)"])
    }

    public func stop() async {
        if let bound = channel.withLockedValue({ $0 }) { try? await bound.close() }
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// Membership says `node` is dead or has left: each process this home had there is
    /// reported killed, with the reason, as openMosix's home node did.
    @discardableResult
    public func nodeLost(_ node: String, reason: String) -> Int {
        let count = table.lose(on: node, reason: reason)
        if count > 0 { logger.warning("run: processes lost with their node", metadata: ["node": "\(node)", "count": "\(count)"]) }
        return count
    }

    /// `ps` and `killall`; nil for the queries the agent answers.
    static func answer(_ query: RunQuery, peer: PeerCredentials, table: HomeTable) -> RunAnswer? {
        switch query {
        case .processes:
            return .processes(table.entries().filter { peer.uid == 0 || $0.uid == peer.uid })
        case .killAll(let name, let signal):
            // Only the caller's own processes, even for root: killall is a user's tool.
            let count = table.signal(signal) { $0.uid == peer.uid && $0.command == name }
            return count == 0 ? .refused("racimo killall: no process named \(name) of yours") : .text("\(count)")
        case .control, .nodes, .migrate:
            return nil
        }
    }
}
