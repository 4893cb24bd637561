import Foundation
import Jobs
import NIOCore

extension Schedd {
    /// A frame from a startd's connection.
    func received(_ frame: ByteBuffer, on channel: Channel) {
        let message: JobMessage
        do {
            message = try security.open(frame).message
        } catch {
            logger.warning("dropping a jobs connection", metadata: ["from": "\(channel.remoteAddress.map { "\($0)" } ?? "?")", "error": "\(error)"])
            channel.close(promise: nil)
            return
        }
        engine.async { [self] in handle(message, on: channel) }
    }

    private func handle(_ message: JobMessage, on channel: Channel) {
        switch message {
        case .hello(let machine, let holding, let finished):
            if let old = connections[machine.name], old !== channel { old.close(promise: nil) }
            connections[machine.name] = channel
            pendingLoss.removeValue(forKey: machine.name)?.cancel()
            logger.info("execute node joined", metadata: [
                "node": "\(machine.name)", "cpus": "\(machine.resources.cpus)", "holding": "\(holding.count)",
                "finished": "\(finished.count)",
            ])
            // Finished runs still count as held until their result is applied just below.
            let held = Set(holding).union(finished.map(\.run))
            apply { $0.nodeJoined(machine, holding: held, now: $1) }
            for done in finished { ended(done, on: machine.name) }
        case .started(let run):
            apply { queue, _ in queue.runStarted(run) }
        case .ended(let done):
            guard let node = connections.first(where: { $0.value === channel })?.key else { return }
            ended(done, on: node)
        case .start, .kill, .acknowledged:
            logger.debug("unexpected message from a startd", metadata: ["message": "\(message)"])
        }
    }

    /// Applies a run's result, then tells the node it may forget it: after the write.
    private func ended(_ done: JobMessage.FinishedRun, on node: String) {
        apply { $0.runEnded(done.run, done.result, now: $1) }
        send(.acknowledged(done.run), to: node)
    }

    /// A startd's connection closed: its node gets `nodeLossGrace` to come back.
    func closed(_ channel: Channel) {
        engine.async { [self] in
            guard let name = connections.first(where: { $0.value === channel })?.key else { return }
            connections[name] = nil
            queue.nodeUnreachable(name)
            let grace = settings.nodeLossGrace
            logger.warning("execute node disconnected", metadata: ["node": "\(name)", "grace_s": "\(grace)"])
            let loss = DispatchWorkItem { [self] in
                pendingLoss[name] = nil
                guard connections[name] == nil else { return }
                nodeLost(name, reason: "lost contact with execute node \(name) for \(Int(grace)) s")
            }
            pendingLoss[name]?.cancel()
            pendingLoss[name] = loss
            engine.asyncAfter(deadline: .now() + grace, execute: loss)
        }
    }

    /// Membership declared a node dead (or its grace ran out): its jobs run elsewhere now.
    public func nodeDeclaredDead(_ name: String) {
        engine.async { [self] in
            pendingLoss.removeValue(forKey: name)?.cancel()
            connections.removeValue(forKey: name)?.close(promise: nil)
            nodeLost(name, reason: "membership declared execute node \(name) dead")
        }
    }

    private func nodeLost(_ name: String, reason: String) {
        logger.warning("execute node lost; its jobs go back to idle", metadata: ["node": "\(name)", "reason": "\(reason)"])
        apply { $0.nodeLost(name, reason: reason, now: $1) }
    }
}
