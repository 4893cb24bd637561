/// How a job ended: `(1) Normal termination (return value N)` or
/// `(0) Abnormal termination (signal N)` with an optional core file path.
public enum TerminationOutcome: Sendable, Hashable {
    case normal(returnValue: Int)
    /// `coreFile` nil writes `(0) No core file`; a path writes `(1) Corefile in: PATH`.
    case abnormal(signal: Int, coreFile: String? = nil)
}

/// The body of a terminated event (005).
public struct JobTermination: Sendable, Hashable {
    public var outcome: TerminationOutcome
    public var runRemoteUsage: CPUUsage
    public var runLocalUsage: CPUUsage
    public var totalRemoteUsage: CPUUsage
    public var totalLocalUsage: CPUUsage
    public var runBytesSent: Int64
    public var runBytesReceived: Int64
    public var totalBytesSent: Int64
    public var totalBytesReceived: Int64
    /// Empty: no table is written (HTCondor omits it when the job ad has no usage).
    public var resources: [PartitionableResource]

    public init(
        outcome: TerminationOutcome,
        runRemoteUsage: CPUUsage = .zero, runLocalUsage: CPUUsage = .zero,
        totalRemoteUsage: CPUUsage = .zero, totalLocalUsage: CPUUsage = .zero,
        runBytesSent: Int64 = 0, runBytesReceived: Int64 = 0,
        totalBytesSent: Int64 = 0, totalBytesReceived: Int64 = 0,
        resources: [PartitionableResource] = []
    ) {
        self.outcome = outcome
        self.runRemoteUsage = runRemoteUsage
        self.runLocalUsage = runLocalUsage
        self.totalRemoteUsage = totalRemoteUsage
        self.totalLocalUsage = totalLocalUsage
        self.runBytesSent = runBytesSent
        self.runBytesReceived = runBytesReceived
        self.totalBytesSent = totalBytesSent
        self.totalBytesReceived = totalBytesReceived
        self.resources = resources
    }
}
