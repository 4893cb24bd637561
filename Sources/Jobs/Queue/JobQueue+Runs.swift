extension JobQueue {
    /// A run ended on its node. A report about a run the queue no longer counts as current
    /// (an old attempt, a repeat) only frees what it held: a job completes once.
    public mutating func runEnded(_ run: RunID, _ result: RunResult, now: Int64) -> [Action] {
        guard var job = jobs[run.job], job.run == run else { return [] }
        let nodeName = job.node
        if let nodeName { nodes[nodeName]?.runs[run] = nil }
        awaitingReconnect[run] = nil
        guard job.status == .running else {
            // Removed or held while it ran: the kill has landed.
            endRun(of: &job, now: now)
            jobs[job.id] = job
            return [.persist([job])] + negotiate(now: now)
        }
        // A self-checkpointing job exits with `checkpoint_exit_code` after saving its state:
        // it starts again at once, in the same place (JDL: checkpoint_exit_code).
        if case .exited(let code) = result.ending, let checkpoint = job.spec.checkpointExitCode, code == checkpoint,
           let nodeName, nodes[nodeName] != nil {
            endRun(of: &job, now: now)
            job.checkpoints += 1
            job.status = .idle
            jobs[job.id] = job
            let restarted = start(job, on: nodeName, now: now)
            return [.persist([restarted]), .start(restarted, node: nodeName)]
        }
        let decision: ExitDecision
        switch result.ending {
        case .failedToStart(let reason):
            decision = .hold(reason: "the job could not start: \(reason)", code: .failedToCreateProcess, subcode: 0)
        case .outOfMemory(let limit):
            decision = .hold(
                reason: "memory usage exceeded request_memory (\(limit) MB) and the job was killed; "
                    + "submit it again with a larger request_memory", code: .jobOutOfResources, subcode: 0)
        default:
            decision = policy.afterExit(job, result, now: now)
        }
        job.result = result
        var actions: [Action]
        switch decision {
        case .complete:
            endRun(of: &job, now: now)
            job.status = .completed
            job.completedAt = now
            jobs[job.id] = job
            actions = [.persist([job]), .log(job, .terminated(result))]
        case .requeue:
            requeue(&job, now: now)
            actions = [.persist([job]), .log(job, .evicted(
                reason: "the job exited (\(Self.describe(result.ending))) and will run again",
                checkpointed: false, requeued: true, result: result))]
        case .hold(let reason, let code, let subcode):
            endRun(of: &job, now: now)
            job.status = .held
            job.holdReason = reason
            job.holdCode = code
            jobs[job.id] = job
            actions = [.persist([job]), .log(job, .held(reason: reason, code: code, subcode: subcode))]
        }
        return actions + negotiate(now: now)
    }

    static func describe(_ ending: RunResult.Ending) -> String {
        switch ending {
        case .exited(let code): "exit code \(code)"
        case .signaled(let signal, _): "signal \(signal)"
        case .failedToStart(let reason): reason
        case .outOfMemory(let limit): "out of memory at \(limit) MB"
        }
    }
}
