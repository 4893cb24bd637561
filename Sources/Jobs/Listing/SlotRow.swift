/// One slot (startd ad) as `condor_status` lists it.
public struct SlotRow: Sendable, Hashable {
    /// `Name`, e.g. `slot1@node1.example.org`.
    public var name: String
    /// `OpSys`, e.g. `LINUX`.
    public var opSys: String
    /// `Arch`, e.g. `X86_64`.
    public var arch: String
    public var state: MachineState
    /// `Activity`: Idle, Busy, Benchmarking, Suspended, Retiring, Vacating, Killing.
    public var activity: String
    /// `CondorLoadAvg`.
    public var loadAverage: Double
    /// `Memory` in MB.
    public var memoryMB: Int
    /// Seconds since `EnteredCurrentActivity` (the collector's time minus it; negatives show 0).
    public var activitySeconds: Int64
    /// A backfill slot: claimed counts as Backfill and unclaimed as BkIdle in the totals.
    public var backfill: Bool

    public init(name: String, opSys: String = "LINUX", arch: String = "X86_64", state: MachineState,
                activity: String, loadAverage: Double = 0, memoryMB: Int, activitySeconds: Int64 = 0, backfill: Bool = false) {
        self.name = name
        self.opSys = opSys
        self.arch = arch
        self.state = state
        self.activity = activity
        self.loadAverage = loadAverage
        self.memoryMB = memoryMB
        self.activitySeconds = activitySeconds
        self.backfill = backfill
    }
}

/// A slot's state (manual, `docs/admin-manual/ep-policy-configuration.rst`, "Machine States");
/// raw values are the strings of the `State` attribute.
public enum MachineState: String, Sendable, Hashable, CaseIterable {
    case owner = "Owner"
    case unclaimed = "Unclaimed"
    case matched = "Matched"
    case claimed = "Claimed"
    case preempting = "Preempting"
    case backfill = "Backfill"
    case drained = "Drained"
}
