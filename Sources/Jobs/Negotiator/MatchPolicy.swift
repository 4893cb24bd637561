/// The ClassAd side of scheduling, kept behind a protocol so that the queue's state machine
/// can be tested with plain rules and run with the real expressions.
public protocol MatchPolicy: Sendable {
    /// Two-way matchmaking: nil unless the job's `Requirements` hold against the machine (whose
    /// `Cpus`, `Memory` and `Disk` are what is free now, as a partitionable slot advertises) and
    /// the machine's `START` holds against the job; when they do, the job's `Rank` of the
    /// machine (higher is preferred). One call, so the machine's ad is built once per try.
    func rank(_ job: JobRecord, on machine: MachineAd, free: Resources, now: Int64) -> Double?
    /// Jobs with the same key match the same machines (HTCondor's autoclusters): when one
    /// does not match a machine, the others are not tried on it in the same pass.
    func autocluster(of job: JobRecord) -> String
    /// What happens to a job whose run ended without a checkpoint: `on_exit_hold`,
    /// `on_exit_remove`, `max_retries` and `success_exit_code` decide.
    func afterExit(_ job: JobRecord, _ result: RunResult, now: Int64) -> ExitDecision
}

/// What a finished run makes of its job.
public enum ExitDecision: Hashable, Sendable {
    /// The job leaves the queue as completed.
    case complete
    /// The job goes back to idle and runs again from scratch (or from its last checkpoint).
    case requeue
    /// The job is held with a reason a person reads.
    case hold(reason: String, code: HoldReasonCode, subcode: Int)
}

/// The rules HTCondor applies when a job has no policy expressions: resources must fit, every
/// job matches every machine, an exit retries while `max_retries` allows it.
public struct PlainMatchPolicy: MatchPolicy {
    public init() {}

    public func rank(_ job: JobRecord, on machine: MachineAd, free: Resources, now: Int64) -> Double? {
        free.covers(Resources(requestedBy: job.spec)) ? 0 : nil
    }

    public func autocluster(of job: JobRecord) -> String {
        "\(job.spec.requestCpus)/\(job.spec.requestMemoryMB)/\(job.spec.requestDiskKiB)"
    }

    public func afterExit(_ job: JobRecord, _ result: RunResult, now: Int64) -> ExitDecision {
        Self.retryRule(job, result)
    }

    /// `max_retries` with `success_exit_code`: an exit with another code (or a signal) runs the
    /// job again until it has started `max_retries + 1` times (JDL: max_retries).
    public static func retryRule(_ job: JobRecord, _ result: RunResult) -> ExitDecision {
        guard let retries = job.spec.maxRetries else { return .complete }
        if case .exited(let code) = result.ending, code == job.spec.successExitCode { return .complete }
        return job.starts <= retries ? .requeue : .complete
    }
}
