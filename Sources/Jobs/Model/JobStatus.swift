/// A job's state in the queue, with HTCondor's `JobStatus` integers
/// (docs/codes-other-values/job-status-codes.rst) so that ads and `--json` read the same.
public enum JobStatus: Int, Sendable, Codable, CaseIterable {
    case idle = 1
    case running = 2
    case removed = 3
    case completed = 4
    case held = 5
    case transferringOutput = 6
    case suspended = 7

    /// The `ST` letter of `condor_q -nobatch`.
    public var letter: String {
        switch self {
        case .idle: "I"
        case .running: "R"
        case .removed: "X"
        case .completed: "C"
        case .held: "H"
        case .transferringOutput: ">"
        case .suspended: "S"
        }
    }

    /// Completed and removed jobs leave the queue for the history.
    public var isFinal: Bool { self == .completed || self == .removed }
}
