import Foundation
import Jobs
import Logging
import NIOCore
import NIOPosix
import RacimoCore
import Synchronization

/// The execute role (HTCondor's startd): keeps one authenticated connection to the schedd,
/// offers this node's resources, runs the jobs it is given with the `Starter`, and reports
/// how each run ended until the schedd acknowledges it.
public final class Startd: Sendable {
    public let machine: MachineAd
    let scheduler: Endpoint
    let security: JobChannelSecurity
    let starter: Starter
    let logger: Logger

    private struct State {
        var channel: Channel?
        /// Results sent but not yet acknowledged: sent again after a reconnect.
        var unacknowledged: [RunID: RunResult] = [:]
        var stopping = false
    }

    private let state = Mutex(State())

    public init(machine: MachineAd, scheduler: Endpoint, security: JobChannelSecurity, starter: Starter, logger: Logger) {
        self.machine = machine
        self.scheduler = scheduler
        self.security = security
        self.starter = starter
        self.logger = logger
    }

    /// Connects, and reconnects after any loss, until cancelled; then kills the running jobs.
    public func run() async {
        logger.info("execute node offering slots", metadata: [
            "schedd": "\(scheduler)", "cpus": "\(machine.resources.cpus)", "memory_mb": "\(machine.resources.memoryMB)",
        ])
        while !Task.isCancelled {
            await connectOnce()
            try? await Task.sleep(for: .milliseconds(500))
        }
        state.withLock { $0.stopping = true }
        starter.killAll()
    }

    private func connectOnce() async {
        let handler = JobConnectionHandler(
            opened: { [self] channel in sayHello(on: channel) },
            received: { [self] channel, frame in receive(frame, on: channel) },
            closed: { [self] channel in
                state.withLock { if $0.channel === channel { $0.channel = nil } }
            })
        do {
            let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(.seconds(2))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { JobConnectionHandler.install(on: $0, handler) }
                .connect(host: scheduler.host, port: scheduler.port).get()
            try await withTaskCancellationHandler {
                try await channel.closeFuture.get()
            } onCancel: {
                channel.close(promise: nil)
            }
            logger.warning("connection to the schedd lost; reconnecting", metadata: ["schedd": "\(scheduler)"])
        } catch {
            logger.debug("cannot reach the schedd", metadata: ["schedd": "\(scheduler)", "error": "\(error)"])
        }
    }

    private func sayHello(on channel: Channel) {
        let finished = state.withLock { state -> [JobMessage.FinishedRun] in
            state.channel = channel
            return state.unacknowledged.map { JobMessage.FinishedRun(run: $0.key, result: $0.value) }.sorted { $0.run < $1.run }
        }
        send(.hello(machine: machine, holding: starter.runs.sorted(), finished: finished), on: channel)
    }

    private func receive(_ frame: ByteBuffer, on channel: Channel) {
        let message: JobMessage
        do {
            message = try security.open(frame).message
        } catch {
            logger.warning("dropping a jobs frame from the schedd", metadata: ["error": "\(error)"])
            channel.close(promise: nil)
            return
        }
        switch message {
        case .start(let job):
            guard let run = job.run, !starter.runs.contains(run) else { return }
            logger.info("starting job", metadata: ["job": "\(job.id)", "run": "\(run.attempt)", "owner": "\(job.owner)"])
            starter.start(job, started: { [self] in report(.started(run)) }, ended: { [self] result in
                // Jobs this node kills on its way down are not finished: the schedd, seeing the
                // node go, runs them again elsewhere.
                guard state.withLock({ $0.stopping }) == false else { return }
                state.withLock { $0.unacknowledged[run] = result }
                report(.ended(JobMessage.FinishedRun(run: run, result: result)))
            })
        case .kill(let run):
            starter.kill(run)
        case .acknowledged(let run):
            _ = state.withLock { $0.unacknowledged.removeValue(forKey: run) }
        case .hello, .started, .ended:
            logger.debug("unexpected message from the schedd", metadata: ["message": "\(message)"])
        }
    }

    /// Sends on the current connection, if there is one; what is lost is sent again in the
    /// next hello (finished runs) or does not matter (started).
    private func report(_ message: JobMessage) {
        guard let channel = state.withLock({ $0.channel }) else { return }
        send(message, on: channel)
    }

    private func send(_ message: JobMessage, on channel: Channel) {
        do {
            channel.writeAndFlush(try security.seal(message), promise: nil)
        } catch {
            logger.error("cannot encode a jobs message", metadata: ["error": "\(error)"])
        }
    }
}
