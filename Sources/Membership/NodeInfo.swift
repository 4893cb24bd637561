import RacimoCore

/// What a node tells everyone about itself: its load vector in openMosix's sense, its
/// capacities, its control flags, its software and its clock. Carried on every membership
/// message the node sends, and forwarded by others (openMosix kept a window of the freshest
/// values the same way).
public struct NodeInfo: Hashable, Sendable {
    /// Increases with every new reading from the node; the higher one is fresher.
    public var sequence: UInt64
    /// The roles it plays (`membership`, `vrrp`, `balancer`, …).
    public var roles: [String]
    /// The kernel's 1-minute load average.
    public var loadAverage: Double
    /// A run-queue load decayed like openMosix's (reacts in seconds, not a minute).
    public var runQueueLoad: Double
    public var cpus: Int
    /// Relative speed of one CPU (`mosctl setspeed`); 10000 is a reference CPU.
    public var speed: Int
    public var memoryTotal: UInt64
    public var memoryFree: UInt64
    /// CPU utilisation over the last reading, 0…1.
    public var cpuUtilization: Double
    public var flags: ControlFlags
    public var softwareVersion: String
    /// The node's wall clock when it took this reading; receivers estimate skew from it.
    public var wallClock: WallClock

    public init(
        sequence: UInt64 = 0, roles: [String] = [], loadAverage: Double = 0, runQueueLoad: Double = 0,
        cpus: Int = 1, speed: Int = 10000, memoryTotal: UInt64 = 0, memoryFree: UInt64 = 0,
        cpuUtilization: Double = 0, flags: ControlFlags = [], softwareVersion: String = "",
        wallClock: WallClock = WallClock(millisecondsSinceEpoch: 0)
    ) {
        self.sequence = sequence
        self.roles = roles
        self.loadAverage = loadAverage
        self.runQueueLoad = runQueueLoad
        self.cpus = cpus
        self.speed = speed
        self.memoryTotal = memoryTotal
        self.memoryFree = memoryFree
        self.cpuUtilization = cpuUtilization
        self.flags = flags
        self.softwareVersion = softwareVersion
        self.wallClock = wallClock
    }
}

/// openMosix's node controls (`mosctl block`, `lstay`, `stay`, `quiet`), which run-anywhere obeys.
public struct ControlFlags: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Accept no guest processes.
    public static let block = ControlFlags(rawValue: 1 << 0)
    /// Keep local processes home.
    public static let localStay = ControlFlags(rawValue: 1 << 1)
    /// Keep every process where it is.
    public static let stay = ControlFlags(rawValue: 1 << 2)
    /// Stop sending load information (others see the last value as stale).
    public static let quiet = ControlFlags(rawValue: 1 << 3)
    /// Send guests home and accept none (`mosctl expel`; implies block).
    public static let expel = ControlFlags(rawValue: 1 << 4)
    /// Call this node's own processes home (`mosctl bring`; implies lstay).
    public static let bring = ControlFlags(rawValue: 1 << 5)
}

extension ControlFlags {
    /// The words mosctl used for the flags that are set, in bit order (`racimo nodes`, `racimo mon`).
    public var names: [String] {
        let all: [(ControlFlags, String)] = [
            (.block, "block"), (.localStay, "lstay"), (.stay, "stay"), (.quiet, "quiet"), (.expel, "expel"), (.bring, "bring"),
        ]
        return all.filter { contains($0.0) }.map(\.1)
    }
}
