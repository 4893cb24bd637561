/// One job as the listings need it: the job ClassAd attributes condor_q, condor_q -hold and
/// condor_history print, as plain values. Times are Unix seconds.
public struct QueueRow: Sendable, Hashable {
    public var cluster: Int
    public var proc: Int
    public var owner: String
    /// `QDate`: when the job was submitted.
    public var submitted: Int64
    /// Accumulated wall-clock run time including the current run (condor_q's RUN_TIME).
    public var runSeconds: Int64
    public var status: JobStatus
    /// `JobPrio`.
    public var priority: Int
    /// `MemoryUsage` in MB (or `ImageSize`/1024); nil leaves the SIZE cell blank.
    public var sizeMB: Double?
    /// The executable path (`Cmd`); listings show its last path component.
    public var command: String
    public var arguments: String
    /// `JobBatchName`; jobs without one are batched per cluster as `ID: <cluster>`.
    public var batchName: String?
    /// `TotalSubmitProcs` of the cluster (how many procs were queued). Needed for DONE and TOTAL
    /// in batch mode; when nil for any cluster of a batch both show `_`, as HTCondor does.
    public var clusterSize: Int?
    public var holdReason: String?
    public var holdCode: HoldReasonCode?
    public var holdSubcode: Int?
    /// `EnteredCurrentStatus` (HELD_SINCE for held jobs).
    public var enteredCurrentStatus: Int64?
    /// `RemoteHost` of a running job.
    public var host: String?
    /// `CompletionDate` (history); nil or 0 prints as unknown.
    public var completed: Int64?

    public init(
        cluster: Int, proc: Int, owner: String, submitted: Int64, runSeconds: Int64 = 0,
        status: JobStatus, priority: Int = 0, sizeMB: Double? = nil, command: String,
        arguments: String = "", batchName: String? = nil, clusterSize: Int? = nil,
        holdReason: String? = nil, holdCode: HoldReasonCode? = nil, holdSubcode: Int? = nil,
        enteredCurrentStatus: Int64? = nil, host: String? = nil, completed: Int64? = nil
    ) {
        self.cluster = cluster
        self.proc = proc
        self.owner = owner
        self.submitted = submitted
        self.runSeconds = runSeconds
        self.status = status
        self.priority = priority
        self.sizeMB = sizeMB
        self.command = command
        self.arguments = arguments
        self.batchName = batchName
        self.clusterSize = clusterSize
        self.holdReason = holdReason
        self.holdCode = holdCode
        self.holdSubcode = holdSubcode
        self.enteredCurrentStatus = enteredCurrentStatus
        self.host = host
        self.completed = completed
    }

    /// condor_q's CMD cell (`render_job_description`): executable basename, a space, arguments.
    public var jobDescription: String {
        let base = command.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? command
        return arguments.isEmpty ? base : base + " " + arguments
    }
}

/// Counts for condor_q's summary lines (`standard_summary2` in queue.cpp).
public struct QueueTotals: Sendable, Hashable {
    public var jobs = 0
    public var completed = 0
    public var removed = 0
    public var idle = 0
    public var running = 0
    public var held = 0
    public var suspended = 0

    public init() {}

    /// Counts `rows` by status; TransferringOutput counts as running.
    public init<S: Sequence>(_ rows: S) where S.Element == QueueRow {
        for row in rows {
            jobs += 1
            switch row.status {
            case .idle: idle += 1
            case .running, .transferringOutput: running += 1
            case .removed: removed += 1
            case .completed: completed += 1
            case .held: held += 1
            case .suspended: suspended += 1
            }
        }
    }

    /// `N jobs; C completed, R removed, I idle, R running, H held, S suspended`
    public var summary: String {
        "\(jobs) jobs; \(completed) completed, \(removed) removed, \(idle) idle, \(running) running, \(held) held, \(suspended) suspended"
    }
}
