/// Why a job is held, numbered as HTCondor's `HoldReasonCode` (docs/codes-other-values/hold-table.rst).
public enum HoldReasonCode: Int, Sendable, Codable {
    case userRequest = 1
    case jobPolicy = 3
    case jobPolicyUndefined = 5
    case failedToCreateProcess = 6
    case transferOutputError = 12
    case transferInputError = 13
    case iwdError = 14
    case submittedOnHold = 15
    case startdHeldJob = 21
    case systemPolicy = 26
    case jobOutOfResources = 34
    case jobDurationExceeded = 46
}
