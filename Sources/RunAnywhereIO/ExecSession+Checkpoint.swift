import Foundation
import LinuxSupport
import NIOCore

extension ExecSession {
    /// The home asks the process to move: checkpoint it with CRIU (which ends it here), push
    /// the image to the target while the last output drains home, then tell the home. A process
    /// that cannot move, or a dump CRIU refuses, stays and runs on; the home is told why.
    func checkpointForMove(_ order: MoveOrder, context: ChannelHandlerContext) {
        guard let pid, ending == nil, checkpoint == nil else { return send(.migrateRefused("it is not running here")) }
        guard MoveOrder.isImageID(order.image) else { return send(.migrateRefused("the move's image id is malformed")) }
        // CRIU cannot checkpoint a tree it restored a moment ago (it fails to detach from
        // it): a move asked for within a second of arriving waits for that second.
        if let restoredAt, NIODeadline.now() < restoredAt + .seconds(1) {
            context.eventLoop.scheduleTask(deadline: restoredAt + .seconds(1)) { [weak self] in
                guard let self, let channel = self.channel, let handler = try? channel.pipeline.syncOperations.context(handlerType: ExecSession.self) else { return }
                self.checkpointForMove(order, context: handler)
            }
            return
        }
        if let code = MigrationInspection.whyStays(group: pid) { return send(.migrateRefused(code)) }
        guard let criu = settings.criu else { return send(.migrateRefused("\(settings.node) cannot checkpoint: \(settings.criuProblem)")) }
        let pipes = (0...2).compactMap { Checkpoint.pipeInode(pid: pid, descriptor: Int32($0)) }
        guard pipes.count == 3 else { return send(.migrateRefused("its standard streams are no longer the pipes it started with")) }
        let folder = settings.imageFolder + "/out-\(pid)-\(UUID().uuidString.prefix(8))"
        let owner = Checkpoint.Owner(uid: start?.uid ?? 0, gid: start?.gid ?? 0, groups: start?.groups ?? [])
        try? FileManager.default.createDirectory(atPath: settings.imageFolder, withIntermediateDirectories: true)
        guard Checkpoint.makeFolder(folder, owner: owner) else {
            return send(.migrateRefused("\(settings.node) cannot write an image under \(settings.imageFolder)"))
        }
        checkpoint = (folder, nil)
        self.order = order
        // No stdin or signal is taken while it is frozen: the home holds them for the next node.
        context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in }
        let loop = context.eventLoop, began = Date()
        DispatchQueue.global().async {
            var result = Checkpoint.dump(pid: pid, images: folder, criu: criu, owner: owner)
            // A dump refused for a passing reason (a process just restored can still be
            // settling) is tried once more; CRIU resumed the process meanwhile.
            if case .failure = result, MigrationInspection.members(of: pid).contains(pid) {
                usleep(200_000)
                result = Checkpoint.dump(pid: pid, images: folder, criu: criu, owner: owner)
            }
            loop.execute {
                switch result {
                case .failure(let why):
                    self.checkpoint = nil
                    self.order = nil
                    try? FileManager.default.removeItem(atPath: folder)
                    self.channel?.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in }
                    self.logger.notice("run: checkpoint refused", metadata: ["pid": "\(pid)", "why": "\(why)"])
                    self.send(.migrateRefused(why.description))
                case .success:
                    self.dumped(pid: pid, pipes: pipes, folder: folder, seconds: Date().timeIntervalSince(began))
                }
            }
        }
    }

    private func dumped(pid: Int32, pipes: [UInt64], folder: String, seconds: Double) {
        // Input the process had not read goes down with its pipe: what is still in the pipe
        // and what the channel has not written yet, the end of what was handed over, goes
        // to the next node first.
        let buffered = stdin?.isActive == true ? ((try? stdin?.syncOptions?.getOption(ChannelOptions.bufferedWritableBytes)) ?? 0) : 0
        let unread = Checkpoint.unreadBytes(pid: pid, descriptor: 0)
        let resend = Array(handedStdin.suffix(buffered + unread)) + pendingStdin.flatMap { Array($0.readableBytesView) }
        logger.info("run: standard input to carry over", metadata: ["in_pipe": "\(unread)", "not_written": "\(buffered)", "pid": "\(pid)"])
        var info = DumpInfo(pid: pid, pipes: pipes, resend: resend, cpuSeconds: status.cpuSeconds, dumpSeconds: seconds)
        info.stdinClosed = stdinClosed
        checkpoint = (folder, info)
        // The image goes to the target now, while the last output drains home; this node
        // keeps its copy until the home is done with the move.
        if let order, channel?.isActive == true, staged.keep(order.image, folder: folder, uid: start?.uid ?? 0) {
            push(folder, to: order)
        } else {
            pushOutcome = .failed("the home went away during the checkpoint")
            try? FileManager.default.removeItem(atPath: folder)
        }
        // It was left stopped so that its stdin pipe could be measured; now it goes.
        JobLauncher.signalGroup(pid, SIGKILL)
        stdin?.close(promise: nil)
        finishIfDone()
    }

    /// Tells the home the process has left: the input it had not read (a file of the image
    /// as far as the home is concerned, since it can be larger than a frame), then `dumped`
    /// with where the image is. The connection stays open: it keeps this node's copy of the
    /// image for a restore here, should the target refuse it.
    func reportDumped(once pid: Int32, reaped: Bool = false) {
        // The restore brings back the same PIDs: on nodes that share one PID space (network
        // namespaces on one machine) the old tree must be reaped first. Two seconds at most.
        // The wait scans /proc, so it runs off the event loop that relays other processes.
        if !reaped, let loop = channel?.eventLoop {
            DispatchQueue.global().async {
                for _ in 0..<200 where !MigrationInspection.members(of: pid).isEmpty { usleep(10_000) }
                loop.execute { self.reportDumped(once: pid, reaped: true) }
            }
            return
        }
        guard let channel, let checkpoint, var info = checkpoint.info, let order else { return }
        if !info.resend.isEmpty {
            channel.write(security.seal(.imageFile(DumpInfo.unreadInputFile)), promise: nil)
            var offset = 0
            while offset < info.resend.count {
                let end = min(offset + 512 * 1024, info.resend.count)
                channel.write(security.seal(.imageData(Array(info.resend[offset..<end]))), promise: nil)
                offset = end
            }
        }
        info.resend = []
        info.image = order.image
        if case .failed(let why) = pushOutcome { info.pushProblem = why } else { info.pushed = true }
        channel.writeAndFlush(security.seal(.dumped(info)), promise: nil)
        logger.info("run: process checkpointed", metadata: [
            "pid": "\(info.pid)", "to": "\(order.node)", "dump": "\(info.dumpSeconds)", "pushed": "\(info.pushProblem ?? "yes")"])
    }
}
