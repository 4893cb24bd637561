/// A job's state in the queue, with HTCondor's `JobStatus` integers
/// (manual, `docs/codes-other-values/job-status-codes.rst`).
///
/// The raw values are the numbers HTCondor stores in the job ClassAd, so they can be compared
/// with `condor_q -af JobStatus` output and `periodic_*` expressions written for HTCondor.
public enum JobStatus: Int, Sendable, Hashable, CaseIterable, Codable {
    case idle = 1
    case running = 2
    /// HTCondor calls this "Removing"/"Removed": `condor_rm` was run, the job is leaving the queue.
    case removed = 3
    case completed = 4
    case held = 5
    /// Listed by HTCondor but no longer set by the schedd (the manual marks it unused).
    case transferringOutput = 6
    case suspended = 7

    /// The letter condor_q prints in the `ST` column (`encode_status` in HTCondor):
    /// I R X C H > S.
    public var letter: Character {
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

    /// The two-character `ST` cell of condor_q: the letter and a blank, except transferring
    /// output, which HTCondor shows as ` >` (queue.cpp, `local_render_job_status_char`).
    public var stCell: String {
        self == .transferringOutput ? " >" : "\(letter) "
    }

    /// The status for an HTCondor integer, or nil for numbers HTCondor does not define.
    public init?(code: Int) { self.init(rawValue: code) }
}
