extension JobQueue {
    /// An execute node's startd connected (or reconnected) and said which runs it holds.
    /// Runs the queue still counts on it are kept; the queue's runs it no longer has go back
    /// to idle; runs it has that the queue does not want are killed.
    public mutating func nodeJoined(_ machine: MachineAd, holding held: Set<RunID>, now: Int64) -> [Action] {
        var node = nodes[machine.name] ?? NodeState(machine: machine)
        node.machine = machine
        node.runs = [:]
        node.reachable = true
        var changed: [JobRecord] = []
        var actions: [Action] = []
        for run in held.sorted() {
            if let job = jobs[run.job], job.run == run, job.node == machine.name {
                node.runs[run] = Resources(requestedBy: job.spec)
                awaitingReconnect[run] = nil
                if job.status != .running { actions.append(.kill(run, node: machine.name)) }
            } else {
                actions.append(.kill(run, node: machine.name))
            }
        }
        nodes[machine.name] = node
        for var job in jobs.values.sorted(by: { $0.id < $1.id })
        where job.node == machine.name && job.run.map({ !held.contains($0) }) == true {
            awaitingReconnect[job.run!] = nil
            if job.status == .running {
                requeue(&job, now: now)
                actions.append(.log(job, .evicted(
                    reason: "node \(machine.name) restarted and no longer runs the job", checkpointed: job.checkpoints > 0,
                    requeued: false, result: nil)))
            } else {
                endRun(of: &job, now: now)
                jobs[job.id] = job
            }
            changed.append(job)
        }
        var result: [Action] = changed.isEmpty ? [] : [.persist(changed)]
        result += actions
        return result + negotiate(now: now)
    }

    /// A node's connection dropped: until it comes back (`nodeJoined`) or is declared lost
    /// (`nodeLost`), it keeps its runs and is offered no new job.
    public mutating func nodeUnreachable(_ name: String) {
        nodes[name]?.reachable = false
    }

    /// An execute node is gone: membership declared it dead, or its startd left. Its running
    /// jobs go back to idle (event 004 with `reason`) and run elsewhere.
    public mutating func nodeLost(_ name: String, reason: String, now: Int64) -> [Action] {
        guard nodes.removeValue(forKey: name) != nil else { return [] }
        var changed: [JobRecord] = []
        var logs: [Action] = []
        for var job in jobs.values.sorted(by: { $0.id < $1.id }) where job.node == name && job.run != nil {
            let wasRunning = job.status == .running
            if wasRunning {
                requeue(&job, now: now)
                logs.append(.log(job, .evicted(reason: reason, checkpointed: job.checkpoints > 0, requeued: false, result: nil)))
            } else {
                endRun(of: &job, now: now)
                jobs[job.id] = job
            }
            changed.append(job)
        }
        return (changed.isEmpty ? [] : [.persist(changed)]) + logs + negotiate(now: now)
    }
}
