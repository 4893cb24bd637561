/// Why a job was put on hold: HTCondor's `HoldReasonCode` numbers
/// (manual, `docs/codes-other-values/hold-table.rst`, labels as in `NumHoldsByReason`).
///
/// A struct rather than an enum so that a code this table does not name (a newer HTCondor, a
/// typo in a log) is still carried through unchanged instead of being rejected.
public struct HoldReasonCode: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Put on hold with `condor_hold`. `periodic_release` does not release these.
    public static let userRequest = HoldReasonCode(rawValue: 1)
    /// `periodic_hold` evaluated to true, or `on_exit_hold` did.
    public static let jobPolicy = HoldReasonCode(rawValue: 3)
    public static let corruptedCredential = HoldReasonCode(rawValue: 4)
    /// A job policy expression evaluated to UNDEFINED (e.g. `MemoryUsage` not yet known).
    public static let jobPolicyUndefined = HoldReasonCode(rawValue: 5)
    /// The starter could not start the executable; the subcode is the errno.
    public static let failedToCreateProcess = HoldReasonCode(rawValue: 6)
    public static let unableToOpenOutput = HoldReasonCode(rawValue: 7)
    public static let unableToOpenInput = HoldReasonCode(rawValue: 8)
    public static let transferOutputError = HoldReasonCode(rawValue: 12)
    public static let transferInputError = HoldReasonCode(rawValue: 13)
    /// The initial working directory (`initialdir`) cannot be accessed.
    public static let iwdError = HoldReasonCode(rawValue: 14)
    /// Submitted with `hold = true`.
    public static let submittedOnHold = HoldReasonCode(rawValue: 15)
    public static let spoolingInput = HoldReasonCode(rawValue: 16)
    /// The machine's `WANT_HOLD` policy was true.
    public static let startdHeldJob = HoldReasonCode(rawValue: 21)
    public static let unableToInitUserLog = HoldReasonCode(rawValue: 22)
    /// `SYSTEM_PERIODIC_HOLD` evaluated to true.
    public static let systemPolicy = HoldReasonCode(rawValue: 26)
    public static let systemPolicyUndefined = HoldReasonCode(rawValue: 27)
    /// Resource usage exceeded a provisioned limit; subcode 102 memory, 104 disk.
    public static let jobOutOfResources = HoldReasonCode(rawValue: 34)
    /// `allowed_job_duration` exceeded.
    public static let jobDurationExceeded = HoldReasonCode(rawValue: 46)
    /// `allowed_execute_duration` exceeded.
    public static let jobExecuteExceeded = HoldReasonCode(rawValue: 47)

    /// Subcodes of `jobOutOfResources` (hold table).
    public static let memoryExceededSubcode = 102
    public static let diskExceededSubcode = 104

    /// HTCondor's label for the code (`[UserRequest]` in the hold table), if it is one we name.
    public var label: String? { Self.labels[rawValue] }

    public var description: String { label.map { "\(rawValue) (\($0))" } ?? "\(rawValue)" }

    public static func < (a: HoldReasonCode, b: HoldReasonCode) -> Bool { a.rawValue < b.rawValue }

    private static let labels: [Int: String] = [
        1: "UserRequest", 3: "JobPolicy", 4: "CorruptedCredential", 5: "JobPolicyUndefined",
        6: "FailedToCreateProcess", 7: "UnableToOpenOutput", 8: "UnableToOpenInput",
        9: "UnableToOpenOutputStream", 10: "UnableToOpenInputStream", 11: "InvalidTransferAck",
        12: "TransferOutputError", 13: "TransferInputError", 14: "IwdError", 15: "SubmittedOnHold",
        16: "SpoolingInput", 17: "JobShadowMismatch", 18: "InvalidTransferGoAhead",
        19: "HookPrepareJobFailure", 20: "MissedDeferredExecutionTime", 21: "StartdHeldJob",
        22: "UnableToInitUserLog", 23: "FailedToAccessUserAccount", 24: "NoCompatibleShadow",
        25: "InvalidCronSettings", 26: "SystemPolicy", 27: "SystemPolicyUndefined",
        32: "MaxTransferInputSizeExceeded", 33: "MaxTransferOutputSizeExceeded",
        34: "JobOutOfResources", 35: "InvalidDockerImage", 36: "FailedToCheckpoint",
        37: "EC2UserError", 38: "EC2InternalError", 39: "EC2AdminError", 40: "EC2ConnectionProblem",
        41: "EC2ServerError", 42: "EC2InstancePotentiallyLost", 43: "PreScriptFailed",
        44: "PostScriptFailed", 45: "SingularityTestFailed", 46: "JobDurationExceeded",
        47: "JobExecuteExceeded", 48: "HookShadowPrepareJobFailure",
    ]
}
