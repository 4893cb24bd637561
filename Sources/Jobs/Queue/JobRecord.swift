/// One job as the queue keeps it: what to run, whose it is, and where it stands.
///
/// The schedd's database holds exactly these (see `JobStore`); the queue's state machine
/// changes them and asks for them to be written before anything else happens.
public struct JobRecord: Hashable, Sendable, Codable {
    public var id: JobID
    /// The submitting user's name and numeric ids, as the schedd learnt them from the
    /// submitting process's credentials (never from what the client claims).
    public var owner: String
    public var uid: UInt32
    public var gid: UInt32
    public var spec: JobSpec
    /// The job ClassAd as condor_submit would have built it, one `Name = expression` per line.
    public var ad: String
    public var status: JobStatus
    public var submittedAt: Int64
    /// Set while held: the reason a person reads, and HTCondor's code.
    public var holdReason: String?
    public var holdCode: HoldReasonCode?
    /// Runs started so far (HTCondor's `NumJobStarts`).
    public var starts: Int
    /// The run in progress, if any, and where.
    public var run: RunID?
    public var node: String?
    public var slot: String?
    /// When the current or last run began, for RUN_TIME.
    public var runStartedAt: Int64?
    /// CPU seconds of runs that have ended (`RemoteWallClockTime` is kept separately).
    public var accumulatedWallSeconds: Double
    public var result: RunResult?
    public var completedAt: Int64?
    /// Checkpoints taken (exits with `checkpoint_exit_code`); a restart resumes from the last.
    public var checkpoints: Int
    /// How many procs its cluster was submitted with (HTCondor's `TotalSubmitProcs`).
    public var clusterSize: Int?

    public init(id: JobID, owner: String, uid: UInt32, gid: UInt32, spec: JobSpec, ad: String, submittedAt: Int64, held: Bool = false) {
        self.id = id
        self.owner = owner
        self.uid = uid
        self.gid = gid
        self.spec = spec
        self.ad = ad
        self.status = held ? .held : .idle
        self.submittedAt = submittedAt
        self.holdReason = held ? "submitted on hold" : nil
        self.holdCode = held ? .submittedOnHold : nil
        self.starts = 0
        self.accumulatedWallSeconds = 0
        self.checkpoints = 0
    }
}

/// One attempt at running a job: the job and its start number, so that a report about an old
/// run (a node that came back, a duplicate message) can never complete a job twice.
public struct RunID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var job: JobID
    /// 1 for the first start (HTCondor's `NumJobStarts` after it).
    public var attempt: Int

    public init(job: JobID, attempt: Int) {
        self.job = job
        self.attempt = attempt
    }

    public static func < (a: RunID, b: RunID) -> Bool { (a.job, a.attempt) < (b.job, b.attempt) }
    public var description: String { "\(job)#\(attempt)" }
}

extension JobStatus {
    /// Completed and removed jobs leave the queue for the history.
    public var isFinal: Bool { self == .completed || self == .removed }
}
