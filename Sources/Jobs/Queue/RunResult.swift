/// How one run of a job ended on its execute node, as the starter saw it.
public struct RunResult: Hashable, Sendable, Codable {
    public enum Ending: Hashable, Sendable, Codable {
        /// The process exited by itself with this code.
        case exited(code: Int)
        /// A signal ended it; `coreDumped` as wait(2) tells.
        case signaled(signal: Int, coreDumped: Bool)
        /// It never started: the executable could not run, the user does not exist, ….
        case failedToStart(reason: String)
        /// The kernel killed it for using more memory than it asked for (cgroup OOM).
        case outOfMemory(limitMB: Int)
    }

    public var ending: Ending
    /// CPU time of the job and its children, from wait4(2)'s rusage.
    public var userSeconds: Double
    public var systemSeconds: Double
    /// Peak resident set size in KiB (`ru_maxrss`).
    public var maxResidentKiB: Int
    public var startedAt: Int64
    public var endedAt: Int64

    public init(
        ending: Ending, userSeconds: Double = 0, systemSeconds: Double = 0, maxResidentKiB: Int = 0,
        startedAt: Int64 = 0, endedAt: Int64 = 0
    ) {
        self.ending = ending
        self.userSeconds = userSeconds
        self.systemSeconds = systemSeconds
        self.maxResidentKiB = maxResidentKiB
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
