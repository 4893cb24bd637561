/// What an execute node needs to run one proc: the parts of its submit description that
/// the starter acts on. Paths are absolute (resolved against `initialdir` at submit time).
///
/// Travels from the schedd to the startd and is kept in the queue's database, hence Codable.
public struct JobSpec: Hashable, Sendable, Codable {
    public var executable: String
    public var arguments: [String]
    /// In the submit file's order; later entries win on the execute node.
    public var environment: [EnvironmentEntry]
    /// The job's working directory (HTCondor's `Iwd`).
    public var iwd: String
    public var input: String?
    public var output: String?
    public var error: String?
    /// The event log (`log =`), written by the schedd.
    public var userLog: String?
    public var requestCpus: Int
    public var requestMemoryMB: Int
    public var requestDiskKiB: Int
    /// `priority`: orders one user's idle jobs (higher first), as `JobPrio`.
    public var priority: Int
    /// `checkpoint_exit_code`: an exit with this code means "checkpoint written, run me again".
    public var checkpointExitCode: Int?
    /// Files (relative to the scratch directory or iwd) saved at each checkpoint.
    public var transferCheckpointFiles: [String]
    /// `max_retries`: how many times a failed run is tried again; nil means no retry.
    public var maxRetries: Int?
    public var successExitCode: Int
    public var batchName: String?

    public struct EnvironmentEntry: Hashable, Sendable, Codable {
        public var name: String
        public var value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(
        executable: String, arguments: [String] = [], environment: [EnvironmentEntry] = [], iwd: String,
        input: String? = nil, output: String? = nil, error: String? = nil, userLog: String? = nil,
        requestCpus: Int = 1, requestMemoryMB: Int = 128, requestDiskKiB: Int = 1024, priority: Int = 0,
        checkpointExitCode: Int? = nil, transferCheckpointFiles: [String] = [], maxRetries: Int? = nil,
        successExitCode: Int = 0, batchName: String? = nil
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.iwd = iwd
        self.input = input
        self.output = output
        self.error = error
        self.userLog = userLog
        self.requestCpus = requestCpus
        self.requestMemoryMB = requestMemoryMB
        self.requestDiskKiB = requestDiskKiB
        self.priority = priority
        self.checkpointExitCode = checkpointExitCode
        self.transferCheckpointFiles = transferCheckpointFiles
        self.maxRetries = maxRetries
        self.successExitCode = successExitCode
        self.batchName = batchName
    }
}
