/// Something the queue tells a job's event log (`log =`), in HTCondor's event vocabulary.
public enum JobLogEntry: Hashable, Sendable {
    /// 000: accepted into the queue.
    case submitted
    /// 001: started on `host` (its address) in `slot`.
    case executing(host: String, slot: String)
    /// 005: left the queue after a run that ended this way.
    case terminated(RunResult)
    /// 004: a run ended without finishing the job; the job is idle again. `requeued` is true
    /// when the job itself exited and asked to run again (HTCondor's "Job terminated and was
    /// requeued"), false when the run was lost (node dead, schedd restart).
    case evicted(reason: String, checkpointed: Bool, requeued: Bool, result: RunResult?)
    /// 012.
    case held(reason: String, code: HoldReasonCode, subcode: Int)
    /// 013.
    case released(reason: String)
    /// 009: removed by a user.
    case aborted(reason: String)
}
