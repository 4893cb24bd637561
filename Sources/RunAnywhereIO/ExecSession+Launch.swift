import Foundation
import LinuxSupport
import NIOCore
import NIOPosix

extension ExecSession {
    /// Starts a new process: `racimo job-exec` as the caller, in a session of its own.
    func begin(_ start: RunStart, on loop: EventLoop) {
        guard start.nonce == nonce else { return refuse("the start does not answer this node's challenge") }
        guard !start.argv.isEmpty, start.argv[0].hasPrefix("/") else { return refuse("no program path to run") }
        guard admits(home: start.home, uid: start.uid) else { return }
        let plan = JobExec.Plan(
            uid: start.uid, gid: start.gid, groups: start.groups, cgroupProcs: nil, directory: start.directory,
            input: "-", output: nil, error: nil, executable: start.argv[0], arguments: Array(start.argv.dropFirst()))
        launch([settings.racimo, "job-exec"] + plan.commandLine, environment: start.environment, on: loop) { $0 }
    }

    /// Brings back a checkpointed process from the image waiting here under the move's id:
    /// `racimo job-exec --restore` with this node's new pipes in place of the old ones.
    func restore(on loop: EventLoop) {
        guard let start, let info = start.restore else { return }
        guard start.nonce == nonce else { return refuse("the start does not answer this node's challenge") }
        guard admits(home: start.home, uid: start.uid) else { return }
        guard let criu = settings.criu else { return refuse("\(settings.node) cannot restore: \(settings.criuProblem)") }
        guard let folder = staged.take(info.image, uid: start.uid) else { return refuse("the image is not on \(settings.node)") }
        restoredFolder = folder
        let owner = Checkpoint.Owner(uid: start.uid, gid: start.gid, groups: start.groups)
        let plan = RestoreKeeper.Plan(images: folder, pipes: info.pipes, criu: criu, owner: owner)
        launch([settings.racimo, "job-exec"] + plan.commandLine, environment: ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], on: loop) { _ in
            info.pid
        }
    }

    func admits(home: String, uid: UInt32) -> Bool {
        guard let problem = admissionProblem(home: home, uid: uid) else { return true }
        refuse(problem)
        return false
    }

    func admissionProblem(home: String, uid: UInt32) -> String? {
        if home != settings.node.rawValue && !settings.acceptsGuests() { return "\(settings.node) accepts no guests (racimo ctl block)" }
        if uid == 0 && !settings.allowRoot && home != settings.node.rawValue {
            return "\(settings.node) runs no guest as root (allow_root in [run] is off)"
        }
        return nil
    }

    /// Spawns `command` with three new pipes as its standard streams; `group` gives the
    /// process group to signal from the spawned pid (itself, or the restored process).
    private func launch(_ command: [String], environment: [String], on loop: EventLoop, group: @escaping @Sendable (Int32) -> Int32) {
        guard let input = Pipes.make(), let output = Pipes.make(), let error = Pipes.make() else {
            return refuse("cannot make pipes: out of descriptors")
        }
        // posix_spawn waits for the child's exec (or the restore): off the event loop.
        DispatchQueue.global().async {
            let launched = Result { () throws(JobLauncher.Failure) in
                try JobLauncher.launch(command, environment: environment, standardStreams: [input.read, output.write, error.write], newSession: true)
            }
            for fd in [input.read, output.write, error.write] { Pipes.close(fd) }
            loop.execute {
                switch launched {
                case .success(let started):
                    self.running(waitFor: started.pid, group: group(started.pid), stdin: input.write, stdout: output.read, stderr: error.read)
                case .failure(let why):
                    for fd in [input.write, output.read, error.read] { Pipes.close(fd) }
                    if let folder = self.restoredFolder { try? FileManager.default.removeItem(atPath: folder) }
                    self.refuse(why.description)
                }
            }
        }
    }

    private func running(waitFor child: Int32, group pid: Int32, stdin: Int32, stdout: Int32, stderr: Int32) {
        guard let channel, let start, channel.isActive else {
            // The home went while it started (or was restored): nobody would read its output
            // or hear its end, and the home may already run it elsewhere.
            JobLauncher.signalGroup(pid, SIGKILL)
            for fd in [stdin, stdout, stderr] { Pipes.close(fd) }
            if let restoredFolder { try? FileManager.default.removeItem(atPath: restoredFolder) }
            DispatchQueue.global().async { _ = JobLauncher.wait(child) }
            return
        }
        self.pid = pid
        stdinDescriptor = stdin
        if let restoredFolder {
            try? FileManager.default.removeItem(atPath: restoredFolder)
            restoredAt = .now()
        }
        registry.add(pid: pid, start: start)
        send(.started(RunStarted(node: settings.node.rawValue, pid: pid, id: start.id, nonce: start.homeNonce)))
        send(.window(Self.initialWindow))
        let loop = channel.eventLoop
        NIOPipeBootstrap(group: loop)
            .takingOwnershipOfDescriptor(output: stdin)
            .whenComplete { result in
                switch result {
                case .success(let pipe):
                    self.stdin = pipe
                    for chunk in self.pendingStdin { self.writeStdin(Array(chunk.readableBytesView), to: pipe) }
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
            let ending = JobLauncher.wait(child)
            loop.execute { self.exited(ending) }
        }
        report(pid, every: .seconds(1), on: loop)
    }

    /// Each period: what keeps the process group from moving (a listening socket, shared
    /// memory, a device), its CPU time and memory, sent home for `racimo ps` and the policy.
    private func report(_ pid: Int32, every period: TimeAmount, on loop: EventLoop) {
        loop.scheduleTask(in: period) { [weak self] in
            guard let self, self.ending == nil, self.checkpoint == nil else { return }
            DispatchQueue.global().async {
                let reason = MigrationInspection.whyStays(group: pid)
                let usage = MigrationInspection.usage(group: pid)
                loop.execute {
                    guard self.ending == nil, self.checkpoint == nil else { return }
                    self.status = RunStatus(stays: reason, cpuSeconds: usage.cpuSeconds, residentBytes: usage.residentBytes)
                    self.send(.status(self.status))
                    self.report(pid, every: period, on: loop)
                }
            }
        }
    }
}
