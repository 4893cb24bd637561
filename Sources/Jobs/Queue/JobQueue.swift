/// The schedd's queue as a state machine: jobs, the execute nodes that offer slots, and the
/// runs between them. Each event method returns what the driver must do, in order.
///
/// Durability rule: a `.persist` action always comes before the actions that depend on it
/// (a start, an acknowledgement, a log line), and the driver MUST carry it out (write and
/// sync the records) before going on. That is what makes `kill -9` of the schedd lose no
/// accepted job and run no completed job again.
public struct JobQueue: Sendable {
    public enum Action: Hashable, Sendable {
        /// Write these records durably before carrying out anything that follows.
        case persist([JobRecord])
        /// Ask `node`'s startd to run the job's current run (`record.run`).
        case start(JobRecord, node: String)
        /// Ask `node`'s startd to stop a run (removed, held, or a run the queue no longer owns).
        case kill(RunID, node: String)
        /// Append to the job's event log.
        case log(JobRecord, JobLogEntry)
    }

    /// A connected execute node and the runs it holds resources for.
    public struct NodeState: Sendable, Hashable {
        public var machine: MachineAd
        public var runs: [RunID: Resources] = [:]
        /// False while the node's connection is down: it keeps its runs but gets no new ones.
        public var reachable = true
        var nextSlot = 1
        public var free: Resources {
            runs.values.reduce(machine.resources) { $0 - $1 }
        }
    }

    public internal(set) var jobs: [JobID: JobRecord] = [:]
    public internal(set) var nodes: [String: NodeState] = [:]
    public internal(set) var fairShare: FairShare
    var idle = IdleIndex()
    var runningByOwner: [String: Int] = [:]
    /// Runs found in the database after a restart, waiting for their node to say it still has them.
    var awaitingReconnect: [RunID: Int64] = [:]
    let policy: any MatchPolicy
    /// How long a recovered run waits for its node (HTCondor's job lease, much shortened).
    public var reconnectGrace: Int64

    public init(policy: any MatchPolicy, fairShare: FairShare = FairShare(), reconnectGrace: Int64 = 20) {
        self.policy = policy
        self.fairShare = fairShare
        self.reconnectGrace = reconnectGrace
    }

    public var idleCount: Int { idle.count }
    public var runningCount: Int { runningByOwner.values.reduce(0, +) }

    /// Loads the database's jobs after a start: idle and held jobs wait as they were; running
    /// ones wait `reconnectGrace` for their node to report them, then run again elsewhere.
    public mutating func recover(_ records: [JobRecord], now: Int64) {
        for var record in records {
            // A run of a job that was removed or held before the crash is the node's to kill
            // (it reports the run, the queue does not want it); the queue forgets it now.
            if record.status != .running, record.run != nil {
                record.run = nil
                record.node = nil
                record.slot = nil
            }
            jobs[record.id] = record
            switch record.status {
            case .idle: idle.insert(record, autocluster: policy.autocluster(of: record))
            case .running:
                if let run = record.run {
                    awaitingReconnect[run] = now + reconnectGrace
                    runningByOwner[record.owner, default: 0] += 1
                }
            default: break
            }
        }
    }

    /// A submission: `records` are new jobs, none of them known yet. The driver acknowledges
    /// the submission once the `.persist` that comes first is durable.
    public mutating func submit(_ records: [JobRecord], now: Int64) -> [Action] {
        var actions: [Action] = [.persist(records)]
        for record in records {
            jobs[record.id] = record
            if record.status == .idle { idle.insert(record, autocluster: policy.autocluster(of: record)) }
            actions.append(.log(record, .submitted))
            if record.status == .held, let reason = record.holdReason {
                actions.append(.log(record, .held(reason: reason, code: record.holdCode ?? .submittedOnHold, subcode: 0)))
            }
        }
        actions += negotiate(now: now)
        return actions
    }

    /// Runs that started: the startd has the process. Logs the execute event.
    public func runStarted(_ run: RunID) -> [Action] {
        guard let job = jobs[run.job], job.run == run, let name = job.node, let node = nodes[name] else { return [] }
        return [.log(job, .executing(host: node.machine.address, slot: job.slot ?? name))]
    }

    /// Periodic housekeeping: recovered runs whose node never came back run again elsewhere.
    public mutating func tick(now: Int64) -> [Action] {
        let expired = awaitingReconnect.filter { $0.value <= now }.map(\.key).sorted()
        guard !expired.isEmpty else { return [] }
        var changed: [JobRecord] = []
        var logs: [Action] = []
        for run in expired {
            awaitingReconnect[run] = nil
            guard var job = jobs[run.job], job.run == run, job.status == .running else { continue }
            let reason = "the schedd restarted and node \(job.node ?? "?") did not report the job within \(reconnectGrace) s"
            requeue(&job, now: now)
            changed.append(job)
            logs.append(.log(job, .evicted(reason: reason, checkpointed: job.checkpoints > 0, requeued: false, result: nil)))
        }
        return [.persist(changed)] + logs + negotiate(now: now)
    }

    /// Puts a job whose run is over back among the idle ones.
    mutating func requeue(_ job: inout JobRecord, now: Int64) {
        endRun(of: &job, now: now)
        job.status = .idle
        jobs[job.id] = job
        idle.insert(job, autocluster: policy.autocluster(of: job))
    }

    /// Clears the run fields of a job whose run is over, counting its wall time.
    mutating func endRun(of job: inout JobRecord, now: Int64) {
        if job.run != nil {
            runningByOwner[job.owner, default: 1] -= 1
            if runningByOwner[job.owner] == 0 { runningByOwner[job.owner] = nil }
        }
        if let started = job.runStartedAt { job.accumulatedWallSeconds += Double(max(0, now - started)) }
        job.run = nil
        job.node = nil
        job.slot = nil
    }
}
