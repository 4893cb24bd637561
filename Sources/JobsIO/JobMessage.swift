import Jobs

/// What a schedd and a startd say to each other, as JSON inside authenticated frames
/// (`FrameType.jobs`, sealed with the cluster key; see docs/protocol.md).
///
/// The startd opens the connection and keeps it; results it has reported stay in its memory
/// until the schedd acknowledges them, so neither a dropped connection nor a schedd restart
/// loses how a job ended.
public enum JobMessage: Codable, Sendable, Equatable {
    /// startd → schedd, first on every connection: what the node offers, which runs it still
    /// holds, and results not yet acknowledged.
    case hello(machine: MachineAd, holding: [RunID], finished: [FinishedRun])
    /// startd → schedd: the job's program is running.
    case started(RunID)
    /// startd → schedd: a run ended.
    case ended(FinishedRun)
    /// schedd → startd: run this job (its `run` names the attempt).
    case start(JobRecord)
    /// schedd → startd: stop this run (removed, held, or no longer wanted).
    case kill(RunID)
    /// schedd → startd: this result is durable; forget it.
    case acknowledged(RunID)

    public struct FinishedRun: Codable, Sendable, Equatable {
        public var run: RunID
        public var result: RunResult
        public init(run: RunID, result: RunResult) {
            self.run = run
            self.result = result
        }
    }
}
