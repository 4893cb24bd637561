/// Facts about the submission that do not come from the file: the cluster id the schedd would
/// hand out, who submits, the submit host's platform and the clock.
public struct SubmitOptions: Sendable {
    /// Checks a ClassAd expression; returns nil when it parses, else a message and the offset
    /// (in Characters into the text) of the offending character.
    public typealias ExpressionCheck = @Sendable (String) -> (message: String, offset: Int)?

    public var clusterId: Int
    public var owner: String
    /// `Arch` of the submit host, appended to `Requirements` as condor_submit does (e.g. "X86_64").
    public var arch: String
    /// `OpSys` of the submit host (e.g. "LINUX").
    public var opSys: String
    /// Seconds since the epoch: `QDate` and `$(SUBMIT_TIME)`.
    public var now: Int
    /// Largest number of procs one file may make (HTCondor: MAX_JOBS_PER_SUBMISSION = 20000).
    public var maxJobsPerSubmission: Int
    /// The ClassAd parser, supplied by the integrator; nil accepts every expression.
    public var expressionCheck: ExpressionCheck?

    public init(
        clusterId: Int = 1, owner: String = "nobody", arch: String = "X86_64",
        opSys: String = "LINUX", now: Int = 0, maxJobsPerSubmission: Int = 20_000,
        expressionCheck: ExpressionCheck? = nil
    ) {
        self.clusterId = clusterId
        self.owner = owner
        self.arch = arch
        self.opSys = opSys
        self.now = now
        self.maxJobsPerSubmission = maxJobsPerSubmission
        self.expressionCheck = expressionCheck
    }
}
