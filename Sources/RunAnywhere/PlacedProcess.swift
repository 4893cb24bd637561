/// Identifier of a placed process, unique in the cluster (for example home node's
/// number combined with the home PID, as openMosix showed it).
public struct ProcessID: Hashable, Comparable, Sendable, ExpressibleByIntegerLiteral, CustomStringConvertible {
    public let rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public init(integerLiteral value: UInt64) { self.rawValue = value }
    public static func < (a: ProcessID, b: ProcessID) -> Bool { a.rawValue < b.rawValue }
    public var description: String { String(rawValue) }
}

/// A point in time on the injected clock, in seconds from any fixed origin.
/// The policy never reads a clock itself; callers pass `now`.
public struct PolicyInstant: Hashable, Comparable, Sendable {
    public var seconds: Double
    public init(seconds: Double) { self.seconds = seconds }
    public static func < (a: PolicyInstant, b: PolicyInstant) -> Bool { a.seconds < b.seconds }
    /// Seconds from `earlier` to `self`.
    public func since(_ earlier: PolicyInstant) -> Double { seconds - earlier.seconds }
}

/// Why a process stays where it is. `racimo ps` shows ``sentence``.
///
/// The first group is found by inspecting the process (threads and shared memory did not
/// migrate in openMosix either); the second is decided by the policy.
public enum StayReason: Hashable, Sendable {
    case listeningSocket
    case sharedMemory
    case deviceOpen
    case differentProgramPath
    case pinnedByUser
    case notCPUBoundYet
    case recentlyMigrated
    case homeKeepsLocals
    case nodeStays

    /// A short human sentence, e.g. for `racimo ps`.
    public var sentence: String {
        switch self {
        case .listeningSocket: return "it listens on a socket, which cannot follow it"
        case .sharedMemory: return "it shares memory with other processes"
        case .deviceOpen: return "it has a device open that exists only on this node"
        case .differentProgramPath: return "its program is not at the same path on other nodes"
        case .pinnedByUser: return "it was started locked to its node (mosrun -L)"
        case .notCPUBoundYet: return "it is not CPU-bound yet (too young or mostly waiting)"
        case .recentlyMigrated: return "it moved recently and must stay a while (no ping-pong)"
        case .homeKeepsLocals: return "its home node keeps local processes home (lstay/stay/bring)"
        case .nodeStays: return "its node is set to stay (no automatic migration away)"
        }
    }
}

/// A process the policy may place or move.
public struct PlacedProcess: Hashable, Sendable {
    public var id: ProcessID
    /// Where it was started; it keeps its identity (stdio, signals, uid) there.
    public var home: NodeName
    /// Where it runs now.
    public var current: NodeName
    /// Resident memory in bytes (what a migration must copy).
    public var memory: Int
    /// Recent fraction of one CPU it used (0...1), decayed as `mosctl setdecay` describes.
    public var cpuShare: Double
    /// Seconds it has run. Also the policy's estimate of its remaining run time.
    public var age: Double
    /// A reason found by inspection that forbids moving it, or nil if it can move.
    public var cannotMove: StayReason?
    /// When it last migrated, if ever.
    public var lastMigration: PolicyInstant?
    /// How many times it has migrated so far (shown by `racimo ps`; lengthens residency).
    public var migrations: Int

    public init(id: ProcessID, home: NodeName, current: NodeName? = nil, memory: Int, cpuShare: Double = 1,
                age: Double = 60, cannotMove: StayReason? = nil, lastMigration: PolicyInstant? = nil,
                migrations: Int = 0) {
        self.id = id
        self.home = home
        self.current = current ?? home
        self.memory = memory
        self.cpuShare = cpuShare
        self.age = age
        self.cannotMove = cannotMove
        self.lastMigration = lastMigration
        self.migrations = migrations
    }

    /// True when it runs away from home.
    public var isGuest: Bool { current != home }
}

extension StayReason: CaseIterable {
    /// A stable word for the wire and for `--json`: the case's name.
    public var code: String {
        switch self {
        case .listeningSocket: "listeningSocket"
        case .sharedMemory: "sharedMemory"
        case .deviceOpen: "deviceOpen"
        case .differentProgramPath: "differentProgramPath"
        case .pinnedByUser: "pinnedByUser"
        case .notCPUBoundYet: "notCPUBoundYet"
        case .recentlyMigrated: "recentlyMigrated"
        case .homeKeepsLocals: "homeKeepsLocals"
        case .nodeStays: "nodeStays"
        }
    }

    public init?(code: String) {
        guard let found = Self.allCases.first(where: { $0.code == code }) else { return nil }
        self = found
    }
}
