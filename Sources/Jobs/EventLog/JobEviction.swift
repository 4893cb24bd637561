/// The body of an evicted event (004).
public struct JobEviction: Sendable, Hashable {
    /// What happened to the job's work, the second line of the event.
    public enum Kind: Sendable, Hashable {
        /// `(0) CPU times`: vacated, work lost (vanilla restarts from scratch).
        case vacated
        /// `(1) Job was checkpointed.`
        case checkpointed
        /// `(0) Job terminated and was requeued`, with how it ended.
        case requeued(TerminationOutcome)
    }

    public var kind: Kind
    public var runRemoteUsage: CPUUsage
    public var runLocalUsage: CPUUsage
    public var bytesSent: Int64
    public var bytesReceived: Int64
    public var reason: String?
    /// Non-zero adds `Code %d Subcode %d` to the first line (HTCondor 9+).
    public var code: Int
    public var subcode: Int
    public var resources: [PartitionableResource]

    public init(
        kind: Kind = .vacated, runRemoteUsage: CPUUsage = .zero, runLocalUsage: CPUUsage = .zero,
        bytesSent: Int64 = 0, bytesReceived: Int64 = 0, reason: String? = nil,
        code: Int = 0, subcode: Int = 0, resources: [PartitionableResource] = []
    ) {
        self.kind = kind
        self.runRemoteUsage = runRemoteUsage
        self.runLocalUsage = runLocalUsage
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
        self.reason = reason
        self.code = code
        self.subcode = subcode
        self.resources = resources
    }
}
