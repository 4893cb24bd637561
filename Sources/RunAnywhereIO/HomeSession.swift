import Foundation
import LinuxSupport
import Logging
import NIOCore
import NIOPosix
import RacimoCore

/// Where the home agent decided to run a process.
public struct PlacementChoice: Sendable {
    public var node: String
    public var endpoint: Endpoint
    /// Why, in words (`racimo ps` shows it).
    public var reason: String

    public init(node: String, endpoint: Endpoint, reason: String) {
        self.node = node
        self.endpoint = endpoint
        self.reason = reason
    }
}

/// One `racimo run` on its home node: the client's socket on one side, the connection to the
/// node running the process on the other, both on one event loop. The home keeps the
/// process's identity: the caller's uid comes from the kernel, signals and stdin go out,
/// output and the exit status come back in order.
final class HomeSession: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    let server: HomeServer.Context
    var client: Channel?
    var upstream: Channel?
    /// Which connection `upstream` is: events of an older one (before a move) are ignored.
    var generation = 0
    var security: RunChannelSecurity
    var start: RunStart?
    /// What waits to go to the node: everything while no node is ready (connecting, moving),
    /// and stdin beyond the node's credit.
    var queued: [RunMessage] = []
    /// Stdin bytes the node has room for.
    var credit = 0
    /// Stdin bytes forwarded since the client was last granted more.
    var clientGrant = 0
    let homeNonce = RunChannelSecurity.nonce()
    var done = false
    var startSent = false
    /// Where the process runs now.
    var current: PlacementChoice?
    /// A move in progress.
    var moving: Move?

    /// The stdin a client may send before it hears more.
    static let clientWindow: UInt32 = 1 << 20

    init(server: HomeServer.Context) {
        self.server = server
        self.security = RunChannelSecurity(node: server.node, keyRing: server.keyRing)
    }

    func channelActive(context: ChannelHandlerContext) {
        client = context.channel
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message: RunMessage
        do { message = try RunMessage(decoding: unwrapInboundIn(data)) } catch {
            return finish(.failed("racimo: \(error)"))
        }
        switch message {
        case .start(let start) where self.start == nil:
            self.start = start
            toClient(.window(Self.clientWindow))
            withCredentials(context.channel) { self.begin(start, peer: $0) }
        case .query(let query):
            withCredentials(context.channel) { peer in
                let answer = self.server.answer(query, peer)
                self.toClient(.answer(answer))
                self.client?.close(promise: nil)
            }
        case .stdin, .stdinClosed, .signal: toUpstream(message)
        default: finish(.failed("racimo: unexpected \(message) from the client"))
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The deputy (`racimo run`) is gone: the process goes with it, as a process whose
        // parent shell hung up would.
        if !done {
            upstream?.close(promise: nil)
            moving?.sourceChannel?.close(promise: nil)
        }
        done = true
        if let id = start?.id { server.table.remove(id) }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        upstream?.setOption(ChannelOptions.autoRead, value: context.channel.isWritable).whenFailure { _ in }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    // MARK: - Starting

    func withCredentials(_ channel: Channel, _ body: @escaping (PeerCredentials) -> Void) {
        guard let provider = channel as? SocketOptionProvider else { return finish(.failed("racimo: cannot tell who is asking")) }
        let future: EventLoopFuture<SocketCredentials.Raw> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SocketCredentials.level), name: SocketOptionName(SocketCredentials.option))
        future.whenComplete { result in
            guard case .success(let raw) = result else { return self.finish(.failed("racimo: cannot tell who is asking")) }
            body(PeerCredentials(uid: raw.uid, gid: raw.gid, pid: raw.pid))
        }
    }

    func begin(_ request: RunStart, peer: PeerCredentials) {
        var start = request
        start.uid = peer.uid
        start.gid = peer.gid
        start.homePID = peer.pid
        let account = Accounts.account(uid: peer.uid)
        start.user = account?.name ?? String(peer.uid)
        start.groups = account.map { Accounts.groups(of: $0.name, gid: peer.gid) } ?? [peer.gid]
        start.home = server.node.rawValue
        start.id = server.table.newID()
        start.homeNonce = homeNonce
        self.start = start
        let choice: PlacementChoice
        switch server.place(start) {
        case .success(let chosen): choice = chosen
        case .failure(let why): return finish(.failed("racimo run: \(why.message)"))
        }
        let id = start.id
        server.table.add(
            ProcessEntry(
                id: id, homePID: peer.pid, uid: peer.uid, user: start.user,
                command: start.argv.map { ($0 as NSString).lastPathComponent }.first ?? "?", home: start.home,
                node: choice.node, pid: 0, migrations: 0, state: "starting", seconds: 0,
                stays: start.locked ? "pinnedByUser" : nil, placement: choice.reason),
            signal: { [weak self] number in self?.client?.eventLoop.execute { self?.toUpstream(.signal(number)) } },
            lost: { [weak self] reason in self?.client?.eventLoop.execute { self?.lost(reason) } },
            migrate: { [weak self] target in self?.client?.eventLoop.execute { self?.migrate(to: target) } })
        current = choice
        connect(to: choice)
    }

    /// Opens a connection to the node `choice` names; its challenge is answered with the
    /// start (and, for a move, the image) in `answer(challenge:)`.
    func connect(to choice: PlacementChoice) {
        guard let client else { return }
        generation += 1
        startSent = false
        upstream = nil
        let session = self, generation = self.generation
        ClientBootstrap(group: client.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(.seconds(5))
            .channelInitializer { channel in
                KeepAlive.apply(to: channel).flatMapThrowing {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameStreamDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Upstream(session: session, generation: generation))
                }
            }
            .connect(host: choice.endpoint.host, port: choice.endpoint.port)
            .whenComplete { result in
                guard generation == self.generation else { return }
                switch result {
                case .success(let channel):
                    self.upstream = channel
                    if self.done { channel.close(promise: nil) }
                case .failure(let error):
                    self.unreachable(choice, error)
                }
            }
    }

    /// The connection to the node running the process.
    private final class Upstream: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = ByteBuffer
        let session: HomeSession
        let generation: Int
        init(session: HomeSession, generation: Int) {
            self.session = session
            self.generation = generation
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            session.fromUpstream(unwrapInboundIn(data), generation: generation)
        }
        func channelInactive(context: ChannelHandlerContext) {
            session.upstreamClosed(generation: generation)
            context.fireChannelInactive()
        }
        func errorCaught(context: ChannelHandlerContext, error: Error) { context.close(promise: nil) }
    }
}
