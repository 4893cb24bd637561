import Foundation
import LinuxSupport
import Logging
import NIOCore
import NIOPosix
import RacimoCore

/// One placed process on the node that runs it: the connection from its home agent, the
/// process, and its three pipes. Everything happens on the connection's event loop; the
/// pipes are channels on that same loop, so a full send buffer pauses the pipe reads and a
/// full stdin pipe pauses the connection's reads (backpressure both ways).
///
/// The conversation: challenge out; start in (a new process, or a checkpoint image to
/// restore); started out; then stdin, stdin-closed, signals and `migrate` in, stdout, stderr
/// and a status each second out; exit out once the process has ended and both output pipes
/// are drained, or the image and `dumped` out when it moves away; close. If the home goes
/// away first, the process is killed: its identity lives at home, as in openMosix.
final class ExecSession: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    struct Settings: Sendable {
        var node: NodeName
        var keyRing: KeyRing
        var racimo: String
        var allowRoot: Bool
        var acceptsGuests: @Sendable () -> Bool
        /// How to run CRIU, or nil when it is absent or `criu check` failed.
        var criu: [String]?
        /// Why there is no CRIU, for the user.
        var criuProblem: String
        /// Where checkpoint images are written.
        var imageFolder: String
    }

    let settings: Settings
    let registry: GuestRegistry
    let staged: StagedImages
    let logger: Logger
    var security: RunChannelSecurity
    let nonce = RunChannelSecurity.nonce()
    var channel: Channel?
    var start: RunStart?
    /// The process group to signal (the process itself leads it).
    var pid: Int32?
    var stdin: Channel?
    var stdinDescriptor: Int32 = -1
    var pendingStdin: [ByteBuffer] = []
    var stdinClosed = false
    var lastStdinWrite: EventLoopFuture<Void>?
    /// The tail of what was handed to the stdin pipe's channel: what the process has not
    /// read when it moves (still buffered in the channel, or in the pipe) is its end.
    var handedStdin: [UInt8] = []
    /// Stdin bytes written since the last credit sent home.
    var credit = 0
    var outputs: [Channel] = []
    var openOutputs = 2
    var ending: JobLauncher.Ending?
    var finished = false
    var status = RunStatus(stays: nil, cpuSeconds: 0, residentBytes: 0)
    /// A checkpoint in progress or done: the image folder and what the restore needs.
    var checkpoint: (folder: String, info: DumpInfo?)?
    /// The move in progress from here, and how the image's push to its target went (nil
    /// while under way).
    var order: MoveOrder?
    var pusher: Channel?
    var pushOutcome: ImagePusher.Outcome?
    /// An image arriving from another node, written file by file as it comes.
    var staging: ImageStaging?
    /// This image connection's push was refused: what follows is read and dropped.
    var pushRefused = false
    /// The folder a restore runs from; removed once the process runs.
    var restoredFolder: String?
    /// When a restored process started running here.
    var restoredAt: NIODeadline?

    init(settings: Settings, registry: GuestRegistry, staged: StagedImages, logger: Logger) {
        self.settings = settings
        self.registry = registry
        self.staged = staged
        self.logger = logger
        self.security = RunChannelSecurity(node: settings.node, keyRing: settings.keyRing)
    }

    func channelActive(context: ChannelHandlerContext) {
        channel = context.channel
        send(.challenge(nonce))
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let message: RunMessage
        do {
            message = try security.open(unwrapInboundIn(data)).message
        } catch {
            logger.warning("run connection dropped", metadata: ["why": "\(error)"])
            context.close(promise: nil)
            return
        }
        switch message {
        case .start(let start) where self.start == nil:
            self.start = start
            if start.restore == nil { begin(start, on: context.eventLoop) } else { restore(on: context.eventLoop) }
        case .imageFile where pushRefused, .imageData where pushRefused, .imagesDone where pushRefused: break
        case .push(let push) where start == nil && staging == nil && !pushRefused: receive(push)
        case .imageFile(let name) where staging != nil: stage(file: name)
        case .imageData(let bytes) where staging != nil: stage(bytes)
        case .imagesDone where staging != nil: imageComplete()
        case .stdin(let bytes): toStdin(bytes, context: context)
        case .stdinClosed:
            stdinClosed = true
            closeStdinAfterWrites()
        case .signal(let number): if let pid, checkpoint == nil { JobLauncher.signalGroup(pid, number) }
        case .migrate(let order): checkpointForMove(order, context: context)
        default:
            logger.warning("unexpected run message", metadata: ["message": "\(message)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The home is gone: nobody is left to read the output or to be told the status.
        if let pid, ending == nil, checkpoint?.info == nil {
            logger.info("home connection lost, killing the process", metadata: ["pid": "\(pid)"])
            JobLauncher.signalGroup(pid, SIGKILL)
        }
        stdin?.close(promise: nil)
        // A dump kept for a refused move, and an image nobody asked for, go now.
        if let checkpoint, let order, checkpoint.info != nil {
            staged.discard(order.image, folder: checkpoint.folder)
        } else if let folder = checkpoint?.folder {
            try? FileManager.default.removeItem(atPath: folder)
        }
        pusher?.close(promise: nil)
        dropStaging()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        logger.notice("run connection closed on an error", metadata: ["why": "\(error)", "pid": "\(pid ?? 0)"])
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        for output in outputs { output.setOption(ChannelOptions.autoRead, value: writable).whenFailure { _ in } }
        context.fireChannelWritabilityChanged()
    }

    // MARK: - Streams and ending

    private func toStdin(_ bytes: [UInt8], context: ChannelHandlerContext) {
        guard let stdin else {
            pendingStdin.append(ByteBuffer(bytes: bytes))
            return
        }
        writeStdin(bytes, to: stdin)
    }

    /// Writes to the stdin pipe, keeping the last 16 MiB handed over (more than a pipe and
    /// the channel's buffer can hold, since reads pause when it is full).
    func writeStdin(_ bytes: [UInt8], to stdin: Channel) {
        handedStdin += bytes
        if handedStdin.count > 32 << 20 { handedStdin.removeFirst(handedStdin.count - (16 << 20)) }
        let write = stdin.writeAndFlush(ByteBuffer(bytes: bytes))
        lastStdinWrite = write
        // Each byte in the pipe earns the home a byte of credit, sent in 64 KiB steps.
        write.whenSuccess { [weak self] in
            guard let self, self.checkpoint == nil else { return }
            self.credit += bytes.count
            if self.credit >= 65536 {
                self.send(.window(UInt32(self.credit)))
                self.credit = 0
            }
        }
    }

    /// Stdin credit the home starts with: enough to fill a pipe and keep it full.
    static let initialWindow: UInt32 = 1 << 20

    /// Closing a channel drops the writes still queued on it: close once the last is done.
    func closeStdinAfterWrites() {
        guard let stdin, checkpoint == nil else { return }
        guard let last = lastStdinWrite else { return stdin.close(promise: nil) }
        last.whenComplete { _ in stdin.close(promise: nil) }
    }

    func outputEnded() {
        openOutputs -= 1
        finishIfDone()
    }

    func exited(_ ending: JobLauncher.Ending) {
        self.ending = ending
        if let pid { registry.remove(pid: pid) }
        if checkpoint == nil { stdin?.close(promise: nil) }
        finishIfDone()
        // A child of the process may still hold the pipes open: give the output a moment,
        // then report anyway.
        channel?.eventLoop.scheduleTask(in: .seconds(2)) { [weak self] in
            self?.openOutputs = 0
            self?.finishIfDone()
        }
    }

    func finishIfDone() {
        guard !finished, let ending, openOutputs <= 0 else { return }
        if let checkpoint {
            // Moving away: once the output is all home and the image has gone to the target
            // (or failed to), the home is told; it closes this connection after the restore.
            guard let info = checkpoint.info, pushOutcome != nil else { return }
            finished = true
            return reportDumped(once: info.pid)
        }
        finished = true
        let exit = RunExit(code: ending.exitCode, signal: ending.signal, cpuSeconds: ending.userSeconds + ending.systemSeconds)
        send(.exit(exit))
        for output in outputs { output.close(promise: nil) }
        channel?.close(promise: nil)
    }

    func refuse(_ why: String) {
        logger.notice("run refused", metadata: ["why": "\(why)", "home": "\(start?.home ?? "?")"])
        send(.failed(why))
        channel?.close(promise: nil)
    }

    func send(_ message: RunMessage) {
        guard let channel else { return }
        channel.writeAndFlush(security.seal(message), promise: nil)
    }
}
