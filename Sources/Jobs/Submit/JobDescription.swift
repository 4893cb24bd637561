import RacimoCore

/// One proc of a submission, with every command applied and macros expanded.
///
/// Paths are absolute: input/output/error/log resolved against `iwd` (JDL: initialdir), the
/// executable against the submit directory. ClassAd expressions are kept as source text.
public struct JobDescription: Sendable {
    public enum Universe: String, Sendable { case vanilla }
    public enum Notification: String, Sendable { case never, always, complete, error, start }
    public enum ShouldTransferFiles: String, Sendable {
        case yes = "YES", no = "NO", ifNeeded = "IF_NEEDED"
    }
    public enum WhenToTransferOutput: String, Sendable {
        case onExit = "ON_EXIT", onExitOrEvict = "ON_EXIT_OR_EVICT", onSuccess = "ON_SUCCESS"
    }

    /// `$(ClusterId)`: from `SubmitOptions.clusterId`.
    public var clusterId: Int
    /// `$(ProcId)`: 0, 1, … across all queue statements of the file.
    public var procId: Int
    public var universe: Universe = .vanilla
    public var executable: String = ""
    public var arguments: [String] = []
    /// Whether `arguments` used the new (double-quoted) syntax: decides `Arguments` vs `Args`.
    public var argumentsNewSyntax = false
    /// `getenv` already applied: the submitter's matching variables first, then `environment`.
    public var environment: [(name: String, value: String)] = []
    /// Absolute paths (against `iwd`), nil when the command is absent.
    public var input: String?
    public var output: String?
    public var error: String?
    public var log: String?
    /// As written (macros expanded), for `In`/`Out`/`Err`, which condor_submit keeps relative.
    public var inputAsWritten: String?
    public var outputAsWritten: String?
    public var errorAsWritten: String?
    public var iwd: String = "/"
    /// The user's expression only; `classAd` holds it with condor_submit's clauses appended.
    public var requirements: String?
    public var rank: String?
    public var requestCpus = 1
    /// Default `JOB_DEFAULT_REQUESTMEMORY` = 128 (param_info l.4847).
    public var requestMemoryMB = 128
    /// nil: HTCondor's default expression (input size based, param_info l.4854).
    public var requestDiskKiB: Int?
    public var priority = 0
    public var notification: Notification = .never
    public var notifyUser: String?
    public var shouldTransferFiles: ShouldTransferFiles = .ifNeeded
    public var whenToTransferOutput: WhenToTransferOutput = .onExit
    public var transferExecutable = true
    public var transferInputFiles: [String] = []
    public var transferOutputFiles: [String]?
    public var maxRetries: Int?
    public var successExitCode: Int?
    public var retryUntil: String?
    public var onExitRemove: String?
    public var onExitHold: String?
    public var onExitHoldReason: String?
    public var onExitHoldSubcode: String?
    public var periodicHold: String?
    public var periodicHoldReason: String?
    public var periodicHoldSubcode: String?
    public var periodicRelease: String?
    public var periodicRemove: String?
    public var hold = false
    public var checkpointExitCode: Int?
    public var transferCheckpointFiles: [String]?
    public var batchName: String?
    public var accountingGroup: String?
    public var accountingGroupUser: String?
    /// `+Attr` / `MY.Attr` lines, macros expanded, in file order (a repeated name keeps its
    /// first position and last value).
    public var customAttributes: [(name: String, expression: String)] = []
    /// The job ClassAd condor_submit would send, in order; values are ClassAd source text.
    public var classAd: [(name: String, expression: String)] = []

    public init(clusterId: Int, procId: Int) {
        self.clusterId = clusterId
        self.procId = procId
    }
}

/// What one submit file makes: its jobs, all in one cluster.
public struct Submission: Sendable {
    public var clusterId: Int
    public var jobs: [JobDescription]
}

/// The outcome of reading a submit file: diagnostics always, a submission only without errors.
public struct SubmitResult: Sendable {
    public var diagnostics: Diagnostics
    public var submission: Submission?
}
