/// One entry of a job event log ("user log"), carrying what HTCondor writes for it.
///
/// Cases are named after HTCondor's event classes (`condor_event.h`); `number` gives the
/// `ULogEventNumber` printed at the start of each entry. Text fields are written as given
/// except reasons, which HTCondor keeps on one line (see `EventLog.oneLine`).
public enum JobEvent: Sendable, Hashable {
    /// 000 `Job submitted from host: <addr>`; `notes` are the optional 4-space-indented lines
    /// (submit event log notes such as `DAG Node: A`, then user notes).
    case submit(host: String, notes: [String] = [])
    /// 001 `Job executing on host: <addr>` with the optional `SlotName:` line.
    case execute(host: String, slotName: String? = nil)
    /// 002 the executable could not be run.
    case executableError(ExecutableErrorKind)
    /// 004 the job left the machine without finishing.
    case evicted(JobEviction)
    /// 005 the job finished (exit code or signal).
    case terminated(JobTermination)
    /// 006 the starter's latest measurement of the job's size.
    case imageSize(ImageSizeUpdate)
    /// 007 the shadow failed; the message is one line.
    case shadowException(message: String, bytesSent: Int64 = 0, bytesReceived: Int64 = 0)
    /// 009 removed from the queue (`condor_rm`), e.g. reason `via condor_rm (by user alice)`.
    case aborted(reason: String?)
    /// 010 suspended by the machine's policy; count of processes actually stopped.
    case suspended(processes: Int)
    /// 011
    case unsuspended
    /// 012 put on hold; a nil or empty reason is written as `Reason unspecified`.
    case held(reason: String?, code: HoldReasonCode, subcode: Int = 0)
    /// 013 released from hold.
    case released(reason: String?)

    /// HTCondor's event number (`ULogEventNumber`, `condor_event.h`).
    public var number: Int {
        switch self {
        case .submit: 0
        case .execute: 1
        case .executableError: 2
        case .evicted: 4
        case .terminated: 5
        case .imageSize: 6
        case .shadowException: 7
        case .aborted: 9
        case .suspended: 10
        case .unsuspended: 11
        case .held: 12
        case .released: 13
        }
    }
}

/// Why HTCondor could not run the executable (event 002); raw values are `ExecErrorType`
/// (`condor_event.h`, an enum starting at 0).
public enum ExecutableErrorKind: Int, Sendable, Hashable {
    /// `(0) Job file not executable.` (CONDOR_EVENT_NOT_EXECUTABLE)
    case notExecutable = 0
    /// `(1) Job not properly linked for Condor.` (CONDOR_EVENT_BAD_LINK)
    case badLink = 1
}
