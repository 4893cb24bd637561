import Foundation
import LinuxSupport
import Jobs

/// Appends events to jobs' event logs (`log =` in the submit file), in HTCondor's user-log
/// format, so that HTCondor's own tools and readers (htcondor2.JobEventLog) can follow them.
///
/// A log file the schedd creates is given to the job's owner, as if they had created it.
public struct UserLogWriter: Sendable {
    /// Turns one entry into the text of one event (header line to the closing `...`).
    public typealias Formatter = @Sendable (_ entry: JobLogEntry, _ job: JobRecord, _ now: Int64, _ host: String) -> String

    let format: Formatter

    public init(format: @escaping Formatter) {
        self.format = format
    }

    public func append(_ entry: JobLogEntry, for job: JobRecord, now: Int64, host: String) {
        guard let path = job.spec.userLog else { return }
        Files.append(format(entry, job, now, host), to: path, owner: (job.uid, job.gid))
    }
}
