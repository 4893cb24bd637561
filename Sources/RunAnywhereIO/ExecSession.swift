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
/// The conversation: challenge out; start in; started out; then stdin, stdin-closed and
/// signals in, stdout and stderr out; exit out once the process has ended and both output
/// pipes are drained; close. If the home goes away first, the process is killed: its
/// identity lives at home, as it did in openMosix.
final class ExecSession: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer

    struct Settings: Sendable {
        var node: NodeName
        var keyRing: KeyRing
        var racimo: String
        var allowRoot: Bool
        var acceptsGuests: @Sendable () -> Bool
    }

    private let settings: Settings
    private let registry: GuestRegistry
    private let logger: Logger
    private var security: RunChannelSecurity
    private let nonce = RunChannelSecurity.nonce()
    private var channel: Channel?
    private var start: RunStart?
    private var pid: Int32?
    private var stdin: Channel?
    private var pendingStdin: [ByteBuffer] = []
    private var stdinClosed = false
    private var lastStdinWrite: EventLoopFuture<Void>?
    private var outputs: [Channel] = []
    private var openOutputs = 2
    private var ending: JobLauncher.Ending?
    private var finished = false
    private var stays: String?

    init(settings: Settings, registry: GuestRegistry, logger: Logger) {
        self.settings = settings
        self.registry = registry
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
        case .start(let start) where self.start == nil: begin(start, on: context.eventLoop)
        case .stdin(let bytes): toStdin(ByteBuffer(bytes: bytes), context: context)
        case .stdinClosed:
            stdinClosed = true
            closeStdinAfterWrites()
        case .signal(let number): if let pid { JobLauncher.signalGroup(pid, number) }
        default:
            logger.warning("unexpected run message", metadata: ["message": "\(message)"])
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // The home is gone: nobody is left to read the output or to be told the status.
        if let pid, ending == nil {
            logger.info("home connection lost, killing the process", metadata: ["pid": "\(pid)"])
            JobLauncher.signalGroup(pid, SIGKILL)
        }
        stdin?.close(promise: nil)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        let writable = context.channel.isWritable
        for output in outputs { output.setOption(ChannelOptions.autoRead, value: writable).whenFailure { _ in } }
        context.fireChannelWritabilityChanged()
    }

    // MARK: - Starting

    private func begin(_ start: RunStart, on loop: EventLoop) {
        self.start = start
        guard start.nonce == nonce else { return refuse("the start does not answer this node's challenge") }
        guard !start.argv.isEmpty, start.argv[0].hasPrefix("/") else { return refuse("no program path to run") }
        if start.home != settings.node.rawValue && !settings.acceptsGuests() {
            return refuse("\(settings.node) accepts no guests (racimo ctl block)")
        }
        if start.uid == 0 && !settings.allowRoot && start.home != settings.node.rawValue {
            return refuse("\(settings.node) runs no guest as root (allow_root in [run] is off)")
        }
        guard let input = Pipes.make(), let output = Pipes.make(), let error = Pipes.make() else {
            return refuse("cannot make pipes: out of descriptors")
        }
        let plan = JobExec.Plan(
            uid: start.uid, gid: start.gid, groups: start.groups, cgroupProcs: nil, directory: start.directory,
            input: "-", output: nil, error: nil, executable: start.argv[0], arguments: Array(start.argv.dropFirst()))
        let command = [settings.racimo, "job-exec"] + plan.commandLine
        let environment = start.environment
        // posix_spawn waits for the child's exec: off the event loop.
        DispatchQueue.global().async {
            let launched = Result { () throws(JobLauncher.Failure) in
                try JobLauncher.launch(command, environment: environment, standardStreams: [input.read, output.write, error.write])
            }
            for fd in [input.read, output.write, error.write] { Pipes.close(fd) }
            loop.execute {
                switch launched {
                case .success(let started):
                    self.running(started.pid, stdin: input.write, stdout: output.read, stderr: error.read)
                case .failure(let why):
                    for fd in [input.write, output.read, error.read] { Pipes.close(fd) }
                    self.refuse(why.description)
                }
            }
        }
    }

    private func running(_ pid: Int32, stdin: Int32, stdout: Int32, stderr: Int32) {
        guard let channel, let start else { return }
        self.pid = pid
        registry.add(pid: pid, start: start)
        send(.started(RunStarted(node: settings.node.rawValue, pid: pid, id: start.id, nonce: start.homeNonce)))
        let loop = channel.eventLoop
        NIOPipeBootstrap(group: loop)
            .channelInitializer { pipe in
                pipe.eventLoop.makeCompletedFuture {
                    try pipe.pipeline.syncOperations.addHandler(WritabilityWatch { [weak self] writable in
                        if writable { self?.channel?.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
                    })
                }
            }
            .takingOwnershipOfDescriptor(output: stdin)
            .whenComplete { result in
                switch result {
                case .success(let pipe):
                    self.stdin = pipe
                    for chunk in self.pendingStdin { self.lastStdinWrite = pipe.write(chunk) }
                    pipe.flush()
                    self.pendingStdin = []
                    if self.stdinClosed { self.closeStdinAfterWrites() }
                case .failure: Pipes.close(stdin)
                }
            }
        for (fd, isError) in [(stdout, false), (stderr, true)] {
            NIOPipeBootstrap(group: loop)
                .channelOption(.autoRead, value: channel.isWritable)
                .channelInitializer { pipe in
                    pipe.eventLoop.makeCompletedFuture {
                        try pipe.pipeline.syncOperations.addHandler(StreamPump(
                            chunk: { [weak self] bytes in
                                let data = Array(bytes.readableBytesView)
                                self?.send(isError ? .stderr(data) : .stdout(data))
                            },
                            ended: { [weak self] in self?.outputEnded() }))
                    }
                }
                .takingOwnershipOfDescriptor(input: fd)
                .whenComplete { result in
                    switch result {
                    case .success(let pipe): self.outputs.append(pipe)
                    case .failure:
                        Pipes.close(fd)
                        self.outputEnded()
                    }
                }
        }
        DispatchQueue.global().async {
            let ending = JobLauncher.wait(pid)
            loop.execute { self.exited(ending) }
        }
        inspect(pid, every: .seconds(1), on: loop)
    }

    /// Looks at the process group each period for what keeps it from moving (a listening
    /// socket, shared memory, a device) and tells home when that changes, for `racimo ps`.
    private func inspect(_ pid: Int32, every period: TimeAmount, on loop: EventLoop) {
        loop.scheduleTask(in: period) { [weak self] in
            guard let self, self.ending == nil else { return }
            DispatchQueue.global().async {
                let reason = MigrationInspection.whyStays(group: pid)
                loop.execute {
                    guard self.ending == nil else { return }
                    if reason != self.stays {
                        self.stays = reason
                        self.send(.stays(reason))
                    }
                    self.inspect(pid, every: period, on: loop)
                }
            }
        }
    }

    // MARK: - Streams and ending

    private func toStdin(_ bytes: ByteBuffer, context: ChannelHandlerContext) {
        guard let stdin else {
            pendingStdin.append(bytes)
            return
        }
        lastStdinWrite = stdin.writeAndFlush(bytes)
        if !stdin.isWritable { context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
    }

    /// Closing a channel drops the writes still queued on it: close once the last is done.
    private func closeStdinAfterWrites() {
        guard let stdin else { return }
        guard let last = lastStdinWrite else { return stdin.close(promise: nil) }
        last.whenComplete { _ in stdin.close(promise: nil) }
    }

    private func outputEnded() {
        openOutputs -= 1
        finishIfDone()
    }

    private func exited(_ ending: JobLauncher.Ending) {
        self.ending = ending
        if let pid { registry.remove(pid: pid) }
        stdin?.close(promise: nil)
        finishIfDone()
        // A child of the process may still hold the pipes open: give the output a moment,
        // then report anyway.
        channel?.eventLoop.scheduleTask(in: .seconds(2)) { [weak self] in
            self?.openOutputs = 0
            self?.finishIfDone()
        }
    }

    private func finishIfDone() {
        guard !finished, let ending, openOutputs <= 0 else { return }
        finished = true
        let exit = RunExit(code: ending.exitCode, signal: ending.signal, cpuSeconds: ending.userSeconds + ending.systemSeconds)
        send(.exit(exit))
        for output in outputs { output.close(promise: nil) }
        channel?.close(promise: nil)
    }

    private func refuse(_ why: String) {
        logger.notice("run refused", metadata: ["why": "\(why)", "home": "\(start?.home ?? "?")"])
        send(.failed(why))
        channel?.close(promise: nil)
    }

    private func send(_ message: RunMessage) {
        guard let channel else { return }
        channel.writeAndFlush(security.seal(message), promise: nil)
    }
}
