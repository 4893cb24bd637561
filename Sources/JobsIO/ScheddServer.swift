import Foundation
import LinuxSupport
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import RacimoCore

/// The schedd's two doors: a TCP port for startds (authenticated frames) and a Unix-domain
/// socket for local clients (JSON lines; the caller's uid comes from the kernel).
public final class ScheddServer: Sendable {
    let schedd: Schedd
    let listen: Endpoint
    let socketPath: String
    let logger: Logger
    private let channels = NIOLockedValueBox<[Channel]>([])

    public init(schedd: Schedd, listen: Endpoint, socketPath: String, logger: Logger) {
        self.schedd = schedd
        self.listen = listen
        self.socketPath = socketPath
        self.logger = logger
    }

    /// Binds both; throws when either cannot be bound.
    public func start() async throws {
        let schedd = self.schedd
        let nodes = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                JobConnectionHandler.install(on: channel, JobConnectionHandler(
                    received: { channel, frame in schedd.received(frame, on: channel) },
                    closed: { channel in schedd.closed(channel) }))
            }
            .bind(host: listen.host, port: listen.port).get()
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.createDirectory(
            atPath: (socketPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let clients = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ScheddClientHandler(schedd: schedd))
                }
            }
            .bind(unixDomainSocketPath: socketPath).get()
        // Anyone on the host may talk to the schedd; what they may do depends on their uid.
        chmod(socketPath, 0o666)
        channels.withLockedValue { $0 = [nodes, clients] }
        schedd.start()
        logger.info("schedd listening", metadata: ["startds": "\(listen)", "clients": "\(socketPath)"])
    }

    public func stop() async {
        schedd.stop()
        for channel in channels.withLockedValue({ $0 }) { try? await channel.close() }
        try? FileManager.default.removeItem(atPath: socketPath)
    }
}

/// One client connection: requests in, replies out, in order.
final class ScheddClientHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let schedd: Schedd

    init(schedd: Schedd) { self.schedd = schedd }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let line = unwrapInboundIn(data)
        let channel = context.channel
        let request: ScheddRequest
        do {
            request = try JSONDecoder().decode(ScheddRequest.self, from: Data(line.readableBytesView))
        } catch {
            Self.write(.refused("not a request this schedd understands: \(error)"), on: channel)
            return
        }
        guard let provider = channel as? SocketOptionProvider else {
            Self.write(.refused("cannot tell who is asking"), on: channel)
            return
        }
        let credentials: EventLoopFuture<SocketCredentials.Raw> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SocketCredentials.level), name: SocketOptionName(SocketCredentials.option))
        let schedd = self.schedd
        credentials.whenComplete { result in
            guard case .success(let raw) = result else {
                Self.write(.refused("cannot tell who is asking"), on: channel)
                return
            }
            let peer = PeerCredentials(uid: raw.uid, gid: raw.gid, pid: raw.pid)
            schedd.handle(request, from: peer) { reply in Self.write(reply, on: channel) }
        }
    }

    static func write(_ reply: ScheddReply, on channel: Channel) {
        guard var data = try? JSONEncoder().encode(reply) else { return }
        data.append(UInt8(ascii: "\n"))
        channel.writeAndFlush(ByteBuffer(bytes: data), promise: nil)
    }
}
