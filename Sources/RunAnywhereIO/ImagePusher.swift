import Foundation
import Glibc
import LinuxSupport
import Logging
import NIOCore
import NIOPosix
import RacimoCore

/// Sends a checkpoint image from the node a process leaves straight to the node it moves to,
/// file by file in frame-sized chunks read from disk as the connection has room: the image
/// crosses the network once, is never held whole in memory, and the target writes it as it
/// comes. The home only tells each side what to do.
final class ImagePusher: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Outcome: Equatable {
        case pushed
        case failed(String)
    }

    /// The most a chunk holds: well under a frame's limit.
    static let chunk = 512 * 1024

    private var security: RunChannelSecurity
    private var push: ImagePush
    private let folder: String
    private var files: [String]
    private var file: Int32 = -1
    private var allSent = false
    private var finished: ((Outcome) -> Void)?
    private let target: String

    init(security: RunChannelSecurity, push: ImagePush, folder: String, target: String, finished: @escaping (Outcome) -> Void) {
        self.security = security
        self.push = push
        self.folder = folder
        self.target = target
        self.files = Files.entries(of: folder).filter { $0.hasSuffix(".img") }.sorted()
        self.finished = finished
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message: RunMessage
        do { message = try security.open(unwrapInboundIn(data)).message } catch {
            return end(.failed("a bad frame from \(target) (\(error))"), context: context)
        }
        switch message {
        case .challenge(let nonce):
            push.nonce = nonce
            context.write(wrapOutboundOut(security.seal(.push(push))), promise: nil)
            sendMore(context: context)
        case .pushed: end(.pushed, context: context)
        case .failed(let why): end(.failed(why), context: context)
        default: end(.failed("unexpected \(message) from \(target)"), context: context)
        }
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { sendMore(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func channelInactive(context: ChannelHandlerContext) {
        end(.failed("\(target) closed the connection before the image was stored"), context: context)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        end(.failed("sending the image to \(target): \(error)"), context: context)
    }

    /// Reads and sends chunks while the connection has room; resumes when it has room again.
    private func sendMore(context: ChannelHandlerContext) {
        while !allSent && finished != nil && context.channel.isWritable {
            if file < 0 {
                guard !files.isEmpty else {
                    allSent = true
                    context.write(wrapOutboundOut(security.seal(.imagesDone)), promise: nil)
                    break
                }
                let name = files.removeFirst()
                // The folder is the user's: root reads only regular files they did not link in.
                file = open(folder + "/" + name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
                var info = stat()
                guard file >= 0, fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_nlink == 1 else {
                    return end(.failed("cannot read the image file \(name)"), context: context)
                }
                context.write(wrapOutboundOut(security.seal(.imageFile(name))), promise: nil)
            }
            var failed = false
            let bytes = [UInt8](unsafeUninitializedCapacity: Self.chunk) { buffer, count in
                var got = read(file, buffer.baseAddress, Self.chunk)
                while got < 0 && errno == EINTR { got = read(file, buffer.baseAddress, Self.chunk) }
                failed = got < 0
                count = max(0, got)
            }
            if failed { return end(.failed("cannot read the image: \(String(cString: strerror(errno)))"), context: context) }
            if bytes.isEmpty {
                close(file)
                file = -1
            } else {
                context.write(wrapOutboundOut(security.seal(.imageData(bytes))), promise: nil)
            }
        }
        context.flush()
    }

    private func end(_ outcome: Outcome, context: ChannelHandlerContext) {
        if file >= 0 { close(file) }
        file = -1
        guard let finished else { return }
        self.finished = nil
        // On success the connection stays open: the target keeps the image while it does.
        if outcome != .pushed { context.close(promise: nil) }
        finished(outcome)
    }
}

extension ExecSession {
    /// Connects to the move's target and pushes the image in `folder`; `pushOutcome` says how
    /// it went, and the home hears of it once the output has drained too.
    func push(_ folder: String, to order: MoveOrder) {
        guard let channel, let start else { return }
        let began = Date()
        let push = ImagePush(nonce: [], image: order.image, home: start.home, uid: start.uid, gid: start.gid, groups: start.groups)
        let pusher = ImagePusher(
            security: RunChannelSecurity(node: settings.node, keyRing: settings.keyRing), push: push, folder: folder,
            target: order.node
        ) { [weak self] outcome in
            guard let self else { return }
            self.logger.info("run: image pushed", metadata: ["to": "\(order.node)", "outcome": "\(outcome)", "seconds": "\(Date().timeIntervalSince(began))"])
            self.pushOutcome = outcome
            self.finishIfDone()
        }
        ClientBootstrap(group: channel.eventLoop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelOption(.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
            .connectTimeout(.seconds(5))
            .channelInitializer { pushChannel in
                KeepAlive.apply(to: pushChannel).flatMapThrowing {
                    try pushChannel.pipeline.syncOperations.addHandler(ByteToMessageHandler(FrameStreamDecoder()))
                    try pushChannel.pipeline.syncOperations.addHandler(pusher)
                }
            }
            .connect(host: order.host, port: order.port)
            .whenComplete { [weak self] result in
                switch result {
                case .success(let pushChannel):
                    // The home went meanwhile: nobody will restore it.
                    if self?.channel?.isActive != true { pushChannel.close(promise: nil) }
                    self?.pusher = pushChannel
                case .failure(let error):
                    self?.pushOutcome = .failed("cannot reach \(order.node) at \(order.host):\(order.port): \(error)")
                    self?.finishIfDone()
                }
            }
    }
}
